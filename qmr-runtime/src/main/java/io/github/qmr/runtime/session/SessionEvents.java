package io.github.qmr.runtime.session;

import java.time.Duration;
import java.time.Instant;

/** What a session reports while it runs; the pool turns these into its listener's events. */
public interface SessionEvents {
    /** Chunk and task counts, sent whenever they change. */
    void progress(Progress progress);

    /** A line worth a log: {@code warning} when the user may need to act. */
    void notice(boolean warning, String text);

    /** A queue-job was submitted (a chunk's job, an array element, or a pull-mode worker). */
    default void jobSubmitted(String jobId, Instant at) {}

    /** A queue-job was seen gone from the queue. */
    default void jobEnded(String jobId, Instant at) {}

    /** What the scheduler's accounting recorded of an ended queue-job, said once per job at the session's end. */
    default void jobUsage(String jobId, io.github.qmr.runtime.queue.JobUsage usage) {}

    /** A chunk runs again: {@code attempt} is 2 for its first rerun; {@code failedJob} ran the attempt before. */
    default void chunkResubmitted(int ichunk, int attempt, String failedJob, String reason) {}

    /**
     * The counts of a session.
     *
     * @param reused chunks taken over from an earlier session of the same map (done before this one started)
     * @param tasksDone tasks in done chunks, reused ones included
     * @param failed chunks that failed, not counting those not run
     * @param notRun chunks never run because the map stopped early
     */
    record Progress(int chunks, int pending, int running, int done, int failed, int reused, long tasks,
            long tasksDone, Duration elapsed, int notRun) {}
}
