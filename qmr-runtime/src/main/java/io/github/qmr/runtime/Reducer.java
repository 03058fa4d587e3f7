package io.github.qmr.runtime;

/**
 * Combines the results of a map on the process node, for hosts that are given a class name, such as the Maven
 * plugin's {@code <reducer>}. A public class with a public no-arg constructor; one new instance per map receives
 * every task that succeeded, in task order, and then gives its result.
 *
 * @param <T> the task type
 * @param <R> the function's result type
 * @param <O> what the reduction gives
 */
public interface Reducer<T, R, O> {
    /** Called once per successful task, in task order. */
    void add(T task, R result) throws Exception;

    /** Called once after the last {@link #add}. */
    O result() throws Exception;
}
