package io.github.qmr.runtime.session;

import io.github.qmr.runtime.workdir.SessionDir;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A detached map's session whose monitor resolved every chunk: its results are read from the folder, and the chunks
 * that failed for good are those the monitor wrote in its end file. Nothing runs here: a result that cannot be read
 * fails its chunk (a rerun of the same map computes it again).
 */
final class FinishedSession implements ChunkSource {
    private final SessionDir dir;
    private final ChunkLayout layout;
    private final Map<Integer, ChunkFault> faults = new TreeMap<>();
    private final SessionEvents events;

    FinishedSession(SessionDir dir, ChunkLayout layout, List<ChunkFault> faults, SessionEvents events) {
        this.dir = dir;
        this.layout = layout;
        this.events = events;
        faults.forEach(f -> this.faults.put(f.ichunk(), f));
    }

    @Override
    public SessionDir dir() {
        return dir;
    }

    @Override
    public ChunkLayout layout() {
        return layout;
    }

    @Override
    public void awaitChunk(int ichunk) {
        // every chunk is resolved
    }

    @Override
    public ChunkFault chunkFailure(int ichunk) {
        return faults.get(ichunk);
    }

    @Override
    public boolean anyChunkFailed() {
        return !faults.isEmpty();
    }

    @Override
    public boolean recompute(int ichunk, String why) {
        faults.put(ichunk, new ChunkFault(ichunk, layout.firstItask(ichunk), layout.tasksIn(ichunk), null, null,
                "the result file " + why + "; run the same map again to compute it anew (the session is kept)", "",
                false));
        return false;
    }

    @Override
    public void complete(boolean keep) {
        if (keep) {
            events.notice(true, dir.sessionId() + ": work dir kept at " + dir.path());
            return;
        }
        try {
            dir.delete();
        } catch (UncheckedIOException e) {
            events.notice(true, e.getMessage());
        }
    }

    @Override
    public String abort() {
        return null; // nothing runs: the folder stays, and a later attach reads it again
    }
}
