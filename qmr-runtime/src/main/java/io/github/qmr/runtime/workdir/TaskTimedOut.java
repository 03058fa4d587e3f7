package io.github.qmr.runtime.workdir;

import java.time.Duration;

/**
 * A task that ran past the task time limit ({@code taskTimeLimit}). Java cannot stop a thread safely, so the worker
 * interrupts the task's thread at the limit: a task that honours it (sleep, wait, I/O, or a check of
 * {@link Thread#interrupted()}) fails with {@link #EXCEPTION} and the worker goes on with the next. One that does not
 * stop within a grace period after it is recorded failed all the same (saved with the chunk's other finished tasks),
 * and the worker exits: its note starts with {@link #NOTE_PREFIX} and the chunk runs again at once for the tasks
 * after it (counted against the resubmissions). If it was the chunk's last task, the chunk's result is written and
 * the worker exits normally.
 */
public final class TaskTimedOut {
    /** The first characters of the exit note of a worker whose task did not stop at the time limit. */
    public static final String NOTE_PREFIX = "task time limit: ";
    /** The worker JVM's system property holding the limit in milliseconds (absent: no limit). */
    public static final String PROPERTY = "qmr.taskTimeLimitMillis";
    /** The exception class name recorded for a task stopped at the limit (no such class exists on the classpath). */
    public static final String EXCEPTION = "io.github.qmr.runtime.TaskTimeLimitExceeded";

    private TaskTimedOut() {}

    /** The worker's JVM option for the limit. */
    public static String option(Duration limit) {
        return "-D" + PROPERTY + "=" + limit.toMillis();
    }

    /** Whether an exit note says a task did not stop at the time limit. */
    public static boolean isNote(String note) {
        return note != null && note.stripLeading().startsWith(NOTE_PREFIX);
    }

    /** The failure's message: which task, which limit, and whether it stopped when interrupted. */
    public static String message(long itask, long limitMillis, boolean stopped) {
        return "itask " + itask + " ran past the task time limit of " + seconds(limitMillis) + " (taskTimeLimit)"
                + (stopped ? " and was interrupted" : " and did not stop when interrupted; its worker was ended");
    }

    /** The exit note of a worker ended because its task did not stop. */
    public static String note(long itask, long limitMillis) {
        return NOTE_PREFIX + message(itask, limitMillis, false) + "; the task is recorded failed, the chunk runs again"
                + " for the tasks after it";
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis / 1000.0 + " s";
    }
}
