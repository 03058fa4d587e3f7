package io.github.qmr.runtime;

import java.time.Duration;
import java.time.Instant;

/** What a running map reports to its {@link MapListener}. The engine never logs; the host decides where events go. */
public sealed interface MapEvent {
    /**
     * Chunk and task counts, sent whenever they change.
     *
     * @param sessionId the session
     * @param chunks all chunks
     * @param pending submitted, waiting for a slot
     * @param running running on a worker
     * @param done finished with results (reused ones included)
     * @param failed finished without results
     * @param elapsed since the map started
     * @param reused chunks whose results an earlier session of the same map left (done before this one started)
     * @param tasks all tasks
     * @param tasksDone tasks in done chunks
     */
    record Progress(String sessionId, int chunks, int pending, int running, int done, int failed, Duration elapsed,
            int reused, long tasks, long tasksDone) implements MapEvent {
        /** Chunk counts only (no reuse, tasks unknown). */
        public Progress(String sessionId, int chunks, int pending, int running, int done, int failed,
                Duration elapsed) {
            this(sessionId, chunks, pending, running, done, failed, elapsed, 0, -1, -1);
        }

        @Override
        public String toString() {
            return String.format("%s: %d/%d chunks done, %d running, %d pending, %d failed (%ds)", sessionId, done,
                    chunks, running, pending, failed, elapsed.toSeconds());
        }
    }

    /**
     * Something worth a line in a log: a resubmission, a kept work dir, a session starting.
     *
     * @param warning true when the user may need to act
     * @param text the message
     */
    record Notice(boolean warning, String text) implements MapEvent {
        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * A chunk runs again after its queue-job failed (or its result was unusable).
     *
     * @param sessionId the session
     * @param ichunk the chunk
     * @param attempt 2 for its first rerun, and so on
     * @param jobId the queue-job that runs it now, or null in pull mode (the next worker to claim it)
     * @param reason what happened to the earlier attempt
     */
    record ChunkResubmitted(String sessionId, int ichunk, int attempt, String jobId, String reason)
            implements MapEvent {}

    /** A queue-job was submitted: a chunk's job, an array element, or a pull-mode worker. */
    record JobSubmitted(String sessionId, String jobId, Instant at) implements MapEvent {}

    /** A queue-job was seen gone from the queue (or deleted). */
    record JobEnded(String sessionId, String jobId, Instant at) implements MapEvent {}
}
