package example;

import io.github.qmr.runtime.TaskFunction;
import io.github.qmr.runtime.params.Params;

public class Twice implements TaskFunction<Params, Long> {
    @Override
    public Long apply(Params p) {
        return 2 * p.getLong("x");
    }
}
