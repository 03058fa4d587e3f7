package io.github.qmr.runtime.codec;

/**
 * One task's outcome as stored in a results file: a value, or the exception it threw (class, message, stack
 * trace as text, so the process node needs none of the worker's exception classes).
 */
public record Outcome(long nanos, Object value, String exceptionClass, String message, String stackTrace) {
    static final int OK = 0;
    static final int FAILED = 1;

    public boolean failed() {
        return exceptionClass != null;
    }
}
