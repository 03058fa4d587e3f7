package io.github.qmr.runtime.session;

import io.github.qmr.runtime.workdir.SessionDir;

/**
 * What the results of a session are read from, in task order: a session run here ({@link Session}, whose monitor runs
 * while the reader waits for a chunk) or one a detached monitor ran to its end ({@link DetachedMap#awaitEnd}).
 */
public interface ChunkSource {
    SessionDir dir();

    ChunkLayout layout();

    /** Returns once the chunk is done or failed for good. */
    void awaitChunk(int ichunk);

    /** Why the chunk failed for good; null when it has its result. */
    ChunkFault chunkFailure(int ichunk);

    boolean anyChunkFailed();

    /** The chunk's result file cannot be read: run it again if possible; false when it failed instead. */
    boolean recompute(int ichunk, String why);

    /** Every result was read: the session folder is removed unless {@code keep}. */
    void complete(boolean keep);

    /** Stopped before every result was read; says what became of its jobs, or null. */
    String abort();
}
