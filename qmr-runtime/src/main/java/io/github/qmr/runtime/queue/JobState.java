package io.github.qmr.runtime.queue;

/** qmr's small view of a queue-job's state; drivers map their own state codes onto it. */
public enum JobState {
    /** Waiting for a slot (queued, held, or in any state not known to be running or in error). */
    PENDING,
    /** Running on a worker. */
    RUNNING,
    /** In an error state the queue will not leave by itself (SGE {@code E}); qmr deletes and resubmits it. */
    ERROR,
    /** Ended; {@link JobStatus#exitCode()} says how, when the queue knows. */
    FINISHED
}
