package io.github.qmr.runtime.session;

import io.github.qmr.runtime.process.Background;
import io.github.qmr.runtime.workdir.ClassDataFiles;
import io.github.qmr.runtime.workdir.SessionDir;
import io.github.qmr.runtime.workdir.SharedFolder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * An application class-data archive (AppCDS) for the worker JVMs: the classes a worker loads (Kryo, qmr's codec, the
 * function and task classes), parsed and verified once and mapped by every later worker. It is made once per worker
 * {@code java}, classpath and JVM options (the name is a hash of them, with each file's size and modification time)
 * by a short training run on the process node, and kept in the work dir for later maps.
 *
 * <p>The first map of a classpath does not wait for it: its workers are submitted at once, and a background process
 * (the maker, {@code worker.ArchiveMaker}: a process, not a thread, so the process node keeps its one thread) makes
 * the archive
 * under a temporary name, checks that a JVM maps it and only then renames it into place. Each worker's launcher maps
 * it if it is in place when the worker starts, so later workers of that map and every later map use it. The maker
 * outlives the pool if it must ({@link #close} waits for it a while), so a build that runs one map per JVM still gets
 * the archive for its next run; stopped midway, it removes what it made.
 *
 * <p>The archive stays in the work dir, not in a cache shared by work dirs: the workers on other nodes must read it,
 * and the work dir is the one folder known to be shared with them (and checked to be this user's own); and the JVM
 * maps an archive only with the very jars it was made from (paths, sizes, times), which the plugin stages anew in each
 * work dir.
 *
 * <p>CDS takes jars only: with a folder on the classpath the workers start without an archive. Nothing here can
 * fail a map: if the archive cannot be made or does not load, the workers start without one and a notice says why,
 * once.
 */
public final class ClassDataArchive {
    /** A maker's lock older than this belongs to a maker that was killed with everything else (kill -9). */
    private static final Duration MAKER_GONE = ClassDataFiles.RUN_TIMEOUT.multipliedBy(2).plusMinutes(2);
    /** How long {@link #close} waits for a maker this pool started; after that it finishes on its own. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
    /** The maker's main class, run on this node ({@code worker.ArchiveMaker}). */
    private static final String MAKER_MAIN = "io.github.qmr.runtime.worker.ArchiveMaker";

    /** What the workers of one map get. */
    public record Use(List<String> options, Path whenMade) {
        /** No archive. */
        public static final Use NONE = new Use(List.of(), null);

        /**
         * @param options JVM options for every worker: the archive's, when it is in place already
         * @param whenMade an archive being made now, for the launcher to map once it is in place; or null
         */
        public Use {
            options = List.copyOf(options);
        }
    }

    private record Making(String key, Process process, Path marker, Path failure, Path training) {}

    /** Keys whose archive failed (said once): not tried again by this pool. */
    private final Set<String> failedKeys = new HashSet<>();
    /** The makers this pool started, by key. */
    private final Map<String, Making> making = new LinkedHashMap<>();

    /** One per pool: it remembers the makers it started and the failures it said (maps may run on many threads). */
    public ClassDataArchive() {}

    /** The archive for the workers of {@code dir}'s map. {@code explicit}: the user asked for an archive. */
    public synchronized Use forWorkers(SessionDir dir, Path java, List<Path> classpath, List<String> jvmOptions,
            boolean explicit, Session session) {
        Consumer<String> warn = text -> session.notice(true, dir.sessionId() + ": " + text);
        collect(warn);
        for (Path entry : classpath) {
            if (!Files.isRegularFile(entry) || !entry.getFileName().toString().endsWith(".jar")) {
                if (explicit) {
                    session.notice(false, dir.sessionId() + ": the workers start without a class-data archive: their"
                            + " classpath holds " + entry + ", which is not a jar, and CDS takes jars only; package"
                            + " it as a jar to start each worker faster");
                }
                return Use.NONE;
            }
        }
        String key;
        try {
            key = key(java, classpath, jvmOptions);
        } catch (IOException e) {
            warn.accept("the workers start without a class-data archive: " + e);
            return Use.NONE;
        }
        if (failedKeys.contains(key)) {
            return Use.NONE; // said once already in this pool
        }
        Path archive = dir.classData().archive(key);
        // an archive is code every worker maps: only one this user made, in a folder nobody else can write, is used
        String untrusted;
        try {
            dir.classData().prepareFolder();
            untrusted = Files.exists(archive, LinkOption.NOFOLLOW_LINKS) ? SharedFolder.untrusted(archive, false)
                    : null;
            if (untrusted != null) {
                untrusted = SharedFolder.refusal(archive, untrusted);
            }
        } catch (IOException e) {
            untrusted = e.getMessage();
        }
        if (untrusted != null) {
            failedKeys.add(key);
            warn.accept("the workers start without a class-data archive: " + untrusted);
            return Use.NONE;
        }
        if (Files.isRegularFile(archive, LinkOption.NOFOLLOW_LINKS)) {
            return new Use(List.of(ClassDataFiles.JVM_OPTION + archive), null);
        }
        if (sayFailure(key, dir.classData().failure(key), warn)) {
            return Use.NONE; // an earlier pool's maker failed: said now; a later pool tries again
        }
        Path marker = dir.classData().marker(key);
        if (Files.exists(marker, LinkOption.NOFOLLOW_LINKS)) {
            if (making.containsKey(key) || !olderThan(marker, MAKER_GONE)) {
                return new Use(List.of(), archive); // being made by this pool or another
            }
            removeLeftovers(dir, key, marker); // its maker was killed before it could clean up
        }
        String why = startMaker(dir, key, java, classpath, jvmOptions);
        if (why == null || why.isEmpty()) {
            return new Use(List.of(), archive); // being made now (by this pool, or another that just took the lock)
        }
        failedKeys.add(key);
        warn.accept(failed(archive.getParent(), why));
        return Use.NONE;
    }

    /**
     * Waits a while for the makers this pool started, so nothing of the pool writes into the work dir after it is
     * closed (a caller may remove the work dir next), and says what failed. A maker still running after the wait
     * finishes on its own.
     */
    public synchronized void close(Consumer<String> warnings) {
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        for (Making m : making.values()) {
            try {
                m.process().waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        collect(warnings);
    }

    /** Says the failures of this pool's makers that have ended. */
    private void collect(Consumer<String> warn) {
        for (Iterator<Making> it = making.values().iterator(); it.hasNext(); ) {
            Making m = it.next();
            if (m.process().isAlive()) {
                continue;
            }
            it.remove();
            if (sayFailure(m.key(), m.failure(), warn)) {
                continue;
            }
            if (Files.exists(m.marker(), LinkOption.NOFOLLOW_LINKS)) {
                // the maker did not get to clean up: its JVM did not start, or it was killed
                String printed = SessionDir.tail(m.marker(), 2000).strip();
                deleteQuietly(m.marker());
                deleteTree(m.training());
                failedKeys.add(m.key());
                warn.accept(failed(m.marker().getParent(), "its maker ended with exit code "
                        + m.process().exitValue() + (printed.isEmpty() ? "" : ":\n" + printed)));
            }
        }
    }

    /** Says the failure the maker recorded, once: the record goes once said; true if there was one. */
    private boolean sayFailure(String key, Path failure, Consumer<String> warn) {
        if (!Files.isRegularFile(failure, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        String why;
        try {
            why = Files.readString(failure, StandardCharsets.UTF_8).strip();
            Files.deleteIfExists(failure);
        } catch (IOException e) {
            why = "(its record " + failure + " cannot be read: " + e + ")";
        }
        failedKeys.add(key);
        warn.accept(failed(failure.getParent(), why));
        return true;
    }

    private static String failed(Path folder, String why) {
        return "the workers start without a class-data archive, which could not be made in " + folder + ": " + why;
    }

    /**
     * Starts the maker in the background: null when it runs, "" when another process holds the lock, else why it
     * could not start.
     */
    private String startMaker(SessionDir dir, String key, Path java, List<Path> classpath, List<String> jvmOptions) {
        Path marker = dir.classData().marker(key);
        try {
            Files.newByteChannel(marker, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))).close();
        } catch (FileAlreadyExistsException e) {
            return "";
        } catch (IOException e) {
            return "cannot create " + marker + ": " + e;
        }
        SessionDir training = null;
        try {
            training = dir.classData().training(key);
            List<String> argv = new ArrayList<>();
            Path nice = nice();
            if (nice != null) {
                argv.addAll(List.of(nice.toString(), "-n", "10")); // the first workers may share this node's cores
            }
            argv.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx64m", "-cp", makerClasspath(classpath),
                    MAKER_MAIN, dir.classData().archive(key).toString(), training.path().toString(),
                    marker.toString(), dir.classData().failure(key).toString(), java.toString(), joined(classpath)));
            argv.addAll(jvmOptions);
            Process process = Background.start(argv, marker);
            making.put(key, new Making(key, process, marker, dir.classData().failure(key), training.path()));
            return null;
        } catch (IOException | RuntimeException e) {
            if (training != null) {
                deleteTree(training.path());
            }
            deleteQuietly(marker);
            return "its maker could not start: " + e;
        }
    }

    /** Where this class was loaded from (the maker then runs the same qmr as this process), else the workers' jars. */
    private static String makerClasspath(List<Path> classpath) {
        try {
            var source = ClassDataArchive.class.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null) {
                return Path.of(source.getLocation().toURI()).toString();
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // not a file: the workers' classpath holds qmr too
        }
        return joined(classpath);
    }

    private static String joined(List<Path> classpath) {
        return classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    private static Path nice() {
        for (String candidate : List.of("/usr/bin/nice", "/bin/nice")) {
            Path p = Path.of(candidate);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static boolean olderThan(Path file, Duration age) {
        try {
            FileTime modified = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS);
            return modified.toInstant().isBefore(Instant.now().minus(age));
        } catch (IOException e) {
            return false; // gone meanwhile: its maker just finished
        }
    }

    private static void removeLeftovers(SessionDir dir, String key, Path marker) {
        try {
            for (Path training : dir.classData().trainingFolders(key)) {
                deleteTree(training);
            }
        } catch (IOException e) {
            // a leftover training folder is never mapped: its name is not an archive's
        }
        deleteQuietly(marker);
    }

    private static void deleteTree(Path folder) {
        try {
            if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                SessionDir.open(folder).delete();
            }
        } catch (UncheckedIOException e) {
            // removed meanwhile, or a leftover that is never mapped
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover lock goes stale and is taken over
        }
    }

    private static String key(Path java, List<Path> classpath, List<String> jvmOptions) throws IOException {
        Path realJava = java.toRealPath();
        StringBuilder s = new StringBuilder(SessionKey.stamp(realJava.toString(), realJava));
        for (Path entry : classpath) {
            s.append(SessionKey.stamp(entry.toString(), entry));
        }
        s.append(String.join("\n", jvmOptions));
        byte[] digest = SessionKey.sha256().digest(s.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 12);
    }
}
