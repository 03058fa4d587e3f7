package io.github.qmr.runtime.workdir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * The workers' class-data archives in the work dir ({@code WORKDIR/cds}, see {@link SessionLayout}): the archive of a
 * key, its maker's lock and failure record, and the training folders, shared by the sessions of the work dir.
 */
public final class ClassDataFiles {
    /** The JVM option that maps an archive: {@code JVM_OPTION + archive}. */
    public static final String JVM_OPTION = "-XX:SharedArchiveFile=";
    /** How long the maker's training run and check run may each take before it gives up. */
    public static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    private final SessionDir dir;

    ClassDataFiles(SessionDir dir) {
        this.dir = dir;
    }

    /** The workers' class-data archive for a key (a hash of java, classpath and options), shared by sessions. */
    public Path archive(String key) {
        return file(key, ".jsa");
    }

    private Path file(String key, String suffix) {
        return SharedFolder.classData(dir.path().getParent()).resolve("qmr-" + key + suffix);
    }

    /** Exists while the archive of a key is being made, holding what its maker prints; made with CREATE_NEW. */
    public Path marker(String key) {
        return file(key, ".making");
    }

    /** Why the archive of a key could not be made, written by its maker; removed once a map has said it. */
    public Path failure(String key) {
        return file(key, ".failed");
    }

    /**
     * A folder of its own for the training run of the archive of {@code key}, in the class-data folder (which must be
     * prepared): a copy of this session's function, secret and chunk 0's tasks (hard links where the file system has
     * them), so the training can outlive this session, whose folder is removed when its map ends.
     */
    public SessionDir training(String key) throws IOException {
        Path training = file(key, TRAINING_INFIX + ProcessHandle.current().pid() + "-"
                + Long.toHexString(System.nanoTime()));
        String name = training.getFileName().toString();
        Files.createDirectory(training, SessionDir.dirAttribute());
        SessionDir copy = new SessionDir(training, name);
        try {
            copy.prepareChunk(0);
            for (Path file : List.of(dir.functionFile(), dir.secretFile(), dir.tasksFile(0))) {
                Path to = training.resolve(dir.path().relativize(file));
                try {
                    Files.createLink(to, file);
                } catch (UnsupportedOperationException | IOException e) {
                    Files.copy(file, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            copy.delete();
            throw e;
        } catch (UncheckedIOException e) {
            copy.delete();
            throw e.getCause();
        }
        return copy;
    }

    /** The training folders of {@code key}'s archive, live or left by a maker that was killed. */
    public List<Path> trainingFolders(String key) throws IOException {
        String prefix = "qmr-" + key + TRAINING_INFIX;
        try (java.util.stream.Stream<Path> files = Files.list(SharedFolder.classData(dir.path().getParent()))) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList();
        }
    }

    private static final String TRAINING_INFIX = ".training-";

    /**
     * The work dir's folder of class-data archives, created owner-only (0700) if missing.
     *
     * @throws IOException when it cannot be made, or is not this user's own (see {@link SharedFolder#prepare})
     */
    public void prepareFolder() throws IOException {
        SharedFolder.prepare(SharedFolder.classData(dir.path().getParent()));
    }
}
