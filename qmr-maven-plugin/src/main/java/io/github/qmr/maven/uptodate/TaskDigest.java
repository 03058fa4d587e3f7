package io.github.qmr.maven.uptodate;

import io.github.qmr.runtime.codec.CodecException;
import io.github.qmr.runtime.codec.FileKind;
import io.github.qmr.runtime.codec.RecordWriter;
import io.github.qmr.runtime.workdir.SessionDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;

/**
 * The content of tasks that only exist as objects (a task source's), as the runtime would serialize them: SHA-256
 * of a tasks file written to a temporary folder. The same tasks give the same digest, whatever the source read to
 * make them.
 */
public final class TaskDigest {
    private TaskDigest() {}

    /** The digest, or {@code "unserializable"} when a task cannot be written (the map will say which, later). */
    public static String of(Iterable<?> tasks, ClassLoader loader) {
        SessionDir scratch = null;
        try {
            // a scratch session: task files are sealed with a session's secret (the body digest does not depend on it)
            scratch = SessionDir.scratch("qmr-task-digest-");
            try (RecordWriter w = RecordWriter.create(scratch.tasksFile(0), FileKind.TASKS, 0, 0, loader)) {
                for (Object task : tasks) {
                    w.writeObject(task);
                }
                w.finish();
                return HexFormat.of().formatHex(w.bodyDigest());
            }
        } catch (CodecException e) {
            return "unserializable";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a temporary file to digest the tasks: " + e, e);
        } finally {
            if (scratch != null) {
                scratch.deleteScratch();
            }
        }
    }
}
