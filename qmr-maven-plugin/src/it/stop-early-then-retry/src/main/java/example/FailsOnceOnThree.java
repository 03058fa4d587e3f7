package example;

import io.github.qmr.runtime.TaskFunction;
import io.github.qmr.runtime.params.Params;
import java.nio.file.Files;
import java.nio.file.Path;

/** n = 3 fails on its first run only (a passing fault, remembered in target/failed-once); each task takes 0.2 s. */
public class FailsOnceOnThree implements TaskFunction<Params, Integer> {
    @Override
    public Integer apply(Params p) throws Exception {
        int n = p.getInt("n");
        Thread.sleep(200);
        Path marker = Path.of("target/failed-once");
        if (n == 3 && !Files.exists(marker)) {
            Files.createFile(marker);
            throw new IllegalStateException("a passing fault on n=3");
        }
        return n * n;
    }
}
