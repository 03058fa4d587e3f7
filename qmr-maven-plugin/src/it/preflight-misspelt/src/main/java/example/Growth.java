package example;

import io.github.qmr.runtime.TaskFunction;
import io.github.qmr.runtime.params.Params;

/** A typo: the sweep names beta, the function asks for betta. */
public class Growth implements TaskFunction<Params, Double> {
    @Override
    public Double apply(Params p) {
        return p.getDouble("betta") * p.getInt("seed");
    }
}
