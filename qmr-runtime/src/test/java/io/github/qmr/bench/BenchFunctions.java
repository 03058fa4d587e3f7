package io.github.qmr.bench;

import io.github.qmr.runtime.TaskFunction;
import java.time.Instant;

/** The benchmark's tiny functions: the work per task is negligible, so what is measured is qmr itself. */
public final class BenchFunctions {
    private BenchFunctions() {}

    /** Integer -> Integer + 1, as in the throughput figure. */
    public static final class Inc implements TaskFunction<Integer, Integer> {
        @Override
        public Integer apply(Integer task) {
            return task + 1;
        }
    }

    /** The wall-clock time (epoch microseconds) at which the worker reached its first task. */
    public static final class StartStamp implements TaskFunction<Integer, Long> {
        @Override
        public Long apply(Integer task) {
            Instant now = Instant.now();
            return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        }
    }

    /** Spins the CPU for {@code task} milliseconds of this thread's CPU time, as a compute-bound task would. */
    public static final class Spin implements TaskFunction<Integer, Long> {
        @Override
        public Long apply(Integer millis) {
            java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
            long end = cpu.getCurrentThreadCpuTime() + millis * 1_000_000L;
            long spins = 0;
            while (cpu.getCurrentThreadCpuTime() < end) {
                spins++;
            }
            return spins;
        }
    }
}
