package io.github.qmr.runtime.queue.sge;

import java.time.Duration;

/**
 * How long {@link SgeQueue} waits for SGE.
 *
 * @param commandTimeout the longest one qsub, qstat, qdel or qacct call may take before it is killed
 * @param statusAttempts qstat calls per poll before giving up; failures in between are retried because a
 *     qmaster that is restarting or busy answers again within seconds
 * @param firstRetryDelay the wait before the second attempt; each further wait doubles
 * @param pollInterval the engine's default wait between polls
 */
public record SgeTiming(Duration commandTimeout, int statusAttempts, Duration firstRetryDelay,
        Duration pollInterval) {
    /** 60 s per command; 4 qstat attempts 1 s, 2 s and 4 s apart; a poll every second. */
    public static final SgeTiming DEFAULTS =
            new SgeTiming(Duration.ofSeconds(60), 4, Duration.ofSeconds(1), Duration.ofSeconds(1));

    public SgeTiming {
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
