package example;

import io.github.qmr.runtime.Reducer;
import io.github.qmr.runtime.params.Params;
import java.util.Map;

/** The sum of the results. */
public class Total implements Reducer<Params, Long, Map<String, Long>> {
    private long sum;

    @Override
    public void add(Params task, Long value) {
        sum += value;
    }

    @Override
    public Map<String, Long> result() {
        return Map.of("sum", sum);
    }
}
