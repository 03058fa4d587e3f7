package example;

import io.github.qmr.runtime.TaskFunction;
import io.github.qmr.runtime.params.Params;

/** The same function after an edit (the profile "changed" compiles this one instead). */
public class Power implements TaskFunction<Params, Double> {
    @Override
    public Double apply(Params p) {
        return 10 * Math.pow(p.getDouble("base"), p.getInt("exponent"));
    }
}
