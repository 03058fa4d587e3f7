package io.github.qmr.runtime.workdir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * A session's folder in the work dir, with what reads and writes its files: creating it (owner-only, with its secret),
 * the chunks' folders and output files, small files written atomically, and deleting it. The names are
 * {@link SessionLayout}'; the claim protocol, the jobs record and the class-data archives have their own classes
 * ({@link #claims()}, {@link #jobs()}, {@link #classData()}).
 */
public final class SessionDir extends SessionLayout {
    private static final Set<PosixFilePermission> DIR_PERMS = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_PERMS = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> EXEC_PERMS = PosixFilePermissions.fromString("rwx------");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    /** The shard folder {@link #prepareChunk} made or found last. */
    private Path preparedShard;

    SessionDir(Path path, String sessionId) {
        super(path, sessionId);
    }

    /** Creates a new session folder with a fresh unique id under {@code workDir} (created if missing). */
    public static SessionDir create(Path workDir) {
        if (!workDir.isAbsolute()) {
            throw new IllegalArgumentException("the work dir must be an absolute path, got '" + workDir + "'");
        }
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the work dir " + workDir + ": " + e
                    + "; choose a writable folder that the workers can reach", e);
        }
        if (!Files.isWritable(workDir)) {
            throw new UncheckedIOException(new IOException("the work dir " + workDir
                    + " is not writable; choose a writable folder that the workers can reach"));
        }
        String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(STAMP);
        for (int attempt = 0; ; attempt++) {
            String id = "qmr-" + stamp + "-" + String.format("%04x", Random.INSTANCE.nextInt(1 << 16));
            Path dir = workDir.resolve(id);
            try {
                Files.createDirectory(dir, dirAttribute());
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw new UncheckedIOException("cannot find a free session folder name in " + workDir, e);
                }
                continue;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create session folder " + dir + ": " + e, e);
            }
            byte[] secret = new byte[Secrets.SECRET_BYTES];
            Random.INSTANCE.nextBytes(secret);
            try {
                createNew(dir.resolve(SECRET_FILE), HexFormat.of().formatHex(secret) + "\n");
            } catch (IOException e) {
                try {
                    Files.deleteIfExists(dir.resolve(SECRET_FILE));
                    Files.deleteIfExists(dir); // a folder without its secret is of no use to anyone
                } catch (IOException ignored) {
                    // what failed first is what is reported
                }
                throw new UncheckedIOException("cannot write the session's secret " + dir.resolve(SECRET_FILE) + ": "
                        + e + "; check that the work dir is writable and not full", e);
            }
            return new SessionDir(dir, id);
        }
    }

    /** Opens an existing session folder (the worker's view). */
    public static SessionDir open(Path path) {
        if (!Files.isDirectory(path)) {
            throw new UncheckedIOException(new IOException("session folder " + path + " does not exist"
                    + "; the work dir must be on storage shared by the process node and the workers"));
        }
        return new SessionDir(path, path.getFileName().toString());
    }

    /** The claim protocol of pull mode on this session's chunks. */
    public ClaimBoard claims() {
        return new ClaimBoard(this);
    }

    /** The record of the session's queue-jobs. */
    public JobRecord jobs() {
        return new JobRecord(this);
    }

    /** The workers' class-data archives in this session's work dir. */
    public ClassDataFiles classData() {
        return new ClassDataFiles(this);
    }

    /** What this session's chunk folder holds. */
    public ChunkScan scan() {
        return new ChunkScan(path);
    }

    /** Removes the exit note an earlier attempt at the chunk left, before the chunk runs again. */
    public void clearExitNote(int ichunk) {
        try {
            Files.deleteIfExists(exitFile(ichunk));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the old exit note " + exitFile(ichunk) + ": " + e, e);
        }
    }

    /** A heartbeat file's content, or "" when there is none (yet). */
    public static String readHeartbeat(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Creates a file that must not exist yet (0600), with its text. */
    static void createNew(Path file, String text) throws IOException {
        try (var channel = Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                fileAttribute())) {
            channel.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** Only the process node makes session ids: workers do not pay for a SecureRandom's start. */
    private static final class Random {
        static final SecureRandom INSTANCE = new SecureRandom();
    }

    /**
     * Creates the shard folder of a chunk (owner-only). Its output files are made only for a job of its own
     * ({@link #prepareJobLogs}): array elements and pull workers create theirs under the launcher's umask 077, which
     * saves two file creations per chunk, the bulk of staging a session of many chunks on a slow disk.
     */
    public void prepareChunk(int ichunk) {
        Path shard = shard(ichunk);
        if (shard.equals(preparedShard)) {
            return; // made or seen for the chunk before: one look per shard, not one per chunk
        }
        try {
            if (!Files.isDirectory(shard)) {
                Files.createDirectories(shard.getParent(), dirAttribute());
                try {
                    Files.createDirectory(shard, dirAttribute());
                } catch (FileAlreadyExistsException ignored) {
                    // another chunk of the same shard made it
                }
            }
            preparedShard = shard;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare chunk " + ichunk + " in " + shard + ": " + e, e);
        }
    }

    /** Empty stdout/stderr files (0600) for a chunk's own queue-job, which the queue creates with its own umask. */
    public void prepareJobLogs(int ichunk) {
        try {
            createEmpty(stdoutFile(ichunk));
            createEmpty(stderrFile(ichunk));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the output files of chunk " + ichunk + " in "
                    + shard(ichunk) + ": " + e, e);
        }
    }

    /** Creates the session-wide queue log files (0600) that array jobs name for the queue's own output. */
    public void prepareQueueLogs() {
        try {
            createEmpty(queueStdout());
            createEmpty(queueStderr());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the queue log files in " + path + ": " + e, e);
        }
    }

    static void createEmpty(Path file) throws IOException {
        try {
            Files.createFile(file, fileAttribute());
        } catch (FileAlreadyExistsException ignored) {
            // kept from an earlier attempt: the job appends
        }
    }

    /** Writes a small text file atomically (temp + rename) with owner-only permissions from creation. */
    public void writeText(Path file, String text, boolean executable) {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(temp);
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(executable ? EXEC_PERMS : FILE_PERMS));
            Files.writeString(temp, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp); // on a full disk, a leftover would keep it full
            } catch (IOException ignored) {
                // the write failed already; that is what is reported
            }
            throw new UncheckedIOException("cannot write " + file + ": " + e, e);
        }
    }

    /** The last {@code lines} lines of a log's text (all of it when shorter), to quote in a message. */
    public static String lastLines(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** The last {@code maxBytes} of a file as text, or "" if it is missing. */
    public static String tail(Path file, int maxBytes) {
        try (var channel = java.nio.channels.FileChannel.open(file)) {
            long size = channel.size();
            long start = Math.max(0, size - maxBytes);
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) (size - start));
            while (buffer.hasRemaining() && channel.read(buffer, start + buffer.position()) > 0) {
                // keep reading
            }
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
            return start > 0 ? "..." + text : text;
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * A session in a fresh temporary folder, with chunk 0's folder made, for writing a file as a session would (sealed
     * with its own secret) and reading it back; {@link #deleteScratch} removes it.
     */
    public static SessionDir scratch(String prefix) throws IOException {
        SessionDir session = create(Files.createTempDirectory(prefix));
        session.prepareChunk(0);
        return session;
    }

    /** Removes a {@link #scratch} session and its temporary folder. */
    public void deleteScratch() {
        delete();
        try {
            Files.deleteIfExists(path.getParent());
        } catch (IOException e) {
            // a leftover empty temporary folder is harmless
        }
    }

    /** Removes the whole session folder. */
    public void delete() {
        Secrets.forget(path);
        Path walked = moveAway();
        try {
            deleteTree(walked);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete session folder " + path + ": " + e, e);
        }
    }

    /**
     * Removes a folder and what it holds: one read of each folder and one unlink per file. Not {@link Files#delete}
     * per file, which looks at the file before it removes it, nor a file-tree walk, which looks at each entry as well:
     * each look is one more call to a network file system's server, three instead of one for every file of every
     * chunk at a session's end.
     */
    static void deleteTree(Path folder) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                // java.io.File#delete is remove(3): an unlink, and on a folder (EISDIR) an rmdir, which fails while
                // the folder holds files; it says no more than false, so a failure is looked at below
                if (!entry.toFile().delete()) {
                    BasicFileAttributes attributes;
                    try {
                        attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    } catch (NoSuchFileException gone) {
                        continue; // a network file system's cache named a file already gone
                    }
                    if (attributes.isDirectory()) {
                        deleteTree(entry);
                    } else {
                        Files.deleteIfExists(entry); // fails again, now with the reason
                    }
                }
            }
        } catch (NoSuchFileException gone) {
            return;
        }
        try {
            Files.deleteIfExists(folder);
        } catch (DirectoryNotEmptyException e) {
            // a straggling writer (late NFS attribute) left a file; leave the folder
        }
    }

    /**
     * The first step of {@link #delete()}: the folder is renamed to a hidden sibling, which the walk then removes. A
     * worker still ending resolves every file by the session's path, so from here on it can neither re-claim a chunk
     * whose claim and result the walk removes nor leave new files behind. Returns the folder to walk (the session's
     * own path when it cannot be renamed).
     */
    Path moveAway() {
        Path gone = path.resolveSibling("." + path.getFileName() + ".deleting-" + Long.toHexString(System.nanoTime()));
        try {
            Files.move(path, gone, StandardCopyOption.ATOMIC_MOVE);
            return gone;
        } catch (IOException e) {
            return path;
        }
    }

    static FileAttribute<Set<PosixFilePermission>> dirAttribute() {
        return PosixFilePermissions.asFileAttribute(DIR_PERMS);
    }

    static FileAttribute<Set<PosixFilePermission>> fileAttribute() {
        return PosixFilePermissions.asFileAttribute(FILE_PERMS);
    }
}
