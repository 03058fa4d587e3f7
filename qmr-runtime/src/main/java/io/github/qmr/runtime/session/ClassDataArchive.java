package io.github.qmr.runtime.session;

import io.github.qmr.runtime.process.CommandResult;
import io.github.qmr.runtime.process.CommandRunner;
import io.github.qmr.runtime.workdir.SessionDir;
import io.github.qmr.runtime.workdir.SharedFolder;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An application class-data archive (AppCDS) for the worker JVMs: the classes a worker loads (Kryo, qmr's codec, the
 * function and task classes), parsed and verified once and mapped by every later worker. It is made once per worker
 * {@code java}, classpath and JVM options (the name is a hash of them, with each file's size and modification time)
 * by a short training run on the process node, and kept in the work dir for later maps.
 *
 * <p>CDS takes jars only: with a folder on the classpath the workers start without an archive. Nothing here can
 * fail a map: if the archive cannot be made or does not load, the workers start without one and a notice says why.
 */
public final class ClassDataArchive {
    private static final Duration TRAINING_TIMEOUT = Duration.ofSeconds(120);
    /** WorkerMain's exit code for a bad command line: what the check run, given no arguments, must end with. */
    private static final int USAGE_EXIT = 2;

    private ClassDataArchive() {}

    /** The worker JVM option that maps the archive, or none. {@code explicit}: the user asked for an archive. */
    public static List<String> workerOptions(SessionDir dir, Path java, List<Path> classpath, List<String> jvmOptions,
            boolean explicit, Session session, List<String> failedKeys) {
        for (Path entry : classpath) {
            if (!Files.isRegularFile(entry) || !entry.getFileName().toString().endsWith(".jar")) {
                if (explicit) {
                    session.notice(false, dir.sessionId() + ": the workers start without a class-data archive: their"
                            + " classpath holds " + entry + ", which is not a jar, and CDS takes jars only; package"
                            + " it as a jar to start each worker faster");
                }
                return List.of();
            }
        }
        String key;
        try {
            key = key(java, classpath, jvmOptions);
        } catch (IOException e) {
            session.notice(true, dir.sessionId() + ": the workers start without a class-data archive: " + e);
            return List.of();
        }
        Path archive = dir.classDataArchive(key);
        if (failedKeys.contains(key)) {
            return List.of(); // said once already in this pool
        }
        // an archive is code every worker maps: only one this user made, in a folder nobody else can write, is used
        String untrusted;
        try {
            dir.prepareClassDataFolder();
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
            session.notice(true, dir.sessionId() + ": the workers start without a class-data archive: " + untrusted);
            return List.of();
        }
        if (Files.isRegularFile(archive, LinkOption.NOFOLLOW_LINKS)) {
            return List.of("-XX:SharedArchiveFile=" + archive);
        }
        String why = make(dir, archive, java, classpath, jvmOptions);
        if (why != null) {
            failedKeys.add(key);
            session.notice(true, dir.sessionId() + ": the workers start without a class-data archive, which could not"
                    + " be made in " + archive.getParent() + ": " + why);
            return List.of();
        }
        return List.of("-XX:SharedArchiveFile=" + archive);
    }

    /** Makes the archive under a temporary name, checks that a JVM maps it, then renames it; null or what failed. */
    private static String make(SessionDir dir, Path archive, Path java, List<Path> classpath, List<String> jvmOptions) {
        Path temp = archive.resolveSibling(archive.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
                + Long.toHexString(System.nanoTime()));
        String cp = classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        try {
            CommandRunner runner = new CommandRunner();
            List<String> train = new ArrayList<>(List.of(java.toString()));
            train.addAll(jvmOptions);
            train.addAll(List.of("-XX:ArchiveClassesAtExit=" + temp, "-cp", cp, Launcher.WORKER_MAIN,
                    dir.path().toString(), "train"));
            CommandResult trained = runner.run(train, TRAINING_TIMEOUT);
            if (!trained.ok() || !Files.isRegularFile(temp)) {
                return "the training run failed:\n" + trained.describe();
            }
            // -Xshare:on fails when the archive cannot be mapped, where the workers' default would go on silently
            List<String> check = new ArrayList<>(List.of(java.toString()));
            check.addAll(jvmOptions);
            check.addAll(List.of("-Xshare:on", "-XX:SharedArchiveFile=" + temp, "-cp", cp, Launcher.WORKER_MAIN));
            CommandResult checked = runner.run(check, TRAINING_TIMEOUT);
            if (checked.exitCode() != USAGE_EXIT) {
                return "a JVM cannot map it:\n" + checked.describe();
            }
            Files.move(temp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return null;
        } catch (IOException | RuntimeException e) {
            return e.toString();
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // a leftover temp file is never mapped: its name is not an archive's
            }
        }
    }

    private static String key(Path java, List<Path> classpath, List<String> jvmOptions) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            StringBuilder s = new StringBuilder();
            stamp(s, java.toRealPath());
            for (Path entry : classpath) {
                stamp(s, entry);
            }
            s.append(String.join("\n", jvmOptions));
            return HexFormat.of().formatHex(sha.digest(s.toString().getBytes(StandardCharsets.UTF_8)), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void stamp(StringBuilder s, Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        s.append(file).append('|').append(a.size()).append('|').append(a.lastModifiedTime().toMillis()).append('\n');
    }
}
