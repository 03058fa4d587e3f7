package io.github.qmr.runtime;

import java.time.Duration;

/** What a running map reports to its {@link MapListener}. The engine never logs; the host decides where events go. */
public sealed interface MapEvent {
    /**
     * Chunk counts, sent whenever they change.
     *
     * @param sessionId the session
     * @param chunks all chunks
     * @param pending submitted, waiting for a slot
     * @param running running on a worker
     * @param done finished with results
     * @param failed finished without results
     * @param elapsed since the map started
     */
    record Progress(String sessionId, int chunks, int pending, int running, int done, int failed, Duration elapsed)
            implements MapEvent {
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
}
