package io.github.qmr.outputs;

/** How the log, the step summary and the report word a map's counts, so they read alike. */
public final class Counts {
    private Counts() {}

    /** How a map ended, in a heading: {@code passed}, {@code stopped early} (tasks not run) or {@code had failures}. */
    public static String verdict(long failed, long notRun) {
        return failed == 0 && notRun == 0 ? "passed" : failed == 0 ? "stopped early" : "had failures";
    }

    /** {@code 192 tasks: 184 from kept results, 8 computed}. */
    public static String keptLine(long tasks, long kept) {
        return tasks + (tasks == 1 ? " task: " : " tasks: ") + kept + " from kept results, " + (tasks - kept)
                + " computed";
    }
}
