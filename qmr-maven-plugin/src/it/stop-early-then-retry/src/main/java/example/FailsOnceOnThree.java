package example;

import io.github.qmr.runtime.TaskFunction;
import io.github.qmr.runtime.params.Params;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * n = 3 fails on its first run only (a passing fault, remembered in target/failed-once). The worker that saw it fail
 * holds every later task (on a file nobody creates, at most 60 s), so the map's stop at that failure finds exactly
 * n = 1, 2 done, however fast or loaded the machine: the test counts are not a race with the worker.
 */
public class FailsOnceOnThree implements TaskFunction<Params, Integer> {
    private boolean failedHere;

    @Override
    public Integer apply(Params p) throws Exception {
        int n = p.getInt("n");
        Path marker = Path.of("target/failed-once");
        if (n == 3 && !Files.exists(marker)) {
            Files.createFile(marker);
            failedHere = true;
            throw new IllegalStateException("a passing fault on n=3");
        }
        if (failedHere) {
            Path never = Path.of("target/never-released");
            for (int i = 0; i < 6000 && !Files.exists(never); i++) {
                Thread.sleep(10);
            }
            throw new IllegalStateException("held 60 s after n=3 failed: the map did not stop at its first failure");
        }
        return n * n;
    }
}
