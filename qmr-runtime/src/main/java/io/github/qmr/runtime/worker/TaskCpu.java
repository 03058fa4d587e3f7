package io.github.qmr.runtime.worker;

/**
 * The CPU time of each task, from the task thread's CPU clock read at task ends. A read costs about 1.5 us here (a
 * system call), more than a tiny task: two reads per task made a map of 1,000,000 tiny tasks several times slower.
 * So the clock is read at the end of a task only when {@link #READ_AFTER_NANOS} of wall time have passed since the
 * last read (and always at a chunk's last task), and the CPU used since that read is the task's; after such a read
 * the clock is read again as the next task starts, so what qmr does between tasks is not counted. A task that ran
 * 0.1 ms or more is measured on its own; the tasks shorter than that which ended before it without a read are counted
 * in its figure (with qmr's few microseconds between them) and record none (-1, not measured). So the sum over a
 * chunk holds all its tasks' CPU time.
 */
final class TaskCpu {
    /** Wall time since the last read after which a task's end reads the clock again. */
    static final long READ_AFTER_NANOS = 100_000;

    private final java.lang.management.ThreadMXBean clock;
    private long lastCpu;
    private long lastWall;
    /** The last task's end read the clock (or none ran yet): the next task's start reads it. */
    private boolean readAtStart = true;

    /** Counts on the task thread; {@code clock} null: no CPU time is measured. */
    TaskCpu(java.lang.management.ThreadMXBean clock) {
        this.clock = clock;
    }

    /** As a task starts, on the task thread: reads the clock if the previous task's end did (or this is the first). */
    void beforeTask() {
        if (readAtStart && clock != null) {
            lastCpu = clock.getCurrentThreadCpuTime();
            lastWall = System.nanoTime();
            readAtStart = false;
        }
    }

    /**
     * At the end of a task on the task thread: its CPU time (and that of the unread tasks before it), or -1 when the
     * clock is not read now (see {@link #readsAt}) or not available.
     */
    long afterTask(boolean lastOfChunk) {
        if (clock == null) {
            return -1;
        }
        long now = System.nanoTime();
        if (!readsAt(now - lastWall, lastOfChunk)) {
            return -1;
        }
        long cpu = clock.getCurrentThreadCpuTime();
        long used = Math.max(0, cpu - lastCpu);
        lastCpu = cpu;
        lastWall = now;
        readAtStart = true;
        return used;
    }

    /** Whether a task's end reads the CPU clock, {@code sinceReadNanos} of wall time after the last read. */
    static boolean readsAt(long sinceReadNanos, boolean lastOfChunk) {
        return lastOfChunk || sinceReadNanos >= READ_AFTER_NANOS;
    }
}
