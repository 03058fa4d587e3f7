package example;

import io.github.qmr.runtime.TaskFunction;
import io.github.qmr.runtime.params.Params;

/** One second per task. */
public class Slow implements TaskFunction<Params, Integer> {
    @Override
    public Integer apply(Params p) throws InterruptedException {
        Thread.sleep(1000);
        return p.getInt("x");
    }
}
