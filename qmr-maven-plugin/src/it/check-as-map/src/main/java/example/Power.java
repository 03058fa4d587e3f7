package example;

import io.github.qmr.runtime.TaskFunction;
import io.github.qmr.runtime.params.Params;

public class Power implements TaskFunction<Params, Double> {
    @Override
    public Double apply(Params p) {
        return Math.pow(p.getDouble("base"), p.getInt("exponent"));
    }
}
