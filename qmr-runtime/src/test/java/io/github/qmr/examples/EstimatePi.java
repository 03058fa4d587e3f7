package io.github.qmr.examples;

import io.github.qmr.runtime.MapListener;
import io.github.qmr.runtime.Pool;
import io.github.qmr.runtime.TaskFunction;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A real map, end to end: estimates pi by Monte Carlo. Each task is a seed; the function throws a million darts
 * with it and returns the hits inside the unit circle; the process node reduces the hits to an estimate.
 *
 * <p>Runs on the embedded local queue unless told otherwise. Arguments: {@code [tasks] [chunks] [workDir]}.
 */
public final class EstimatePi {
    /** The function: public, with a public no-arg constructor, so a worker JVM can create it. */
    public static final class Darts implements TaskFunction<Integer, Long> {
        static final int DARTS = 1_000_000;

        @Override
        public Long apply(Integer seed) {
            SplittableRandom random = new SplittableRandom(seed);
            long hits = 0;
            for (int i = 0; i < DARTS; i++) {
                double x = random.nextDouble();
                double y = random.nextDouble();
                if (x * x + y * y <= 1) {
                    hits++;
                }
            }
            return hits;
        }
    }

    public static void main(String[] args) {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int chunks = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Path workDir = Path.of(args.length > 2 ? args[2] : "target/qmr-example").toAbsolutePath();
        List<Integer> seeds = IntStream.range(0, tasks).boxed().toList();

        long start = System.nanoTime();
        try (Pool pool = Pool.builder().workDir(workDir).numChunks(chunks).listener(MapListener.printingTo(System.out))
                .build()) {
            List<Long> hits = pool.map(Darts.class, seeds);
            long total = hits.stream().mapToLong(Long::longValue).sum();
            double pi = 4.0 * total / ((double) tasks * Darts.DARTS);
            System.out.printf("hits per task (first 5): %s%n", hits.subList(0, Math.min(5, hits.size())));
            System.out.printf("pi ~ %.6f from %,d darts in %d tasks (%.1f s)%n", pi, (long) tasks * Darts.DARTS, tasks,
                    (System.nanoTime() - start) / 1e9);
        }
    }
}
