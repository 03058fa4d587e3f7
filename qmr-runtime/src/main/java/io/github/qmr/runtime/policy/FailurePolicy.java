package io.github.qmr.runtime.policy;

import java.util.Locale;

/**
 * When failed tasks stop a map early, and whether a finished map failed, with the words for both, in one pure
 * function: {@link #decide}. The session gathers the counts while it runs (and a host such as the Maven plugin once
 * it ends); nothing here touches the queue or the files.
 *
 * <p>The default rule for a sweep: a failure that looks systematic stops the map early, since every further task
 * would only fail the same way and hold queue slots doing it: the first {@value #FIRST_FAILURES} tasks to finish all
 * failed, or, once {@value #SHARE_AFTER} tasks finished, more than half of them failed. Sporadic failures (a few tasks
 * among many that succeed) do not stop it: the other tasks' results are worth having, and a rerun retries only the
 * failed ones. A finished map fails when more tasks failed than it allows, or when tasks were not run.
 */
public final class FailurePolicy {
    /** When the first this many tasks to finish all failed, the failure is taken as systematic. */
    public static final int FIRST_FAILURES = 10;
    /** The failed share is judged once this many tasks finished, so a few early failures do not decide it. */
    public static final int SHARE_AFTER = 50;

    private FailurePolicy() {}

    /**
     * How a map treats failed tasks.
     *
     * @param stopAfter the map stops once more than this many tasks failed (0: at the first); -1: no such limit
     * @param stopOnSystematic the map stops early when its failures look systematic (see the class comment)
     * @param allowed how many failed tasks a finished map may have and still pass; -1: any number
     */
    public record Rule(long stopAfter, boolean stopOnSystematic, long allowed) {
        /** A sweep's default: systematic failures stop it, and any failed task fails it. */
        public static final Rule DEFAULT = new Rule(-1, true, 0);
    }

    /**
     * How the tasks of a map stand.
     *
     * @param tasks all tasks of the map
     * @param succeeded tasks that returned a result
     * @param failed tasks that threw, or whose chunk produced no results (its worker died)
     * @param notRun tasks never run because the map stopped early
     * @param ended every task is resolved (succeeded, failed or not run): the map's end is to be judged
     */
    public record Counts(long tasks, long succeeded, long failed, long notRun, boolean ended) {}

    /** What to do. */
    public enum Action {
        /** the map runs on */
        GO_ON,
        /** the map stops now: its queue-jobs are deleted, the tasks not finished are not run */
        STOP,
        /** the finished map passes */
        PASS,
        /** the finished map failed */
        FAIL
    }

    /**
     * @param action what to do
     * @param reason why, in words: for a stop what made it (e.g. {@code the first 10 tasks to finish all failed});
     *     for the end the counts (e.g. {@code 1 of 7 tasks failed and 6 were not run}); "" when there is nothing to say
     */
    public record Decision(Action action, String reason) {}

    /** The decision for a running map ({@code counts.ended()} false) or a finished one. */
    public static Decision decide(Counts c, Rule r) {
        if (c.ended()) {
            boolean tooMany = r.allowed() >= 0 && c.failed() > r.allowed();
            String what = counted(c);
            if (tooMany || c.notRun() > 0) {
                String beyond = r.allowed() > 0 && tooMany ? ", more than the " + r.allowed() + " allowed" : "";
                return new Decision(Action.FAIL, what + beyond);
            }
            return new Decision(Action.PASS, c.failed() == 0 ? what : r.allowed() < 0 ? what + ", as any number may"
                    : what + ", within the " + r.allowed() + " allowed");
        }
        if (r.stopAfter() >= 0 && c.failed() > r.stopAfter()) {
            return new Decision(Action.STOP, r.stopAfter() == 0 ? "a task failed, and the map stops at its first"
                    + " failed task" : c.failed() + " tasks failed, more than the " + r.stopAfter() + " that may fail"
                    + " before the map stops");
        }
        if (!r.stopOnSystematic()) {
            return new Decision(Action.GO_ON, "");
        }
        long finished = c.succeeded() + c.failed();
        if (c.succeeded() == 0 && c.failed() >= FIRST_FAILURES) {
            return new Decision(Action.STOP, "the first " + c.failed() + " tasks to finish all failed, which looks"
                    + " systematic");
        }
        if (finished >= SHARE_AFTER && c.failed() * 2 > finished) {
            return new Decision(Action.STOP, c.failed() + " of the " + finished + " tasks finished so far failed ("
                    + String.format(Locale.ROOT, "%.0f%%", 100.0 * c.failed() / finished) + ", more than half),"
                    + " which looks systematic");
        }
        return new Decision(Action.GO_ON, "");
    }

    /** {@code 1 of 7 tasks failed and 6 were not run}, {@code all 4 tasks succeeded}: the counts that matter. */
    private static String counted(Counts c) {
        if (c.failed() == 0 && c.notRun() == 0) {
            return c.tasks() == 1 ? "the task succeeded" : "all " + c.tasks() + " tasks succeeded";
        }
        StringBuilder s = new StringBuilder();
        if (c.failed() > 0) {
            s.append(c.failed()).append(" of ").append(tasks(c.tasks())).append(" failed");
        }
        if (c.notRun() > 0) {
            s.append(c.failed() > 0 ? " and " + c.notRun() : c.notRun() + " of " + tasks(c.tasks()))
                    .append(c.notRun() == 1 ? " was not run" : " were not run");
        }
        return s.toString();
    }

    /** {@code 1 task}, {@code 7 tasks}: the count as every message of qmr says it. */
    public static String tasks(long n) {
        return n + (n == 1 ? " task" : " tasks");
    }
}
