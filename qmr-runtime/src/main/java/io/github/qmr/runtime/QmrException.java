package io.github.qmr.runtime;

/** qmr, the queue or the work dir failed (not the user's function); the message says what, where and how to fix. */
public class QmrException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QmrException(String message) {
        super(message);
    }

    public QmrException(String message, Throwable cause) {
        super(message, cause);
    }
}
