package io.github.qmr.runtime.queue;

import java.time.Duration;

/**
 * How long a {@link CommandLineQueue} waits for its queue.
 *
 * @param commandTimeout the longest one call (qsub, qstat, sbatch, squeue, ...) may take before it is killed; also
 *     how long {@link CommandLineQueue#close()} waits for deleted jobs to leave
 * @param statusAttempts status calls (qstat, squeue) per poll before giving up; failures in between are retried
 *     because a controller that is restarting or busy answers again within seconds
 * @param firstRetryDelay the wait before the second attempt; each further wait doubles
 * @param pollInterval the engine's default wait between polls
 */
public record QueueTiming(Duration commandTimeout, int statusAttempts, Duration firstRetryDelay,
        Duration pollInterval) {
    /** 60 s per command; 4 status attempts 1 s, 2 s and 4 s apart; a poll every second. */
    public static final QueueTiming DEFAULTS =
            new QueueTiming(Duration.ofSeconds(60), 4, Duration.ofSeconds(1), Duration.ofSeconds(1));

    public QueueTiming {
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("commandTimeout must be positive, got " + commandTimeout);
        }
        if (statusAttempts < 1) {
            throw new IllegalArgumentException("statusAttempts must be at least 1, got " + statusAttempts);
        }
        if (firstRetryDelay.isNegative() || pollInterval.isNegative()) {
            throw new IllegalArgumentException("delays cannot be negative: " + firstRetryDelay + ", " + pollInterval);
        }
    }
}
