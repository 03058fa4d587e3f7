package io.github.qmr.runtime.workdir;

/** A task as a person reads it in a message or a note of the work dir: its {@code toString()}, cut short. */
public final class TaskText {
    /** Longer texts are cut here: a message names the task, it does not dump it. */
    public static final int MAX = 300;

    private TaskText() {}

    /** {@code alpha=0.1, seed=3} for a sweep's task; a task whose {@code toString()} throws says so instead. */
    public static String of(Object task) {
        String text;
        try {
            text = String.valueOf(task);
        } catch (RuntimeException e) {
            text = task.getClass().getName() + " whose toString() threw " + e;
        }
        return text.length() > MAX ? text.substring(0, MAX) + "..." : text;
    }
}
