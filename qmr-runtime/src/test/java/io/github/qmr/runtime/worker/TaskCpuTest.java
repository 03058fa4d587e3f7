package io.github.qmr.runtime.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ThreadMXBean;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TaskCpuTest {
    @Test
    void theClockIsReadAfterATenthOfAMillisecondSinceTheLastReadingAndAlwaysAtAChunksLastTask() {
        assertFalse(TaskCpu.readsAt(0, false));
        assertFalse(TaskCpu.readsAt(99_999, false));
        assertTrue(TaskCpu.readsAt(100_000, false));
        assertTrue(TaskCpu.readsAt(5_000_000_000L, false));
        assertTrue(TaskCpu.readsAt(0, true), "a chunk's last task is always read, so nothing is left uncounted");
    }

    @Test
    void whatTheTasksRecordAddsUpToTheCpuTheThreadUsedOverTheChunk() {
        AtomicLong cpu = new AtomicLong(1_000);
        AtomicLong reads = new AtomicLong();
        TaskCpu clock = new TaskCpu(fake(cpu, reads));
        long sum = 0;
        for (int task = 0; task < 1_000; task++) {
            cpu.addAndGet(300); // qmr's work between tasks: not the task's
            clock.beforeTask();
            cpu.addAndGet(700); // the task's CPU time
            long measured = clock.afterTask(task == 999);
            assertTrue(measured >= -1, "-1 (not read) or a time: " + measured);
            sum += Math.max(0, measured);
        }
        // every task's CPU counted once; what came between tasks only where the end before it was not read
        assertTrue(sum >= 1_000 * 700 && sum <= 1_000 * 1_000 - 300, "summed " + sum);
        assertTrue(reads.get() >= 2, "at least at the start and the last task: " + reads.get());
    }

    @Test
    void withoutAClockNothingIsMeasured() {
        TaskCpu none = new TaskCpu(null);
        none.beforeTask();
        assertEquals(-1, none.afterTask(true));
    }

    /** A thread CPU clock that reads {@code cpu}, counting the reads. */
    private static ThreadMXBean fake(AtomicLong cpu, AtomicLong reads) {
        return (ThreadMXBean) Proxy.newProxyInstance(TaskCpuTest.class.getClassLoader(),
                new Class<?>[] {ThreadMXBean.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getCurrentThreadCpuTime")) {
                        reads.incrementAndGet();
                        return cpu.get();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
