package io.github.qmr.bench;

import io.github.qmr.runtime.Pool;
import io.github.qmr.runtime.Queues;
import io.github.qmr.runtime.TaskFunction;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

public final class QuickThroughput {
    public static final class Inc implements TaskFunction<Integer, Integer> {
        @Override
        public Integer apply(Integer t) {
            return t + 1;
        }
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        String queue = args[1];
        List<Integer> tasks = IntStream.range(0, n).boxed().toList();
        for (int round = 0; round < 5; round++) {
            System.gc();
            long start = System.nanoTime();
            try (Pool pool = Pool.builder().queue(queue.equals("sge") ? Queues.sge() : Queues.local())
                    .workDir(Path.of("/tmp/qmr-bench")).numChunks(2)
                    .pollInterval(java.time.Duration.ofMillis(queue.equals("sge") ? 100 : 5)).build()) {
                List<Integer> out = pool.map(Inc.class, tasks);
                long sum = 0;
                for (Integer v : out) {
                    sum += v;
                }
                System.out.printf("%s n=%d: %.3f s (sum %d)%n", queue, n, (System.nanoTime() - start) / 1e9, sum);
            }
        }
    }
}
