package example;

import io.github.qmr.runtime.TaskFunction;
import io.github.qmr.runtime.params.Params;
import java.nio.file.Files;
import java.nio.file.Path;

/** x squared; tasks from x = 3 on wait until target/release exists (the test says when the map may end). */
public class HeldUntilReleased implements TaskFunction<Params, Integer> {
    @Override
    public Integer apply(Params p) throws InterruptedException {
        int x = p.getInt("x");
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (x >= 3 && !Files.exists(Path.of("target/release")) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return x * x;
    }
}
