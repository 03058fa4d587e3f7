package io.github.qmr.maven.bench;

import io.github.qmr.maven.BuildLog;
import io.github.qmr.maven.MapRunner;
import io.github.qmr.maven.MapRunnerAccess;
import io.github.qmr.maven.TestClasspath;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Benchmark (not a test): the process node's peak heap while qmr:map runs a sweep of 2,000,000 tasks
 * ({@code a=1..2000; b=1..1000}) on the local queue, through the goal's own code (MapRunner: tasks, staging,
 * results, every output file). Run by {@code scripts/bench-sweep.sh}, normally under {@code -Xmx256m}, the target: a
 * map that needed more fails there. Prints one table row.
 *
 * <p>Peak: the sum of the heap pools' peak usage over the map (an upper bound on the true peak), after a GC at start.
 */
public final class SweepHeapBench {
    private SweepHeapBench() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/bench-sweep").toAbsolutePath();
        List<Path> qmr = TestClasspath.qmr();
        List<Path> project = TestClasspath.project();
        Files.createDirectories(dir);
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        long start = System.nanoTime();
        MapRunner.Outcome outcome = MapRunnerAccess.sweep(dir, Tiny.class.getName(), "a", "1..2000", "b", "1..1000",
                qmr, project, quiet());
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        long max = Runtime.getRuntime().maxMemory();
        System.out.printf("| 2,000,000-task sweep through qmr:map (local queue), process-node peak heap | %.0f MB"
                + " | -Xmx %d MB | %d tasks, %d failed, %.1f s |%n", peak / 1048576.0, max / 1048576, outcome.tasks(),
                outcome.failed(), seconds);
    }

    private static BuildLog quiet() {
        return new BuildLog() {
            @Override
            public void debug(String line) {}

            @Override
            public void info(String line) {
                if (line.startsWith("Tasks:") || line.startsWith("pre-flight") || line.startsWith("up to date")) {
                    System.out.println("  " + line);
                }
            }

            @Override
            public void warn(String line) {
                System.out.println("  WARN " + line);
            }

            @Override
            public void error(String line) {
                System.out.println("  ERROR " + line);
            }
        };
    }
}
