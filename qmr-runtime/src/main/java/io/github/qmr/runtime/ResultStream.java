package io.github.qmr.runtime;

import io.github.qmr.runtime.codec.CodecException;
import io.github.qmr.runtime.codec.FileKind;
import io.github.qmr.runtime.codec.Outcome;
import io.github.qmr.runtime.codec.RecordReader;
import io.github.qmr.runtime.session.ChunkFault;
import io.github.qmr.runtime.session.ChunkSource;
import io.github.qmr.runtime.session.SessionException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The results of a map in task order, each as soon as its chunk is done; only the current chunk's reader is open,
 * so results are never all held in memory. Waiting for the next chunk runs the session's monitor loop on the
 * caller's thread. Close it to stop early: the session's queue-jobs are deleted and the work dir is kept.
 *
 * <p>When the last result has been read the session ends: its work dir is removed if every task succeeded (and it
 * is not to be kept), else kept, and {@link #keptWorkDir()} says where.
 */
public final class ResultStream<R> implements Iterator<TaskResult<R>>, AutoCloseable {
    private final ChunkSource session;
    private final boolean keepWorkDir;
    private final ClassLoader loader;
    private long next;
    private int openChunk = -1;
    private RecordReader reader;
    private boolean anyTaskFailed;
    private boolean finished;
    private ChunkFailure lastFailure;

    ResultStream(ChunkSource session, boolean keepWorkDir, ClassLoader loader) {
        this.session = session;
        this.keepWorkDir = keepWorkDir;
        this.loader = loader;
        if (session.layout().taskCount() == 0) {
            end();
        }
    }

    /** The session's id; it prefixes its queue-job names. */
    public String sessionId() {
        return session.dir().sessionId();
    }

    public long taskCount() {
        return session.layout().taskCount();
    }

    public int chunkCount() {
        return session.layout().chunks();
    }

    /** The chunk that holds task {@code itask}. */
    public int chunkOf(long itask) {
        return session.layout().chunkOf(itask);
    }

    @Override
    public boolean hasNext() {
        return next < session.layout().taskCount();
    }

    /**
     * The next result in task order, waiting for its chunk if needed.
     *
     * @throws QmrException if the queue or the work dir fails; the session's jobs are then deleted and its work
     *     dir kept, so running the same map again resumes it
     */
    @Override
    public TaskResult<R> next() {
        try {
            return nextResult();
        } catch (SessionException e) {
            String jobs = stop();
            throw new QmrException(e.getMessage() + (jobs == null ? "" : "\nOn stopping, the map " + jobs), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The API's view of the chunk's failure; the same instance for every task of the chunk. */
    private ChunkFailure chunkFailure(int ichunk) {
        ChunkFault fault = session.chunkFailure(ichunk);
        if (fault == null) {
            return null;
        }
        if (lastFailure == null || lastFailure.ichunk() != ichunk) {
            lastFailure = new ChunkFailure(fault.ichunk(), fault.firstItask(), fault.taskCount(), fault.jobId(),
                    fault.exitCode(), fault.reason(), fault.stderrTail(), fault.notRun());
        }
        return lastFailure;
    }

    @SuppressWarnings("unchecked")
    private TaskResult<R> nextResult() {
        if (!hasNext()) {
            throw new NoSuchElementException("all " + session.layout().taskCount() + " results were read");
        }
        long itask = next++;
        int ichunk = session.layout().chunkOf(itask);
        if (ichunk != openChunk) {
            closeReader();
            openChunk = ichunk;
            while (reader == null && chunkFailure(ichunk) == null) {
                session.awaitChunk(ichunk);
                if (chunkFailure(ichunk) == null) {
                    try {
                        reader = RecordReader.open(session.dir().resultFile(ichunk), FileKind.RESULTS, loader);
                        if (reader.ichunk() != ichunk || reader.firstItask() != session.layout().firstItask(ichunk)) {
                            // sealed by this session, but another chunk's: renamed in the folder, never read here
                            String other = "chunk " + reader.ichunk();
                            closeReader();
                            throw new CodecException("it holds the results of " + other + ", not of chunk " + ichunk);
                        }
                    } catch (CodecException e) {
                        session.recompute(ichunk, "of chunk " + ichunk + " is unusable (" + e.getMessage() + ")");
                    }
                }
            }
        }
        TaskResult<R> result;
        ChunkFailure chunkFailure = chunkFailure(ichunk);
        if (chunkFailure != null) {
            result = new TaskResult<>(itask, null, null, chunkFailure, 0);
        } else {
            Outcome outcome;
            try {
                outcome = reader.readOutcome();
            } catch (CodecException e) {
                throw new QmrException("cannot read the result of itask " + itask + " (chunk " + ichunk + "): "
                        + e.getMessage() + "; the work dir is kept at " + session.dir().path(), e);
            }
            TaskRun run = outcome.startMillis() == 0 ? null : new TaskRun(
                    java.time.Instant.ofEpochMilli(outcome.startMillis()),
                    java.time.Instant.ofEpochMilli(outcome.startMillis()).plusNanos(outcome.nanos()),
                    outcome.host(), outcome.jobId(),
                    outcome.cpuNanos() < 0 ? null : java.time.Duration.ofNanos(outcome.cpuNanos()),
                    outcome.peakBytes() < 0 ? null : outcome.peakBytes());
            if (outcome.failed()) {
                TaskFailure failure = new TaskFailure(itask, ichunk, outcome.exceptionClass(), outcome.message(),
                        outcome.stackTrace());
                anyTaskFailed = true;
                result = new TaskResult<>(itask, null, failure, null, outcome.nanos(), run);
            } else {
                result = new TaskResult<>(itask, (R) outcome.value(), null, null, outcome.nanos(), run);
            }
        }
        if (!hasNext()) {
            end();
        }
        return result;
    }

    private void end() {
        closeReader();
        finished = true;
        session.complete(keepWorkDir || anyTaskFailed || session.anyChunkFailed());
    }

    /** Where the work dir was kept, or null while running or when it was removed. */
    public Path keptWorkDir() {
        return finished && (keepWorkDir || anyTaskFailed || session.anyChunkFailed()) ? session.dir().path() : null;
    }

    private void closeReader() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }

    /** Stops the map if results are still to come: deletes the session's queue-jobs and keeps the work dir. */
    @Override
    public void close() {
        stop();
    }

    /** What became of the session's jobs when it was stopped, or null when there was nothing to stop. */
    private String stop() {
        closeReader();
        if (finished) {
            return null;
        }
        finished = true;
        return session.abort();
    }

    /**
     * Reads every result into a list in task order, as {@code Pool.map} returns them; throws {@link MapException} if
     * any task or chunk failed, which still gives the other results.
     */
    static <R> List<R> collect(ResultStream<R> results) {
        try (results) {
            List<R> values = new ArrayList<>();
            List<TaskFailure> taskFailures = new ArrayList<>();
            List<ChunkFailure> chunkFailures = new ArrayList<>();
            while (results.hasNext()) {
                TaskResult<R> r = results.next();
                values.add(r.value());
                if (r.failure() != null) {
                    taskFailures.add(r.failure());
                } else if (r.chunkFailure() != null
                        && (chunkFailures.isEmpty() || chunkFailures.get(chunkFailures.size() - 1) != r.chunkFailure())) {
                    chunkFailures.add(r.chunkFailure());
                }
            }
            if (!taskFailures.isEmpty() || !chunkFailures.isEmpty()) {
                throw new MapException(results.taskCount(), taskFailures, chunkFailures, new ArrayList<>(values),
                        results.keptWorkDir());
            }
            return values;
        }
    }
}
