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
 *     start to end); null where it was not measured
 */
public record TaskRun(Instant start, Instant end, String host, String jobId, Duration cpu) {
    /** Where and when, without the CPU time. */
    public TaskRun(Instant start, Instant end, String host, String jobId) {
        this(start, end, host, jobId, null);
    }

    public Duration duration() {
        return Duration.between(start, end);
    }
}
