package io.github.qmr.runtime;

/**
 * Produces the tasks of a map, for hosts that are given a class name rather than a list, such as the Maven plugin's
 * {@code <taskSource>}. A public class with a public no-arg constructor; {@link #tasks()} is called once, on the
 * process node.
 *
 * @param <T> the task type; it travels to the workers with qmr's codec, so plain data works best
 */
@FunctionalInterface
public interface TaskSource<T> {
    Iterable<? extends T> tasks() throws Exception;
}
