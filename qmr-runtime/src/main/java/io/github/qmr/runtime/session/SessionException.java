package io.github.qmr.runtime.session;

import io.github.qmr.runtime.queue.QueueException;
import io.github.qmr.runtime.workdir.SessionDir;

/** The engine could not go on with a session; the message says what failed, where, and how to go on. */
public final class SessionException extends RuntimeException {
    public SessionException(String message, Throwable cause) {
        super(message, cause);
    }

    public SessionException(String message) {
        super(message);
    }

    /** A queue failure, as the caller sees it: what failed, and where the work dir is kept for a rerun. */
    static SessionException queueFailed(String queue, SessionDir dir, String doing, QueueException e) {
        return new SessionException("the " + queue + " queue failed while " + doing + " the jobs of session "
                + dir.sessionId() + ": " + e.getMessage() + "\nThe work dir is kept at " + dir.path()
                + "; run the same map again to resume it", e);
    }

    static SessionException folderVanished(SessionDir dir) {
        return new SessionException("the session folder " + dir.path() + " vanished while the map ran (deleted by"
                + " someone or something else: another run in the same work dir, a clean-up job?); its results are"
                + " lost. Run the map again; give each run a work dir of its own if several run at once");
    }
}
