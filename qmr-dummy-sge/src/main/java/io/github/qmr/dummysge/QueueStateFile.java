package io.github.qmr.dummysge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The state file and what sits beside it: {@code NAME.lock} (never replaced, so every process locks the same
 * inode while the state file itself is swapped by rename) and {@code NAME.spool/} (spooled job scripts, the exit
 * status files that jobs write when they end, and each running task's TMPDIR).
 */
final class QueueStateFile {
    /** A change to the state under the lock; may start or kill processes. */
    interface Change<R> {
        R apply(QueueState state) throws IOException;
    }

    private final Path path;

    QueueStateFile(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    Path path() {
        return path;
    }

    Path spool() {
        return path.resolveSibling(path.getFileName() + ".spool");
    }

    Path lockFile() {
        return path.resolveSibling(path.getFileName() + ".lock");
    }

    /** Reads the state under the lock, applies {@code change}, and writes it back atomically (temp + rename). */
    <R> R update(Change<R> change) {
        return locked(true, change);
    }

    /** Reads the state under the lock without writing it back. */
    <R> R read(Change<R> change) {
        return locked(false, change);
    }

    private <R> R locked(boolean write, Change<R> change) {
        Path parent = path.getParent();
        if (!Files.isDirectory(parent)) {
            throw new UncheckedIOException(new IOException("the folder of the dummy queue's state file " + path
                    + " does not exist; create it, or point QMR_DUMMY_STATE / --state at a file in an existing folder"));
        }
        try (FileChannel lock = FileChannel.open(lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = lock.lock()) {
            QueueState state = Files.exists(path)
                    ? QueueState.parse(Files.readString(path, StandardCharsets.UTF_8), path.toString())
                    : new QueueState();
            R result = change.apply(state);
            if (write) {
                Path temp = path.resolveSibling(path.getFileName() + ".tmp-" + ProcessHandle.current().pid());
                Files.writeString(temp, state.format(), StandardCharsets.UTF_8);
                Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("dummy queue state " + path + ": " + e.getMessage()
                    + "; check that the folder is writable", e);
        }
    }
}
