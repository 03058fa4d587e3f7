package io.github.qmr.runtime.codec;

/**
 * One task's outcome as stored in a results file: a value, or the exception it threw (class, message, stack
 * trace as text, so the process node needs none of the worker's exception classes), and where and when it ran.
 *
 * @param startMillis when the task started on the worker, epoch milliseconds (0 if not recorded)
 * @param host the worker's host name (null if not recorded)
 * @param jobId the queue-job the worker ran in, as the queue names it (null on the local queue)
 * @param cpuNanos the CPU time of the thread that ran the task, -1 if not measured
 * @param peakBytes the worker JVM's peak resident memory ({@code VmHWM}) when the task ended, -1 if not measured
 */
public record Outcome(long nanos, Object value, String exceptionClass, String message, String stackTrace,
        long startMillis, String host, String jobId, long cpuNanos, long peakBytes) {
    /** An outcome without a peak memory figure. */
    public Outcome(long nanos, Object value, String exceptionClass, String message, String stackTrace,
            long startMillis, String host, String jobId, long cpuNanos) {
        this(nanos, value, exceptionClass, message, stackTrace, startMillis, host, jobId, cpuNanos, -1);
    }

    static final int OK = 0;
    static final int FAILED = 1;
    /** Not an outcome: the worker's host and queue-job, once per file before the first outcome; not counted. */
    static final int WORKER = 2;
    /**
     * Not an outcome: the worker JVM's peak resident memory so far, for the outcomes that follow; written only when
     * it grew, so most tasks cost no byte for it; not counted.
     */
    static final int PEAK = 3;

    public boolean failed() {
        return exceptionClass != null;
    }
}
