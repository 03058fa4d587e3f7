package io.github.qmr.runtime.session;

import io.github.qmr.runtime.policy.FailurePolicy;
import io.github.qmr.runtime.workdir.SessionDir;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The chunks of a session: each one's state, last queue-job, resubmissions and failure, and the counts that progress
 * reports. Results decide completion: a chunk is done when its result file is there.
 */
final class ChunkTable {
    static final byte NEW = 0;
    static final byte SUBMITTED = 1;
    static final byte DONE = 2;
    static final byte FAILED = 3;
    private static final int STDERR_TAIL_BYTES = 2000;

    private final SessionDir dir;
    final ChunkLayout layout;
    final int chunks;
    final long taskCount;
    final int chunkSize;
    private final byte[] state;
    private final String[] jobIds;
    private final int[] resubmissions;
    private final Map<Integer, ChunkFault> failures = new TreeMap<>();
    private int done;
    private int reused;
    private long tasksDone;
    /** Tasks that failed in done chunks, from their workers' failure notes. */
    private long failedTasks;
    /** Tasks in chunks that ran and produced no results (their worker died, their job failed). */
    private long tasksInFailedChunks;
    /** Tasks in chunks never run, as the map stopped early. */
    private long notRunTasks;
    private int notRunChunks;
    /** The first failure a worker noted, e.g. {@code itask 5: java.lang.IllegalStateException: ...}; until taken. */
    private String newFailure;
    /** Every chunk below it is resolved (done or failed). */
    private int lowestUnresolved;

    ChunkTable(SessionDir dir, int chunks, long taskCount, int chunkSize) {
        this.dir = dir;
        this.chunks = chunks;
        this.taskCount = taskCount;
        this.chunkSize = chunkSize;
        this.layout = new ChunkLayout(taskCount, chunks, chunkSize);
        this.state = new byte[chunks];
        this.jobIds = new String[chunks];
        this.resubmissions = new int[chunks];
    }

    long firstItask(int ichunk) {
        return layout.firstItask(ichunk);
    }

    int tasksIn(int ichunk) {
        return layout.tasksIn(ichunk);
    }

    byte state(int ichunk) {
        return state[ichunk];
    }

    boolean isResolved(int ichunk) {
        return state[ichunk] == DONE || state[ichunk] == FAILED;
    }

    boolean hasResult(int ichunk) {
        return Files.exists(dir.resultFile(ichunk));
    }

    void submitted(int ichunk, String jobId) {
        state[ichunk] = SUBMITTED;
        jobIds[ichunk] = jobId;
    }

    String jobId(int ichunk) {
        return jobIds[ichunk];
    }

    void setJobId(int ichunk, String jobId) {
        jobIds[ichunk] = jobId;
    }

    int resubmissions(int ichunk) {
        return resubmissions[ichunk];
    }

    /** Counts one more run of the chunk; returns how many there were so far. */
    int countResubmission(int ichunk) {
        return ++resubmissions[ichunk];
    }

    void markDone(int ichunk) {
        if (state[ichunk] != DONE) {
            state[ichunk] = DONE;
            done++;
            tasksDone += tasksIn(ichunk);
            noteFailures(ichunk);
        }
    }

    /** Counts the chunk's failed tasks from its worker's note, if it wrote one. */
    private void noteFailures(int ichunk) {
        java.nio.file.Path note = dir.failedFile(ichunk);
        if (!Files.exists(note)) {
            return;
        }
        String[] lines = SessionDir.tail(note, 4000).split("\n", 2);
        try {
            failedTasks += Long.parseLong(lines[0].strip());
        } catch (NumberFormatException e) {
            failedTasks++; // a torn note still says that something failed
        }
        if (newFailure == null && lines.length > 1) {
            newFailure = "chunk " + ichunk + ", " + lines[1].strip();
        }
    }

    long failedTasks() {
        return failedTasks;
    }

    /** The first failure noted since the last call, or null. */
    String takeNewFailure() {
        String f = newFailure;
        newFailure = null;
        return f;
    }

    /** A chunk whose result an earlier session of the same map left. */
    void markReused(int ichunk) {
        markDone(ichunk);
        reused++;
    }

    /** A done chunk whose result turned out unusable: open again. */
    void reopen(int ichunk) {
        if (state[ichunk] == DONE) {
            done--;
            tasksDone -= tasksIn(ichunk);
        }
        state[ichunk] = SUBMITTED;
        lowestUnresolved = Math.min(lowestUnresolved, ichunk);
    }

    void fail(int ichunk, Integer exitCode, String reason) {
        resolveAsFailed(ichunk, exitCode, reason, false);
        tasksInFailedChunks += tasksIn(ichunk);
    }

    /** A chunk never run, as the map stopped early: its tasks count as not run, not as failed. */
    void notRun(int ichunk, String reason) {
        resolveAsFailed(ichunk, null, reason, true);
        notRunTasks += tasksIn(ichunk);
        notRunChunks++;
    }

    private void resolveAsFailed(int ichunk, Integer exitCode, String reason, boolean notRun) {
        if (state[ichunk] == DONE) {
            done--;
            tasksDone -= tasksIn(ichunk);
        }
        state[ichunk] = FAILED;
        failures.put(ichunk, new ChunkFault(ichunk, firstItask(ichunk), tasksIn(ichunk), jobIds[ichunk], exitCode,
                reason, notRun ? "" : SessionDir.tail(dir.stderrFile(ichunk), STDERR_TAIL_BYTES), notRun));
    }

    /** How the tasks stand, for {@link FailurePolicy}: tasks in done chunks succeeded unless their worker noted them. */
    FailurePolicy.Counts counts() {
        return new FailurePolicy.Counts(taskCount, tasksDone - failedTasks, failedTasks + tasksInFailedChunks,
                notRunTasks, unresolvedCount() == 0);
    }

    ChunkFault failure(int ichunk) {
        return failures.get(ichunk);
    }

    boolean anyFailed() {
        return !failures.isEmpty();
    }

    int failedCount() {
        return failures.size();
    }

    int doneCount() {
        return done;
    }

    /** Chunks neither done nor failed. */
    int unresolvedCount() {
        return chunks - done - failures.size();
    }

    /** Moves past the resolved chunks at the bottom, marking those with a result done; returns the new bottom. */
    int advance() {
        while (lowestUnresolved < chunks) {
            if (!isResolved(lowestUnresolved)) {
                if (!hasResult(lowestUnresolved)) {
                    break;
                }
                markDone(lowestUnresolved);
            }
            lowestUnresolved++;
        }
        return lowestUnresolved;
    }

    int lowestUnresolved() {
        return lowestUnresolved;
    }

    SessionEvents.Progress progress(int pending, int running, Duration elapsed) {
        return new SessionEvents.Progress(chunks, pending, running, done, failures.size() - notRunChunks, reused,
                taskCount, tasksDone, elapsed, notRunChunks);
    }
}
