package io.github.qmr.runtime;

import io.github.qmr.runtime.policy.FailurePolicy;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * Some tasks of a map failed, or were not run because the map stopped early. Names every failed task and chunk
 * (above the tasks not run, which are counted, not listed one by one), says where the work dir was kept, and still
 * gives the results of the tasks that succeeded ({@link #results()}, in task order, null where a task failed or did
 * not run). {@link #failedCount()}, {@link #notRunCount()} and {@link #succeededCount()} count the three apart.
 */
public class MapException extends QmrException {
    private static final long serialVersionUID = 1L;
    private static final int LISTED = 20;
    /** Distinct task failures whose stack traces the message shows. */
    private static final int TRACED_CAUSES = 3;

    private final transient List<TaskFailure> taskFailures;
    private final transient List<ChunkFailure> chunkFailures;
    private final transient List<ChunkFailure> notRun;
    private final transient List<Object> results;
    private final transient Path keptWorkDir;
    private final long taskCount;

    /**
     * @param chunkFailures every chunk without results, those not run ({@link ChunkFailure#notRun()}) included
     */
    public MapException(long taskCount, List<TaskFailure> taskFailures, List<ChunkFailure> chunkFailures,
            List<Object> results, Path keptWorkDir) {
        super(message(taskCount, taskFailures, chunkFailures, keptWorkDir));
        this.taskCount = taskCount;
        this.taskFailures = List.copyOf(taskFailures);
        this.chunkFailures = chunkFailures.stream().filter(c -> !c.notRun()).toList();
        this.notRun = chunkFailures.stream().filter(ChunkFailure::notRun).toList();
        this.results = Collections.unmodifiableList(results);
        this.keptWorkDir = keptWorkDir;
    }

    private static String message(long taskCount, List<TaskFailure> tasks, List<ChunkFailure> all, Path dir) {
        List<ChunkFailure> chunks = all.stream().filter(c -> !c.notRun()).toList();
        List<ChunkFailure> notRun = all.stream().filter(ChunkFailure::notRun).toList();
        long failedInChunks = tasksIn(chunks);
        long notRunTasks = tasksIn(notRun);
        long failed = tasks.size() + failedInChunks;
        StringBuilder m = new StringBuilder();
        m.append(FailurePolicy.decide(new FailurePolicy.Counts(taskCount, taskCount - failed - notRunTasks, failed,
                notRunTasks, true), FailurePolicy.Rule.DEFAULT).reason());
        if (!chunks.isEmpty()) {
            m.append(" (").append(failedInChunks).append(" of the failed tasks in ").append(chunks.size())
                    .append(chunks.size() == 1 ? " chunk" : " chunks").append(" that produced no results)");
        }
        m.append("; ").append(taskCount - failed - notRunTasks).append(" succeeded; the work dir is kept for"
                + " inspection: ").append(dir);
        int listed = 0;
        for (TaskFailure t : tasks) {
            if (listed++ >= LISTED) {
                break;
            }
            m.append("\n  ").append(t.summary());
        }
        List<List<ChunkFailure>> causes = ChunkFailure.byCause(chunks);
        for (List<ChunkFailure> cause : causes) {
            if (listed++ >= LISTED) {
                break;
            }
            ChunkFailure c = cause.get(0);
            m.append("\n  ").append(c.summary());
            if (!c.stderrTail().isBlank()) {
                m.append("\n    stderr (end):\n      ").append(c.stderrTail().strip().replace("\n", "\n      "));
            }
            if (cause.size() > 1) {
                m.append("\n  ").append(ChunkFailure.sameWay(cause));
            }
        }
        if (listed > LISTED) {
            m.append("\n  ... (").append(tasks.size() + causes.size() - LISTED)
                    .append(" more; see taskFailures() and chunkFailures())");
        }
        if (!notRun.isEmpty()) {
            // one line for them all: they share the reason, and listing them would push the real causes out of view
            ChunkFailure first = notRun.get(0);
            m.append("\n  ").append(notRunTasks).append(notRunTasks == 1 ? " task" : " tasks").append(" in ")
                    .append(notRun.size()).append(notRun.size() == 1 ? " chunk (" : " chunks (chunk ")
                    .append(notRun.size() == 1 ? "chunk " + first.ichunk() : first.ichunk() + " to "
                            + notRun.get(notRun.size() - 1).ichunk())
                    .append(") not run: ").append(first.reason());
        }
        // one stack trace per distinct failure (class and frames), the first few only
        List<List<TaskFailure>> taskCauses = TaskFailure.byCause(tasks);
        for (List<TaskFailure> cause : taskCauses.subList(0, Math.min(taskCauses.size(), TRACED_CAUSES))) {
            m.append("\nStack trace of itask ").append(cause.get(0).itask()).append(TaskFailure.sameWay(cause))
                    .append(":\n").append(cause.get(0).stackTrace().strip());
        }
        if (taskCauses.size() > TRACED_CAUSES) {
            m.append("\n").append(taskCauses.size() - TRACED_CAUSES).append(" more distinct failures: see"
                    + " taskFailures()");
        }
        return m.toString();
    }

    private static long tasksIn(List<ChunkFailure> chunks) {
        return chunks.stream().mapToLong(ChunkFailure::taskCount).sum();
    }

    public List<TaskFailure> taskFailures() {
        return taskFailures;
    }

    /** Chunks that ran and produced no results (their worker died, their job failed); not those not run. */
    public List<ChunkFailure> chunkFailures() {
        return chunkFailures;
    }

    /** Chunks never run (or stopped before they finished) because the map stopped early. */
    public List<ChunkFailure> notRunChunks() {
        return notRun;
    }

    /** Tasks that failed: they threw, or their chunk produced no results. */
    public long failedCount() {
        return taskFailures.size() + tasksIn(chunkFailures);
    }

    /** Tasks never run because the map stopped early. */
    public long notRunCount() {
        return tasksIn(notRun);
    }

    /** Tasks that gave a result. */
    public long succeededCount() {
        return taskCount - failedCount() - notRunCount();
    }

    /** The results in task order; null for a task that failed or did not run (see {@link #succeeded(long)}). */
    public List<Object> results() {
        return results;
    }

    public boolean succeeded(long itask) {
        return taskFailures.stream().noneMatch(f -> f.itask() == itask)
                && Stream.concat(chunkFailures.stream(), notRun.stream())
                        .noneMatch(c -> itask >= c.firstItask() && itask < c.firstItask() + c.taskCount());
    }

    /** The session folder, kept so the failure can be inspected (stdout/stderr of each chunk are in it). */
    public Path keptWorkDir() {
        return keptWorkDir;
    }

    public long taskCount() {
        return taskCount;
    }
}
