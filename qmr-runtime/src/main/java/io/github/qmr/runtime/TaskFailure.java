package io.github.qmr.runtime;

/**
 * A task whose function threw.
 *
 * @param itask the task's index in the input
 * @param ichunk the chunk it ran in
 * @param exceptionClass the class name of what it threw
 * @param message the exception's message (may be null)
 * @param stackTrace the full stack trace as printed on the worker, causes included
 */
public record TaskFailure(long itask, int ichunk, String exceptionClass, String message, String stackTrace) {
    /** One line: {@code itask 17 (chunk 1): java.lang.IllegalStateException: boom}. */
    public String summary() {
        return "itask " + itask + " (chunk " + ichunk + "): " + exceptionClass + (message == null ? "" : ": " + message);
    }
}
