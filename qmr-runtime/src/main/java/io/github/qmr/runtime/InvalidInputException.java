package io.github.qmr.runtime;

/** The map was given something it cannot run (function, tasks, options); thrown before anything is submitted. */
public class InvalidInputException extends QmrException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
