package io.github.qmr.runtime.queue;

import java.util.List;

/** The queue could not do what was asked (a command failed, an executable is missing); the message says how to fix it. */
public class QueueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> notDeleted;

    public QueueException(String message) {
        this(message, (Throwable) null);
    }

    public QueueException(String message, Throwable cause) {
        super(message, cause);
        this.notDeleted = List.of();
    }

    /** A failed delete: {@code notDeleted} are the ids it could not delete (or could not confirm deleted). */
    public QueueException(String message, List<String> notDeleted) {
        super(message);
        this.notDeleted = List.copyOf(notDeleted);
    }

    /**
     * The jobs a {@link BatchQueue#delete} could not delete, which may still be in the queue; empty when the failure
     * was not of a delete.
     */
    public List<String> notDeleted() {
        return notDeleted;
    }
}
