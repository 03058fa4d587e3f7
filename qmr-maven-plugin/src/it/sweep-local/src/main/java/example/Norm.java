package example;

import io.github.qmr.runtime.TaskFunction;

public class Norm implements TaskFunction<Point, Double> {
    @Override
    public Double apply(Point p) {
        return Math.hypot(p.x(), p.y());
    }
}
