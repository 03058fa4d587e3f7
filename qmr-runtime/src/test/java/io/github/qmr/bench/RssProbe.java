package io.github.qmr.bench;

import io.github.qmr.runtime.Mode;
import io.github.qmr.runtime.Pool;
import io.github.qmr.runtime.ResultStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A process node of its own for one figure: maps {@code args[1]} one-task chunks on the instant queue in mode
 * {@code args[0]}, then prints its peak resident set (VmHWM, kB), so nothing else the benchmark did is counted.
 */
public final class RssProbe {
    private RssProbe() {}

    public static void main(String[] args) throws Exception {
        Mode mode = Mode.valueOf(args[0]);
        int chunks = Integer.parseInt(args[1]);
        Path work = Path.of(args[2]);
        List<Integer> tasks = IntStream.range(0, chunks).boxed().toList();
        long sum = 0;
        try (Pool pool = Pool.builder().queue(new InstantQueue()).mode(mode).workDir(work).chunkSize(1).build();
                ResultStream<Integer> results = pool.stream(BenchFunctions.Inc.class, tasks)) {
            while (results.hasNext()) {
                sum += results.next().value();
            }
        }
        if (sum != (long) chunks * (chunks - 1) / 2) {
            throw new IllegalStateException("wrong sum " + sum);
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                System.out.println(line.replaceAll("\\D", ""));
                return;
            }
        }
        throw new IllegalStateException("no VmHWM in /proc/self/status");
    }
}
