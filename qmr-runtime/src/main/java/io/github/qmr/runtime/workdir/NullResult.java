package io.github.qmr.runtime.workdir;

/**
 * A null result of a function that does not declare null a result ({@code TaskFunction.mayReturnNull()}): a failure
 * of its task, on the worker as in the pre-flight check, since a null is most often a forgotten {@code return}.
 */
public final class NullResult {
    /** The exception class a task that returned null fails with (none is thrown: it names the failure). */
    public static final String EXCEPTION = "io.github.qmr.runtime.NullResult";

    private NullResult() {}

    /** Why a null fails its task and how to allow it, for {@code function}. */
    public static String why(String function) {
        return "a null would reach the reducer and the outputs as a missing value. Return a value, or, if null is a"
                + " result of " + function + ", override mayReturnNull() to return true";
    }
}
