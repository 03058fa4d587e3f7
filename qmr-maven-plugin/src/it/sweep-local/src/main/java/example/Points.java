package example;

import io.github.qmr.runtime.TaskSource;
import java.util.List;

public class Points implements TaskSource<Point> {
    @Override
    public List<Point> tasks() {
        return List.of(new Point(3, 4), new Point(6, 8), new Point(0, 1));
    }
}
