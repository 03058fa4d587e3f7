package io.github.qmr.maven;

import io.github.qmr.outputs.TaskRow;
import io.github.qmr.runtime.ChunkFailure;
import io.github.qmr.runtime.TaskFailure;
import io.github.qmr.runtime.TaskResult;
import io.github.qmr.runtime.policy.FailurePolicy;
import io.github.qmr.runtime.workdir.SessionDir;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A map's failures in the build log, below its summary: each cause of failed chunks once with its stderr, the failed
 * tasks listed, the tasks not run, and a stack trace per distinct failure (the first few).
 */
final class FailureLog {
    /** Distinct task failures whose stack traces the log shows; the rest are in the results table. */
    private static final int TRACED_CAUSES = 3;

    private FailureLog() {}

    /**
     * @param problem the log's error lines when the build fails, else its warnings (failures within
     *     {@code <maxFailedTasks>} leave the build green)
     * @param junitFile where the stack traces not shown are
     */
    static void write(Consumer<String> problem, PoolRun.Tally tally, List<?> tasks, Path junitFile) {
        // one stderr per cause: a session-wide fault fails every chunk alike, and 40 lines each would bury it
        for (List<ChunkFailure> cause : ChunkFailure.byCause(tally.chunkFailures())) {
            ChunkFailure c = cause.get(0);
            problem.accept(c.summary());
            Path kept = tally.keptWorkDir();
            String file = kept == null ? "" : " (" + SessionDir.open(kept).stderrFile(c.ichunk()) + ")";
            problem.accept("----- stderr of chunk " + c.ichunk() + file + ", last lines -----");
            c.stderrTail().strip().lines().forEach(problem);
            problem.accept("----- end of stderr of chunk " + c.ichunk() + " -----");
            if (cause.size() > 1) {
                problem.accept(ChunkFailure.sameWay(cause));
            }
        }
        List<TaskFailure> taskFailures = tally.taskFailures();
        taskFailures.forEach(t -> problem.accept(named(t, tasks)));
        long listed = taskFailures.size() + tally.chunkFailures().stream().mapToLong(ChunkFailure::taskCount).sum();
        long failed = tally.failed();
        if (failed > listed) {
            problem.accept("... and " + (failed - listed) + " more failed " + (failed - listed == 1 ? "task" : "tasks")
                    + " (see " + MapRunner.TABLE + ")");
        }
        if (tally.notRun() > 0) {
            // below the failures: a task not run has no cause of its own, only the map's stop
            problem.accept(FailurePolicy.tasks(tally.notRun()) + " not run: " + tally.notRunReason());
        }
        // one stack trace per distinct failure (class and frames), the first few only
        List<List<TaskFailure>> causes = TaskFailure.byCause(taskFailures);
        for (List<TaskFailure> cause : causes.subList(0, Math.min(causes.size(), TRACED_CAUSES))) {
            problem.accept("----- stack trace of " + named(cause.get(0), tasks) + TaskFailure.sameWay(cause)
                    + " -----");
            cause.get(0).stackTrace().strip().lines().forEach(problem);
            problem.accept("----- end of stack trace -----");
        }
        if (causes.size() > TRACED_CAUSES) {
            problem.accept((causes.size() - TRACED_CAUSES) + " more distinct failures; their stack traces are in "
                    + junitFile);
        }
    }

    /** {@code itask 7 (beta=0.3, seed=7), chunk 0: java.lang.IllegalStateException: boom}. */
    static String named(TaskFailure t, List<?> tasks) {
        String label = t.itask() < tasks.size() ? TaskRow.of(tasks.get((int) t.itask()),
                new TaskResult<>(t.itask(), null, null, null, 0), t.ichunk(), 1).label() : "";
        return "itask " + t.itask() + (label.isEmpty() ? "" : " (" + label + ")") + ", chunk " + t.ichunk() + ": "
                + t.exceptionClass() + (t.message() == null ? "" : ": " + t.message());
    }
}
