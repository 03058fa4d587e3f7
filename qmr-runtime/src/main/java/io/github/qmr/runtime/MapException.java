package io.github.qmr.runtime;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

/**
 * Some tasks of a map failed. Names every failed task and chunk, says where the work dir was kept, and still gives
 * the results of the tasks that succeeded ({@link #results()}, in task order, null where a task failed).
 */
public class MapException extends QmrException {
    private static final long serialVersionUID = 1L;
    private static final int LISTED = 20;

    private final transient List<TaskFailure> taskFailures;
    private final transient List<ChunkFailure> chunkFailures;
    private final transient List<Object> results;
    private final transient Path keptWorkDir;
    private final long taskCount;

    public MapException(long taskCount, List<TaskFailure> taskFailures, List<ChunkFailure> chunkFailures,
            List<Object> results, Path keptWorkDir) {
        super(message(taskCount, taskFailures, chunkFailures, keptWorkDir));
        this.taskCount = taskCount;
        this.taskFailures = List.copyOf(taskFailures);
        this.chunkFailures = List.copyOf(chunkFailures);
        this.results = Collections.unmodifiableList(results);
        this.keptWorkDir = keptWorkDir;
    }

    private static String message(long taskCount, List<TaskFailure> tasks, List<ChunkFailure> chunks, Path dir) {
        long failedInChunks = chunks.stream().mapToLong(ChunkFailure::taskCount).sum();
        StringBuilder m = new StringBuilder();
        m.append(tasks.size() + failedInChunks).append(" of ").append(taskCount).append(" tasks failed");
        if (!chunks.isEmpty()) {
            m.append(" (").append(failedInChunks).append(" of them in ").append(chunks.size())
                    .append(chunks.size() == 1 ? " chunk" : " chunks").append(" that produced no results)");
        }
        m.append("; the work dir is kept for inspection: ").append(dir);
        int listed = 0;
        for (ChunkFailure c : chunks) {
            if (listed++ == LISTED) {
                break;
            }
            m.append("\n  ").append(c.summary());
            if (!c.stderrTail().isBlank()) {
                m.append("\n    stderr (end):\n      ").append(c.stderrTail().strip().replace("\n", "\n      "));
            }
        }
        for (TaskFailure t : tasks) {
            if (listed++ >= LISTED) {
                break;
            }
            m.append("\n  ").append(t.summary());
        }
        if (listed > LISTED) {
            m.append("\n  ... (").append(tasks.size() + chunks.size() - LISTED)
                    .append(" more; see taskFailures() and chunkFailures())");
        }
        if (!tasks.isEmpty()) {
            m.append("\nStack trace of the first failed task (itask ").append(tasks.get(0).itask()).append("):\n")
                    .append(tasks.get(0).stackTrace().strip());
        }
        return m.toString();
    }

    public List<TaskFailure> taskFailures() {
        return taskFailures;
    }

    public List<ChunkFailure> chunkFailures() {
        return chunkFailures;
    }

    /** The results in task order; null for a task that failed (see {@link #succeeded(long)}). */
    public List<Object> results() {
        return results;
    }

    public boolean succeeded(long itask) {
        return taskFailures.stream().noneMatch(f -> f.itask() == itask)
                && chunkFailures.stream().noneMatch(c -> itask >= c.firstItask() && itask < c.firstItask() + c.taskCount());
    }

    /** The session folder, kept so the failure can be inspected (stdout/stderr of each chunk are in it). */
    public Path keptWorkDir() {
        return keptWorkDir;
    }

    public long taskCount() {
        return taskCount;
    }
}
