package io.github.qmr.runtime.session;

/** The engine could not go on with a session; the message says what failed, where, and how to go on. */
public final class SessionException extends RuntimeException {
    public SessionException(String message, Throwable cause) {
        super(message, cause);
    }

    public SessionException(String message) {
        super(message);
    }
}
