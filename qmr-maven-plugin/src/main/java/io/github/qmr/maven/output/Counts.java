package io.github.qmr.maven.output;

/** How the log, the step summary and the report word a map's counts, so they read alike. */
public final class Counts {
    private Counts() {}

    /** {@code 192 tasks: 184 from kept results, 8 computed}. */
    public static String keptLine(long tasks, long kept) {
        return tasks + (tasks == 1 ? " task: " : " tasks: ") + kept + " from kept results, " + (tasks - kept)
                + " computed";
    }
}
