package example;

import io.github.qmr.runtime.TaskFunction;
import io.github.qmr.runtime.params.Params;

/** x cubed; x = 5 throws, the one failure the site page shows by its cause. */
public class Cube implements TaskFunction<Params, Long> {
    @Override
    public Long apply(Params p) {
        long x = p.getLong("x");
        if (x == 5) {
            throw new IllegalArgumentException("x = 5 is refused");
        }
        return x * x * x;
    }
}
