package example;

import io.github.qmr.runtime.TaskFunction;
import io.github.qmr.runtime.params.Params;

/** Three seconds per task: long enough to stop the build while its jobs run. */
public class Slow implements TaskFunction<Params, Integer> {
    @Override
    public Integer apply(Params p) throws InterruptedException {
        Thread.sleep(3000);
        return p.getInt("x");
    }
}
