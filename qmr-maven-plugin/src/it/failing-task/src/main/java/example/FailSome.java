package example;

import io.github.qmr.runtime.TaskFunction;
import io.github.qmr.runtime.params.Params;

/** n = 2 throws; n = 4 kills its worker JVM, so its whole chunk (n = 3, 4) has no results. */
public class FailSome implements TaskFunction<Params, Integer> {
    @Override
    public Integer apply(Params p) {
        int n = p.getInt("n");
        if (n == 2) {
            throw new IllegalStateException("n is 2, which this function refuses");
        }
        if (n == 4) {
            System.err.println("worker about to exit on n=4");
            System.exit(3);
        }
        return n;
    }
}
