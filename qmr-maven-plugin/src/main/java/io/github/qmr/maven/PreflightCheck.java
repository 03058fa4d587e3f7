package io.github.qmr.maven;

import io.github.qmr.runtime.Preflight;

/** The goal's side of {@link Preflight}: runs it as {@code <preflight>} says and words the outcome for the log. */
final class PreflightCheck {
    private PreflightCheck() {}

    /**
     * {@code <preflight>} and {@code <preflightTimeLimit>}.
     *
     * @param tasks how many tasks run here before anything is submitted; 0: no check
     * @param timeLimit how long the check waits for them; the map starts without waiting longer
     */
    record Setting(int tasks, java.time.Duration timeLimit) {
        /** Every default: one task, for at most 30 s. */
        static final Setting DEFAULTS = new Setting(1, java.time.Duration.ofSeconds(30));

        /** Checked: 0 or more tasks, and a time limit (blank: the default's) above 0. */
        static Setting of(int tasks, String timeLimit) throws ConfigurationException {
            if (tasks < 0) {
                throw new ConfigurationException("preflight", "<preflight> must be 0 (no pre-flight check) or more"
                        + " tasks, got " + tasks);
            }
            java.time.Duration limit = Pairs.isBlank(timeLimit) ? DEFAULTS.timeLimit
                    : ConfigurationException.duration("preflightTimeLimit", timeLimit);
            if (limit.isZero()) {
                throw new ConfigurationException("preflightTimeLimit", "<preflightTimeLimit> must be more than 0; set"
                        + " <preflight>0</preflight> to turn the check off");
            }
            return new Setting(tasks, limit);
        }
    }

    /**
     * @return about how long one task took here, which bounds the default chunks by time; null when none ran
     * @throws MapFailedException a task failed here, or its result cannot be serialized: nothing was submitted
     */
    static java.time.Duration run(MapGoal goal, java.util.Collection<?> tasks, ClassLoader loader,
            int workers, BuildLog log) throws MapFailedException {
        Setting setting = goal.preflight();
        if (setting.tasks() == 0) {
            log.debug("no pre-flight check: <preflight>0</preflight>");
            return null;
        }
        Preflight.Report report;
        try {
            // in a JVM of its own, with the workers' classpath: what runs here is what the workers will run, and a
            // task's System.exit or crash ends that JVM, not the build
            report = Preflight.checkForked(goal.function(), tasks, setting.tasks(), setting.timeLimit(),
                    goal.workerSetup().withClasspath(goal.classpath()), loader);
        } catch (Preflight.PreflightException e) {
            if (e.getCause() instanceof Preflight.ForkedFailure forked) {
                log.error("----- stack trace of " + (e.itask() < 0 ? "the function's set-up" : "task " + e.itask())
                        + " in the pre-flight check -----");
                forked.trace().lines().forEach(line -> log.error("    " + line.strip()));
                log.error("----- end of stack trace -----");
            }
            throw new MapFailedException("pre-flight: " + e.getMessage() + ". Fix the function and rerun; nothing was"
                    + " submitted. <preflight>0</preflight> (-Dqmr.preflight=0) turns the check off",
                    goal.resultsDirectory(), e);
        }
        String tasksRun = report.tasksRun() + (report.tasksRun() == 1 ? " task" : " tasks");
        if (report.timedOut()) {
            log.info("pre-flight: " + tasksRun + " checked; the next was still running after "
                    + ProgressLog.seconds(setting.timeLimit()) + ", so the map starts without"
                    + " waiting for it (<preflightTimeLimit>)");
        } else {
            log.info("pre-flight: " + tasksRun + " ran here in " + ProgressLog.seconds(report.elapsed())
                    + " and " + (report.tasksRun() == 1 ? "its result serializes" : "their results serialize"));
            String estimate = estimate(report.elapsed().dividedBy(Math.max(1, report.tasksRun())), tasks.size(),
                    workers);
            if (estimate != null) {
                log.warn(estimate);
            }
        }
        return report.taskTime();
    }

    /** Past this much wall time with every worker busy, a map is worth a word before it starts. */
    static final java.time.Duration LONG_MAP = java.time.Duration.ofHours(1);

    /**
     * What a map of {@code tasks} tasks of {@code perTask} each costs at that pace, when that is long: compute time in
     * all, and wall time with {@code workers} workers busy; null when it is short.
     */
    static String estimate(java.time.Duration perTask, long tasks, int workers) {
        java.time.Duration compute = perTask.multipliedBy(tasks);
        java.time.Duration wall = compute.dividedBy(Math.max(1, Math.min(workers, tasks)));
        if (wall.compareTo(LONG_MAP) < 0) {
            return null;
        }
        return "pre-flight: at the pace of the pre-flight (" + ProgressLog.seconds(perTask) + " a task here), the "
                + tasks + " tasks take about " + ProgressLog.seconds(compute) + " of compute, about "
                + ProgressLog.seconds(wall) + " with " + workers + " workers busy at once; check the sweep's size"
                + " before it starts (-Dqmr.skip or Ctrl-C now)";
    }
}
