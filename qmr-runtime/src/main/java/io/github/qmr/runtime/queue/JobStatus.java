package io.github.qmr.runtime.queue;

/**
 * A queue-job's state as seen by one poll.
 *
 * @param state qmr's state
 * @param queueState the queue's own code, e.g. {@code Eqw}, for messages
 * @param exitCode the exit code once {@link JobState#FINISHED} and known, else {@code null}
 */
public record JobStatus(JobState state, String queueState, Integer exitCode) {
    public static JobStatus of(JobState state, String queueState) {
        return new JobStatus(state, queueState, null);
    }
}
