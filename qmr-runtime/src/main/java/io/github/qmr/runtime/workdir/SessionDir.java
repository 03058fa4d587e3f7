package io.github.qmr.runtime.workdir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
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
 * The one class that knows the names and layout of a session's files in the work dir.
 *
 * <pre>
 * WORKDIR/SESSION/                      owner-only (0700) from creation; SESSION = qmr-20261125T162427Z-3f9a
 *   function.bin                        the function: a class name or a serialized instance/lambda
 *   worker.args                         the worker JVM's argument file (classpath, JVM options)
 *   launcher.sh                         exports the environment, then runs java @worker.args WorkerMain
 *   session.key                         what makes two maps the same (function, tasks, classpath): for resuming
 *   jobs                                the id of every queue-job submitted, one a line, written as submitted
 *   lease                               host, pid, start time of the process running the session and a count,
 *                                       rewritten every 15 s while it runs
 *   session.secret                      0600: the HMAC key that seals this session's task, result and function
 *                                       files (first line), then the keys of the earlier sessions it adopted
 *   chunks/000000/000000007.tasks       chunk 7's tasks; at most 1000 chunks per shard folder
 *   chunks/000000/000000007.result      its outcomes, renamed into place when complete
 *   chunks/000000/000000007.exit        written by a worker that stopped before the chunk was complete
 *   chunks/000000/000000007.failed      written before the result when tasks failed: their count and the first
 *   chunks/000000/000000007.stdout      the queue-job's stdout and stderr (all attempts)
 *   chunks/000000/000000007.stderr
 *   chunks/000000/000000007.claim       pull mode: a hard link to the ticket of the worker that runs the chunk
 *   chunks/000000/000000007.beat        jobs mode: the heartbeat of the chunk's worker ("host pid count"), rewritten
 *                                       every heartbeatTimeout/8 while it runs; watched for change by the monitor
 *   claimers/000003.ticket              pull mode: worker 3's number, the target of its claim links; written when
 *                                       the worker has started (it read the function)
 *   claimers/000003.beat                pull mode: worker 3's heartbeat, as a chunk's in jobs mode
 *   claimers/000003.stdout              pull mode: what worker 3's JVM prints outside a chunk
 *   claimers/000003.stderr
 * WORKDIR/cds/qmr-0123456789abcdef01234567.jsa   the workers' class-data archive, one per java + classpath + options
 * WORKDIR/cds/qmr-0123456789abcdef01234567.making   while it is made: what its maker prints (the maker's lock)
 * WORKDIR/cds/qmr-0123456789abcdef01234567.failed   why it could not be made, until a map has said so
 * WORKDIR/cds/qmr-0123456789abcdef01234567.training-PID-N/   the training run's copy of a session (function,
 *                                       secret, chunk 0's tasks), its output and the archive before it is checked
 * WORKDIR/classpath/&lt;sha256&gt;.jar                the plugin's staged classpath (see {@link SharedFolder})
 * </pre>
 */
public final class SessionDir {
    public static final String FUNCTION_FILE = "function.bin";
    public static final String ARGS_FILE = "worker.args";
    public static final String LAUNCHER_FILE = "launcher.sh";
    public static final String KEY_FILE = "session.key";
    public static final String SECRET_FILE = "session.secret";
    static final String CLASSPATH_FOLDER = "classpath";
    static final String CLASS_DATA_FOLDER = "cds";
    private static final int SECRET_BYTES = 32;
    static final int CHUNKS_PER_SHARD = 1000;

    private static final Set<PosixFilePermission> DIR_PERMS = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_PERMS = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> EXEC_PERMS = PosixFilePermissions.fromString("rwx------");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private final Path path;
    private final String sessionId;

    private SessionDir(Path path, String sessionId) {
        this.path = path;
        this.sessionId = sessionId;
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
            byte[] secret = new byte[SECRET_BYTES];
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

    public Path path() {
        return path;
    }

    public String sessionId() {
        return sessionId;
    }

    /** The queue-job name of a chunk: only characters every queue accepts in a job name. */
    public String jobName(int ichunk) {
        return sessionId + "#" + chunkName(ichunk);
    }

    public Path keyFile() {
        return path.resolve(KEY_FILE);
    }

    /**
     * The other session folders in the work dir that were made for the same map (same key), newest first, which
     * this session adopts: only folders owned by this user with mode 0700 (what qmr makes) qualify, since anyone who
     * can write to the work dir could plant a folder with a matching key (it is computed from public inputs). From
     * now on this session also accepts the files sealed by the adopted ones (their secrets are added to its own
     * secret file), so their results can be taken over as they are.
     */
    /** The session folders in {@code workDir} (any map's), newest first; none when it does not exist. */
    public static List<SessionDir> sessionsIn(Path workDir) {
        List<SessionDir> found = new java.util.ArrayList<>();
        if (!Files.isDirectory(workDir)) {
            return found;
        }
        try (java.util.stream.Stream<Path> entries = Files.list(workDir)) {
            for (Path folder : entries.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (folder.getFileName().toString().startsWith("qmr-")
                        && Files.isRegularFile(folder.resolve(KEY_FILE), java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        && SharedFolder.untrusted(folder, true) == null) {
                    found.add(new SessionDir(folder, folder.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the sessions in " + workDir + ": " + e, e);
        }
        return found;
    }

    /**
     * What the chunk folder holds, counted by kind in one pass: chunks staged, with a result, with failed tasks, held
     * by a pull-mode worker (a claim without a result), and with tasks saved by a worker that has not ended them
     * (a partial file); the newest result's time, or null.
     */
    public record ChunkCounts(int staged, int done, int withFailures, int claimed, int partial,
            java.time.Instant lastResult) {}

    public ChunkCounts countChunks() {
        java.util.Set<String> results = new java.util.HashSet<>();
        java.util.Set<String> claims = new java.util.HashSet<>();
        int staged = 0;
        int failures = 0;
        int partial = 0;
        java.time.Instant last = null;
        Path chunks = path.resolve("chunks");
        if (!Files.isDirectory(chunks)) {
            return new ChunkCounts(0, 0, 0, 0, 0, null);
        }
        try (java.util.stream.Stream<Path> shards = Files.list(chunks)) {
            for (Path shard : shards.toList()) {
                try (java.util.stream.Stream<Path> files = Files.list(shard)) {
                    for (Path f : files.toList()) {
                        String name = f.getFileName().toString();
                        int dot = name.lastIndexOf('.');
                        String chunk = dot < 0 ? name : name.substring(0, dot);
                        switch (dot < 0 ? "" : name.substring(dot + 1)) {
                            case "tasks" -> staged++;
                            case "result" -> {
                                results.add(chunk);
                                java.time.Instant t = Files.getLastModifiedTime(f).toInstant();
                                last = last == null || t.isAfter(last) ? t : last;
                            }
                            case "failed" -> failures++;
                            case "claim" -> claims.add(chunk);
                            case "partial" -> partial++;
                            default -> { }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the chunks of " + path + ": " + e, e);
        }
        claims.removeAll(results);
        return new ChunkCounts(staged, results.size(), failures, claims.size(), partial, last);
    }

    /**
     * The notes of the chunks with failed tasks (their {@code .failed} files: the count, then the first failure with
     * its task's parameters), the first {@code max} by chunk number: chunk number to {@code count + "\n" + first}.
     */
    public java.util.SortedMap<Integer, String> failureNotes(int max) {
        java.util.SortedMap<Integer, String> notes = new java.util.TreeMap<>();
        Path chunks = path.resolve("chunks");
        if (!Files.isDirectory(chunks)) {
            return notes;
        }
        try (java.util.stream.Stream<Path> shards = Files.list(chunks)) {
            for (Path shard : shards.sorted().toList()) {
                try (java.util.stream.Stream<Path> files = Files.list(shard)) {
                    for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".failed")).sorted().toList()) {
                        if (notes.size() >= max) {
                            return notes;
                        }
                        String name = f.getFileName().toString();
                        notes.put(Integer.parseInt(name.substring(0, name.indexOf('.'))), tail(f, 4000).strip());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the chunks of " + path + ": " + e, e);
        }
        return notes;
    }

    public List<SessionDir> earlierSessionsWithKey(String key) {
        List<SessionDir> found = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> entries = Files.list(path.getParent())) {
            for (Path other : entries.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Path keyFile = other.resolve(KEY_FILE);
                if (!other.equals(path) && other.getFileName().toString().startsWith("qmr-")
                        && SharedFolder.untrusted(other, true) == null
                        && Files.isRegularFile(keyFile, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        && SharedFolder.untrusted(keyFile, false) == null
                        && Files.readString(keyFile).strip().equals(key)) {
                    found.add(new SessionDir(other, other.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for earlier sessions in " + path.getParent() + ": " + e, e);
        }
        if (found.isEmpty()) {
            return found;
        }
        List<byte[]> keys = new java.util.ArrayList<>(Secrets.read(path));
        for (SessionDir earlier : found) {
            try {
                keys.add(Secrets.read(earlier.path).get(0));
            } catch (UncheckedIOException e) {
                // no usable secret (an older qmr's folder): its results fail their check and are computed again
            }
        }
        StringBuilder text = new StringBuilder();
        for (byte[] k : keys) {
            text.append(HexFormat.of().formatHex(k)).append('\n');
        }
        writeText(path.resolve(SECRET_FILE), text.toString(), false);
        Secrets.forget(path);
        return found;
    }

    /**
     * The secret keys of the session folder that holds {@code file} (a task, result or function file, or its
     * temporary sibling): the first seals what this session writes; every one is accepted on reading. Read once per
     * session folder and JVM.
     *
     * @throws UncheckedIOException saying which secret file is missing or unreadable, and what to do
     */
    public static List<byte[]> sealKeysOf(Path file) {
        return Secrets.read(folderOf(file));
    }

    /** The session folder that holds {@code file}: a task, result or function file, or its temporary sibling. */
    public static Path folderOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        Path grand = parent.getParent();
        return grand != null && grand.getFileName() != null && grand.getFileName().toString().equals("chunks")
                ? grand.getParent() : parent;
    }

    /** Session secrets by folder: the process node reads many files of few sessions. */
    private static final class Secrets {
        private static final java.util.Map<Path, List<byte[]>> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

        static List<byte[]> read(Path folder) {
            List<byte[]> keys = CACHE.get(folder);
            if (keys == null) {
                keys = load(folder.resolve(SECRET_FILE));
                CACHE.put(folder, keys);
            }
            return keys;
        }

        static void forget(Path folder) {
            CACHE.remove(folder);
        }

        private static List<byte[]> load(Path secret) {
            String text;
            try {
                text = Files.readString(secret, StandardCharsets.US_ASCII);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new UncheckedIOException("the session's secret " + secret + " is missing (deleted after the"
                        + " session began, or the folder was not made by this version of qmr), so no file of the"
                        + " session can be checked and the session cannot go on: delete the session folder "
                        + secret.getParent() + " and run the map again", e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the session's secret " + secret + ": " + e + "; it is"
                        + " readable by its owner only (0600), so the workers must run as the user who started the map",
                        e);
            }
            List<byte[]> keys = new java.util.ArrayList<>();
            for (String line : text.split("\n")) {
                if (!line.isBlank()) {
                    try {
                        keys.add(HexFormat.of().parseHex(line.strip()));
                    } catch (IllegalArgumentException e) {
                        keys.clear();
                        break;
                    }
                }
            }
            if (keys.isEmpty() || keys.get(0).length != SECRET_BYTES) {
                String message = "the session's secret " + secret + " is damaged (not lines of " + SECRET_BYTES
                        + " hex bytes); delete the session folder and run the map again";
                throw new UncheckedIOException(message, new IOException(message));
            }
            return List.copyOf(keys);
        }
    }

    public Path functionFile() {
        return path.resolve(FUNCTION_FILE);
    }

    /**
     * A pre-flight check's outcome, written by its JVM once it ends the check (see {@code worker.PreflightMain}):
     * how many tasks ran and how long they took, or which task failed and how.
     */
    public Path preflightOutcome() {
        return path.resolve("preflight.outcome");
    }

    /** The index of the task a pre-flight JVM is running, written before each: who to blame when the JVM dies. */
    public Path preflightProgress() {
        return path.resolve("preflight.progress");
    }

    public Path argsFile() {
        return path.resolve(ARGS_FILE);
    }

    public Path launcher() {
        return path.resolve(LAUNCHER_FILE);
    }

    public Path tasksFile(int ichunk) {
        return shard(ichunk).resolve(chunkName(ichunk) + ".tasks");
    }

    public Path resultFile(int ichunk) {
        return shard(ichunk).resolve(chunkName(ichunk) + ".result");
    }

    /**
     * The chunk's outcomes saved by its worker as each task finishes (see {@code codec.PartialFile}), so a later
     * attempt runs only the missing tasks; removed once the result is there.
     */
    public Path partialFile(int ichunk) {
        return shard(ichunk).resolve(chunkName(ichunk) + ".partial");
    }

    /**
     * Written by a worker before the chunk's result when any of its tasks failed: the count on the first line, then
     * the first failure ({@code itask N: class: message}), so the process node learns of failures as chunks end
     * without decoding results, and a rerun knows which chunks to run again.
     */
    public Path failedFile(int ichunk) {
        return shard(ichunk).resolve(chunkName(ichunk) + ".failed");
    }

    /** Written by a worker JVM that stops before its chunk is complete: which task it was in, and why. */
    public Path exitFile(int ichunk) {
        return shard(ichunk).resolve(chunkName(ichunk) + ".exit");
    }

    /** Removes the exit note an earlier attempt at the chunk left, before the chunk runs again. */
    public void clearExitNote(int ichunk) {
        try {
            Files.deleteIfExists(exitFile(ichunk));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the old exit note " + exitFile(ichunk) + ": " + e, e);
        }
    }

    /**
     * Jobs mode: the heartbeat of the worker that runs the chunk, {@code host pid count}, rewritten at a steady rate
     * while it runs (see {@code worker.Heartbeat}); the monitor takes a worker whose heartbeat it sees unchanged for
     * longer than {@code heartbeatTimeout} as lost.
     */
    public Path chunkHeartbeat(int ichunk) {
        return shard(ichunk).resolve(chunkName(ichunk) + ".beat");
    }

    /** Pull mode: worker {@code claimer}'s heartbeat, as {@link #chunkHeartbeat} is a chunk's in jobs mode. */
    public Path claimerHeartbeat(int claimer) {
        return claimers().resolve(digits(claimer, 6) + ".beat");
    }

    /** A heartbeat file's content, or "" when there is none (yet). */
    public static String readHeartbeat(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    public Path stdoutFile(int ichunk) {
        return shard(ichunk).resolve(chunkName(ichunk) + ".stdout");
    }

    public Path stderrFile(int ichunk) {
        return shard(ichunk).resolve(chunkName(ichunk) + ".stderr");
    }

    /** The workers' class-data archive for a key (a hash of java, classpath and options), shared by sessions. */
    public Path classDataArchive(String key) {
        return classDataFile(key, ".jsa");
    }

    private Path classDataFile(String key, String suffix) {
        return SharedFolder.classData(path.getParent()).resolve("qmr-" + key + suffix);
    }

    /** Exists while the archive of a key is being made, holding what its maker prints; made with CREATE_NEW. */
    public Path classDataMarker(String key) {
        return classDataFile(key, ".making");
    }

    /** Why the archive of a key could not be made, written by its maker; removed once a map has said it. */
    public Path classDataFailure(String key) {
        return classDataFile(key, ".failed");
    }

    /**
     * A folder of its own for the training run of the archive of {@code key}, in the class-data folder (which must be
     * prepared): a copy of this session's function, secret and chunk 0's tasks (hard links where the file system has
     * them), so the training can outlive this session, whose folder is removed when its map ends.
     */
    public SessionDir classDataTraining(String key) throws IOException {
        Path training = classDataFile(key, TRAINING_INFIX + ProcessHandle.current().pid() + "-"
                + Long.toHexString(System.nanoTime()));
        String name = training.getFileName().toString();
        Files.createDirectory(training, dirAttribute());
        SessionDir copy = new SessionDir(training, name);
        try {
            copy.prepareChunk(0);
            for (Path file : List.of(functionFile(), path.resolve(SECRET_FILE), tasksFile(0))) {
                Path to = training.resolve(path.relativize(file));
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
    public List<Path> classDataTrainingFolders(String key) throws IOException {
        String prefix = "qmr-" + key + TRAINING_INFIX;
        try (java.util.stream.Stream<Path> files = Files.list(SharedFolder.classData(path.getParent()))) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList();
        }
    }

    /** In a training folder: the archive the training run writes, renamed into place once a JVM maps it. */
    public Path trainedArchive() {
        return path.resolve("trained.jsa");
    }

    /** In a training folder: what the training and check runs print. */
    public Path trainingLog() {
        return path.resolve("training.log");
    }

    private static final String TRAINING_INFIX = ".training-";

    /**
     * The work dir's folder of class-data archives, created owner-only (0700) if missing.
     *
     * @throws IOException when it cannot be made, or is not this user's own (see {@link SharedFolder#prepare})
     */
    public void prepareClassDataFolder() throws IOException {
        SharedFolder.prepare(SharedFolder.classData(path.getParent()));
    }

    /** The queue-job name of claimer {@code k} in claim mode. */
    public String claimerJobName(int claimer) {
        return sessionId + "#claim-" + digits(claimer, 6);
    }

    /** Claim mode: exists while a claimer holds (or held) the chunk; its content is the claimer's number. */
    public Path claimFile(int ichunk) {
        return shard(ichunk).resolve(chunkName(ichunk) + ".claim");
    }

    private Path claimers() {
        return path.resolve("claimers");
    }

    public Path claimerTicket(int claimer) {
        return claimers().resolve(digits(claimer, 6) + ".ticket");
    }

    public Path claimerStdout(int claimer) {
        return claimers().resolve(digits(claimer, 6) + ".stdout");
    }

    public Path claimerStderr(int claimer) {
        return claimers().resolve(digits(claimer, 6) + ".stderr");
    }

    /** The process node: the claimers folder (owner-only) and empty output files (0600) for claimer {@code k}. */
    public void prepareClaimer(int claimer) {
        try {
            try {
                Files.createDirectory(claimers(), dirAttribute());
            } catch (FileAlreadyExistsException ignored) {
                // made for an earlier claimer
            }
            createEmpty(claimerStdout(claimer));
            createEmpty(claimerStderr(claimer));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare claimer " + claimer + " in " + claimers() + ": " + e, e);
        }
    }

    /**
     * Claims the chunk unless it is taken or done: a chunk with a claim file is taken, and is passed with a stat that
     * finds its file, far cheaper than a failed link (an exception each) for a worker that starts late and meets
     * thousands of them. Returns whether this claimer got it.
     */
    public boolean claimIfOpen(int ichunk, int claimer) {
        return !Files.exists(claimFile(ichunk)) && !Files.exists(resultFile(ichunk)) && claim(ichunk, claimer);
    }

    /**
     * A claimer takes a chunk: a hard link from the chunk's claim file to its ticket appears atomically with the
     * claimer's number in it, so exactly one claimer wins and the process node can tell which. Returns false when
     * the chunk was claimed already.
     */
    public boolean claim(int ichunk, int claimer) {
        Path claim = claimFile(ichunk);
        try {
            Files.createLink(claim, claimerTicket(claimer));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | IOException e) {
            // no hard links here: an exclusive create wins just as surely; its number follows at once
            try {
                createNew(claim, claimer + "\n");
                return true;
            } catch (FileAlreadyExistsException taken) {
                return false;
            } catch (IOException e2) {
                // sshfs reports a lost race as EPERM, not EEXIST, when its cache did not know the name yet: the
                // claim file is there then, and says who won
                if (Files.exists(claim)) {
                    return claimOwner(ichunk) == claimer;
                }
                throw new UncheckedIOException("cannot claim chunk " + ichunk + " (" + claim + "): " + e2
                        + "; check that the work dir is writable from the workers", e2);
            }
        }
    }

    /** Claimer {@code k}'s ticket: its number, the target of its claim links. Written once, before any claim. */
    public void writeClaimerTicket(int claimer) {
        writeText(claimerTicket(claimer), claimer + "\n", false);
    }

    /**
     * Who holds the chunk's claim: the claimer's number; {@link #UNCLAIMED}; or {@link #CLAIM_UNKNOWN} for a claim
     * whose number is not written yet (only without hard links) or was blocked by the process node.
     */
    public int claimOwner(int ichunk) {
        try {
            String text = Files.readString(claimFile(ichunk), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? CLAIM_UNKNOWN : Integer.parseInt(text);
        } catch (java.nio.file.NoSuchFileException e) {
            return UNCLAIMED;
        } catch (IOException | NumberFormatException e) {
            return CLAIM_UNKNOWN;
        }
    }

    public static final int UNCLAIMED = -1;
    public static final int CLAIM_UNKNOWN = -2;

    /** Frees the claim of a chunk whose claimer is gone, so another claimer can take it. */
    public void releaseClaim(int ichunk) {
        try {
            Files.deleteIfExists(claimFile(ichunk));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the claim " + claimFile(ichunk) + ": " + e, e);
        }
    }

    /** Makes a chunk that failed for good unclaimable (its stale claim, if any, stays and does the same). */
    public void blockClaim(int ichunk) {
        try {
            createNew(claimFile(ichunk), "blocked\n");
        } catch (FileAlreadyExistsException e) {
            // held by a claimer that is gone: nobody takes it either
        } catch (IOException e) {
            throw new UncheckedIOException("cannot block " + claimFile(ichunk) + ": " + e, e);
        }
    }

    /** Creates a file that must not exist yet (0600), with its text. */
    private static void createNew(Path file, String text) throws IOException {
        try (var channel = Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                fileAttribute())) {
            channel.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** The name of an array job of pull-mode workers {@code first..last}. */
    public String workersJobName(int first, int last) {
        return sessionId + "#workers-" + digits(first, 6) + "-" + digits(last, 6);
    }

    /** The name of an array job running chunks {@code first..last}. */
    public String arrayJobName(int first, int last) {
        return sessionId + "#" + chunkName(first) + "-" + chunkName(last);
    }

    /** Where the queue writes what an array job prints before its script redirects per element. */
    public Path queueStdout() {
        return path.resolve("queue.stdout");
    }

    public Path queueStderr() {
        return path.resolve("queue.stderr");
    }

    /**
     * A POSIX sh word that expands to the path prefix of chunk {@code $var} ({@code ...000000007}; add
     * {@code .stdout} etc.), so the launcher of an array element finds its chunk's files by the same rule.
     */
    public String shellChunkPrefix(String var) {
        return "\"" + path.resolve("chunks").toString().replace("\\", "\\\\").replace("\"", "\\\"")
                .replace("$", "\\$").replace("`", "\\`")
                + "/$(printf %06d $((" + var + " / " + CHUNKS_PER_SHARD + ")))/$(printf %09d \"$" + var + "\")\"";
    }

    /**
     * Held by the live process that runs the session: {@code host pid start-millis count} of that process, rewritten
     * with the next count at a steady rate (see {@code session.Lease}); removed when the session ends or is stopped.
     */
    public Path leaseFile() {
        return path.resolve("lease");
    }

    /** The ids of every queue-job the session submitted, one a line, appended as they are submitted. */
    public Path jobsFile() {
        return path.resolve("jobs");
    }

    /** Appends job ids to {@link #jobsFile()} (0600), so a rerun after a crash finds jobs that may still run. */
    public void recordJobs(List<String> ids) {
        StringBuilder lines = new StringBuilder();
        for (String id : ids) {
            lines.append(id).append('\n');
        }
        try (var channel = Files.newByteChannel(jobsFile(), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND), fileAttribute())) {
            channel.write(java.nio.ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the queue-jobs " + ids + " in " + jobsFile() + ": " + e, e);
        }
    }

    /** The job ids {@link #recordJobs} wrote, in order; none if there is no such file. */
    public List<String> recordedJobs() {
        try {
            return Files.exists(jobsFile()) ? Files.readAllLines(jobsFile(), StandardCharsets.UTF_8).stream()
                    .map(String::strip).filter(line -> !line.isEmpty()).distinct().toList() : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the queue-jobs recorded in " + jobsFile() + ": " + e, e);
        }
    }

    /** A POSIX sh word that expands to the path prefix of worker {@code $var}'s own output files (add .stdout). */
    public String shellClaimerPrefix(String var) {
        return "\"" + claimers().toString().replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$")
                .replace("`", "\\`") + "/$(printf %06d \"$" + var + "\")\"";
    }

    /** The folder of the workers' tickets and output files, owner-only; made before a worker is submitted. */
    public void prepareClaimers() {
        try {
            Files.createDirectory(claimers(), dirAttribute());
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // made for an earlier worker
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + claimers() + ": " + e, e);
        }
    }

    /**
     * {@code n} zero-padded to {@code width} digits. Not String.format: on a worker its first call loads the regex,
     * locale and formatter classes, several milliseconds of every worker's start.
     */
    static String digits(int n, int width) {
        String s = Integer.toString(n);
        return s.length() >= width ? s : "000000000".substring(0, width - s.length()) + s;
    }

    /** Only the process node makes session ids: workers do not pay for a SecureRandom's start. */
    private static final class Random {
        static final SecureRandom INSTANCE = new SecureRandom();
    }

    public static String chunkName(int ichunk) {
        return digits(ichunk, 9);
    }

    private Path shard(int ichunk) {
        return path.resolve("chunks").resolve(digits(ichunk / CHUNKS_PER_SHARD, 6));
    }

    /**
     * Creates the shard folder of a chunk (owner-only). Its output files are made only for a job of its own
     * ({@link #prepareJobLogs}): array elements and claimers create theirs under the launcher's umask 077, which
     * saves two file creations per chunk, the bulk of staging a session of many chunks on a slow disk.
     */
    public void prepareChunk(int ichunk) {
        Path shard = shard(ichunk);
        try {
            if (!Files.isDirectory(shard)) {
                Files.createDirectories(shard.getParent(), dirAttribute());
                try {
                    Files.createDirectory(shard, dirAttribute());
                } catch (FileAlreadyExistsException ignored) {
                    // another chunk of the same shard made it
                }
            }
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

    private static void createEmpty(Path file) throws IOException {
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
            Files.walkFileTree(walked, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    if (exc instanceof java.nio.file.NoSuchFileException) {
                        return FileVisitResult.CONTINUE; // a network file system's cache named a file already gone
                    }
                    throw exc;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    try {
                        Files.deleteIfExists(dir);
                    } catch (DirectoryNotEmptyException e) {
                        // a straggling writer (late NFS attribute) left a file; leave the folder
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete session folder " + path + ": " + e, e);
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

    private static FileAttribute<Set<PosixFilePermission>> fileAttribute() {
        return PosixFilePermissions.asFileAttribute(FILE_PERMS);
    }
}
