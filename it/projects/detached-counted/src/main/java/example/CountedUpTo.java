package example;

import io.github.qmr.runtime.TaskFunction;
import io.github.qmr.runtime.params.Params;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * x squared. Each run leaves a file {@code target/runs/run-<x>-<uuid>} as it starts (so a test counts the runs of each
 * task), then waits until {@code target/upto} holds a number at least x: the test says how far the map may go.
 */
public class CountedUpTo implements TaskFunction<Params, Integer> {
    @Override
    public Integer apply(Params p) throws Exception {
        int x = p.getInt("x");
        Path runs = Files.createDirectories(Path.of("target/runs"));
        Files.createFile(runs.resolve("run-" + x + "-" + UUID.randomUUID()));
        Path upto = Path.of("target/upto");
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (System.nanoTime() < deadline && !(Files.exists(upto) && upTo(upto) >= x)) {
            Thread.sleep(50);
        }
        return x * x;
    }

    /** The test moves the file into place whole, so it is never read half written. */
    private static int upTo(Path upto) throws java.io.IOException {
        return Integer.parseInt(Files.readString(upto).strip());
    }
}
