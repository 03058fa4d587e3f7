package io.github.qmr.runtime.session;

import io.github.qmr.runtime.codec.CodecException;
import io.github.qmr.runtime.codec.FileKind;
import io.github.qmr.runtime.codec.RecordWriter;
import io.github.qmr.runtime.workdir.SessionDir;
import java.security.MessageDigest;
import java.util.Iterator;

/** Writes a session's task files, chunk by chunk, as the tasks come: a stream is read once and never held. */
final class Staging {
    /** The chunks written, and SHA-256 over each task file's body digest in chunk order (the session key's part). */
    record Staged(ChunkTable table, byte[] digest) {}

    private Staging() {}

    static Staged tasks(SessionDir dir, Iterable<?> tasks, int chunkSize) {
        MessageDigest digest = SessionKey.sha256();
        Iterator<?> it = tasks.iterator();
        long itask = 0;
        int ichunk = 0;
        while (it.hasNext()) {
            dir.prepareChunk(ichunk);
            // in place, not through a temporary file: no worker of the session is submitted before staging ends
            try (RecordWriter writer = RecordWriter.createInPlace(dir.tasksFile(ichunk), FileKind.TASKS, ichunk,
                    itask)) {
                for (int i = 0; i < chunkSize && it.hasNext(); i++, itask++) {
                    Object task = it.next();
                    try {
                        writer.writeObject(task);
                    } catch (CodecException e) {
                        throw new IllegalArgumentException("task " + itask + " (a "
                                + (task == null ? "null" : task.getClass().getName()) + ") cannot be written to "
                                + dir.tasksFile(ichunk) + ": " + e.getMessage(), e);
                    }
                }
                writer.finish();
                digest.update(writer.bodyDigest());
            }
            ichunk++;
        }
        return new Staged(new ChunkTable(dir, ichunk, itask, chunkSize), digest.digest());
    }
}
