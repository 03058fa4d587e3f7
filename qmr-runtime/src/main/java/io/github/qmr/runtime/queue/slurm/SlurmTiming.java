package io.github.qmr.runtime.queue.slurm;

import java.time.Duration;

/**
 * How long {@link SlurmQueue} waits for Slurm.
 *
 * @param commandTimeout the longest one sbatch, squeue, scancel or sacct call may take before it is killed; also
 *     how long {@link SlurmQueue#close()} waits for cancelled jobs to end
 * @param statusAttempts squeue calls per poll before giving up; failures in between are retried because a
 *     slurmctld that is restarting or busy ("Socket timed out") answers again within seconds
 * @param firstRetryDelay the wait before the second attempt; each further wait doubles
 * @param pollInterval the engine's default wait between polls
 */
public record SlurmTiming(Duration commandTimeout, int statusAttempts, Duration firstRetryDelay,
        Duration pollInterval) {
    /** 60 s per command; 4 squeue attempts 1 s, 2 s and 4 s apart; a poll every second. */
    public static final SlurmTiming DEFAULTS =
            new SlurmTiming(Duration.ofSeconds(60), 4, Duration.ofSeconds(1), Duration.ofSeconds(1));

    public SlurmTiming {
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
