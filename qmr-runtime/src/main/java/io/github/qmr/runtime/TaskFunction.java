package io.github.qmr.runtime;

import java.io.Serializable;

/**
 * The function a map applies to each task, on a worker.
 *
 * <p>Give qmr either the class (public, with a public no-arg constructor; instantiated once per worker JVM and then
 * applied to every task of its chunk, in order) or an instance or lambda, which is serialized into the session and
 * read back on each worker. An exception thrown by {@link #apply} fails only that task: it is recorded with its
 * class, message and stack trace, and the chunk goes on with the next task.
 *
 * @param <T> the task type
 * @param <R> the result type
 */
@FunctionalInterface
public interface TaskFunction<T, R> extends Serializable {
    R apply(T task) throws Exception;

    /**
     * Whether null is a result of this function. By default it is not: a null is most often a forgotten
     * {@code return}, and it would reach the reducer and the outputs as a missing value, so the pre-flight check
     * refuses it. Override to return true where null means something.
     */
    default boolean mayReturnNull() {
        return false;
    }
}
