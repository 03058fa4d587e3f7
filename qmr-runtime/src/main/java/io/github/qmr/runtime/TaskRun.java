package io.github.qmr.runtime;

import java.time.Duration;
import java.time.Instant;

/**
 * Where and when a task ran, as its worker recorded it: cheap facts for reports and timelines.
 *
 * @param start when the function was called (the worker's clock, millisecond precision)
 * @param end when it returned or threw
 * @param host the worker's host name
 * @param jobId the queue-job the worker ran in, as the queue names it ({@code 320.7} for an SGE array element,
 *     {@code 1234_7} for a Slurm one); null on the local queue
 * @param cpu the CPU time of the thread that ran the function, as its JVM measured it (beside the wall time from
 *     start to end); null where it was not measured. The worker reads the thread's CPU clock at the end of a task
 *     only when 0.1 ms have passed since its last reading (a reading costs more than a tiny task): a task shorter
 *     than that may have none, and the next task read then includes its CPU time, so the sum over a chunk is exact
 * @param peakMemory the worker JVM's peak resident memory in bytes ({@code VmHWM} of {@code /proc/self/status}, heap
 *     and all) when the task ended: the most its process had held so far, so the largest of a chunk's tasks is the
 *     chunk's peak; null where it was not measured (not Linux). A task shorter than a millisecond may carry an
 *     earlier reading (the worker reads it after every such task only every 256th task)
 */
public record TaskRun(Instant start, Instant end, String host, String jobId, Duration cpu, Long peakMemory) {
    /** Where and when, without the CPU time. */
    public TaskRun(Instant start, Instant end, String host, String jobId) {
        this(start, end, host, jobId, null, null);
    }

    /** Where and when, with the CPU time but no memory figure. */
    public TaskRun(Instant start, Instant end, String host, String jobId, Duration cpu) {
        this(start, end, host, jobId, cpu, null);
    }

    public Duration duration() {
        return Duration.between(start, end);
    }
}
