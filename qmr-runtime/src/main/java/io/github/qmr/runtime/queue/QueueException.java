package io.github.qmr.runtime.queue;

/** The queue could not do what was asked (a command failed, an executable is missing); the message says how to fix it. */
public class QueueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QueueException(String message) {
        super(message);
    }

    public QueueException(String message, Throwable cause) {
        super(message, cause);
    }
}
