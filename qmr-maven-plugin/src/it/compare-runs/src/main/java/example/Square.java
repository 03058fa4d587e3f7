package example;

import io.github.qmr.runtime.TaskFunction;
import io.github.qmr.runtime.params.Params;

/** x squared; the worker's SHIFT moves the result of x = 3 alone, the one change between the IT's two runs. */
public class Square implements TaskFunction<Params, Square.Out> {
    public record Out(double value) {}

    @Override
    public Out apply(Params p) {
        long x = p.getLong("x");
        double shift = Double.parseDouble(System.getenv().getOrDefault("SHIFT", "0"));
        return new Out(x * x + (x == 3 ? shift : 0));
    }
}
