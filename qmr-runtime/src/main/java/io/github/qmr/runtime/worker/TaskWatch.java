package io.github.qmr.runtime.worker;

import io.github.qmr.runtime.workdir.TaskTimedOut;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * The task time limit in the worker: a daemon thread that interrupts the task thread when its task runs past the
 * limit and, if the task does not stop within a grace period (a tenth of the limit, 1 to 30 s), hands the task to
 * {@code onStuck} (which records it failed and ends the worker). The task loop pays two atomic operations per task:
 * {@link #begin} and {@link #end}, no lock and no wake-up of this thread.
 */
final class TaskWatch implements Runnable {
    private static final long IDLE = 0;
    private static final long RUNNING = 1;
    private static final long INTERRUPTED = 2;
    private static final long TAKEN = 3;

    private final long limitNanos;
    private final long graceNanos;
    private final Thread taskThread;
    private final LongConsumer onStuck;
    /** The task's sequence number times 4 plus its state, so a compare-and-set can never act on a later task. */
    private final AtomicLong stamp = new AtomicLong();
    private volatile long startNanos;
    private volatile long startMillis;
    private volatile long itask;
    private volatile boolean last;
    private volatile boolean closed;

    private TaskWatch(long limitMillis, Thread taskThread, LongConsumer onStuck) {
        this.limitNanos = limitMillis * 1_000_000;
        this.graceNanos = Math.min(30_000_000_000L, Math.max(1_000_000_000L, limitNanos / 10));
        this.taskThread = taskThread;
        this.onStuck = onStuck;
    }

    /** The watch of this worker's limit ({@link TaskTimedOut#PROPERTY}), started; null when there is none. */
    static TaskWatch start(Thread taskThread, LongConsumer onStuck) {
        String millis = System.getProperty(TaskTimedOut.PROPERTY);
        if (millis == null || millis.isBlank()) {
            return null;
        }
        TaskWatch watch = new TaskWatch(Long.parseLong(millis.strip()), taskThread, onStuck);
        Thread thread = new Thread(watch, "qmr-task-time-limit");
        thread.setDaemon(true);
        thread.start();
        return watch;
    }

    long limitMillis() {
        return limitNanos / 1_000_000;
    }

    /** The task thread starts task {@code itask} ({@code last}: the chunk's last), at {@code startMillis}. */
    void begin(long itask, boolean last, long startMillis) {
        this.itask = itask;
        this.last = last;
        this.startMillis = startMillis;
        startNanos = System.nanoTime();
        stamp.set((stamp.get() / 4 + 1) * 4 + RUNNING);
    }

    /**
     * The task thread's task returned or threw: true if it was interrupted for its time (its interrupt flag is
     * cleared). If the watch already handed it to {@code onStuck}, which ends the JVM, this never returns.
     */
    boolean end() {
        long s = stamp.get();
        long seq = s / 4;
        if (stamp.compareAndSet(seq * 4 + RUNNING, seq * 4 + IDLE)) {
            return false;
        }
        if (stamp.compareAndSet(seq * 4 + INTERRUPTED, seq * 4 + IDLE)) {
            synchronized (this) { // after the watch's interrupt, never before: no flag is left for the next write
                Thread.interrupted();
            }
            return true;
        }
        while (true) { // TAKEN: the watch records the task and ends the worker
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // keep waiting for the end
            }
        }
    }

    /** The chunk is done: the thread ends. */
    void close() {
        closed = true;
    }

    /** When the task handed to {@code onStuck} started (epoch ms) and how long it has run. */
    long startMillis() {
        return startMillis;
    }

    long runningNanos() {
        return System.nanoTime() - startNanos;
    }

    /** Whether the task handed to {@code onStuck} is the chunk's last. */
    boolean last() {
        return last;
    }

    @Override
    public void run() {
        while (!closed) {
            long s = stamp.get();
            long state = s % 4;
            long waitNanos = state == RUNNING ? startNanos + limitNanos - System.nanoTime()
                    : state == INTERRUPTED ? startNanos + limitNanos + graceNanos - System.nanoTime()
                    : Math.min(limitNanos, 1_000_000_000L); // idle: look again
            if (waitNanos > 0) {
                sleep(waitNanos);
                continue;
            }
            if (state == RUNNING) {
                synchronized (this) {
                    if (stamp.compareAndSet(s, s - RUNNING + INTERRUPTED)) {
                        taskThread.interrupt();
                    }
                }
            } else if (state == INTERRUPTED && stamp.compareAndSet(s, s - INTERRUPTED + TAKEN)) {
                onStuck.accept(itask);
                return;
            }
        }
    }

    private static void sleep(long nanos) {
        try {
            Thread.sleep(Math.max(1, nanos / 1_000_000), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
