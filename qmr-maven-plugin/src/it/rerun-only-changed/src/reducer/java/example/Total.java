package example;

import io.github.qmr.runtime.Reducer;
import io.github.qmr.runtime.params.Params;
import java.util.Map;

/** The sum of the results, and now how many there were. */
public class Total implements Reducer<Params, Long, Map<String, Long>> {
    private long sum;
    private long count;

    @Override
    public void add(Params task, Long value) {
        sum += value;
        count++;
    }

    @Override
    public Map<String, Long> result() {
        return Map.of("sum", sum, "count", count);
    }
}
