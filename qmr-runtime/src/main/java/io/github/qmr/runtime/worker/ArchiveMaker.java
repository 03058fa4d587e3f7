package io.github.qmr.runtime.worker;

import io.github.qmr.runtime.workdir.ClassDataFiles;
import io.github.qmr.runtime.workdir.SessionDir;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The maker of the workers' class-data archive, started in the background by {@code session.ClassDataArchive}: a
 * JVM of its own on the process node that runs the training run and the check run, renames the archive into place,
 * or records why it could not; then removes its training folder and its lock. Stopped midway (SIGTERM, Ctrl-C), it
 * stops its run and removes them too, so no half-made archive is ever left under an archive's name.
 *
 * <p>Arguments: archive, training folder, lock, failure record, the workers' java, their classpath, their JVM
 * options (each one argument).
 */
public final class ArchiveMaker {
    /** Held while the archive is put in place or the failure recorded, and while a stop cleans up. */
    private static final Object LOCK = new Object();
    /** The run in progress, for the shutdown hook to stop; set under the lock. */
    private static Process child;
    private static boolean stopping;

    private ArchiveMaker() {}

    public static void main(String[] args) {
        Path archive = Path.of(args[0]);
        SessionDir training = SessionDir.open(Path.of(args[1]));
        Path marker = Path.of(args[2]);
        Path failure = Path.of(args[3]);
        String java = args[4];
        String classpath = args[5];
        List<String> jvmOptions = List.of(args).subList(6, args.length);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (LOCK) {
                stopping = true; // a run killed now is not a failure to record
                Process p = child;
                if (p != null && p.isAlive()) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    try {
                        p.waitFor(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            deleteTree(training); // with the trained archive, if it was not renamed into place
            deleteQuietly(marker);
        }));
        String why;
        try {
            why = make(training, java, classpath, jvmOptions);
        } catch (IOException | RuntimeException e) {
            why = e.toString();
        }
        synchronized (LOCK) {
            if (stopping) {
                return;
            }
            if (why == null) {
                try {
                    // a rename within the work dir: a worker sees the whole archive or none
                    Files.move(training.trainedArchive(), archive, StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    why = "cannot rename it into place: " + e;
                }
            }
            if (why != null) {
                try {
                    training.writeText(failure, why + "\n", false);
                } catch (UncheckedIOException e) {
                    System.err.println("qmr: the class-data archive could not be made: " + why
                            + "; nor can that be recorded: " + e.getMessage());
                }
            }
        }
        System.exit(0); // the shutdown hook removes the training folder, then the lock
    }

    /** The training run, then the check run; null, or what failed. */
    private static String make(SessionDir training, String java, String classpath, List<String> jvmOptions)
            throws IOException {
        Path temp = training.trainedArchive();
        List<String> train = new ArrayList<>(List.of(java));
        train.addAll(jvmOptions);
        train.addAll(List.of("-XX:ArchiveClassesAtExit=" + temp, "-cp", classpath, WorkerMain.class.getName(),
                training.path().toString(), "train"));
        String trained = run(train, training.trainingLog(), 0);
        if (trained != null) {
            return "the training run failed: " + trained;
        }
        if (!Files.isRegularFile(temp)) {
            return "the training run wrote no archive:\n" + SessionDir.tail(training.trainingLog(), 2000).strip();
        }
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        // -Xshare:on fails when the archive cannot be mapped, where the workers' default would go on silently
        List<String> check = new ArrayList<>(List.of(java));
        check.addAll(jvmOptions);
        check.addAll(List.of("-Xshare:on", ClassDataFiles.JVM_OPTION + temp, "-cp", classpath,
                WorkerMain.class.getName()));
        String checked = run(check, training.trainingLog(), WorkerMain.EXIT_USAGE);
        return checked == null ? null : "a JVM cannot map it: " + checked;
    }

    /** Runs a command, its output appended to {@code log}; null if it ended with {@code expected}, else why. */
    private static String run(List<String> argv, Path log, int expected) throws IOException {
        long before = Files.exists(log) ? Files.size(log) : 0;
        Process p;
        synchronized (LOCK) { // started and made known at once: a stop cannot come in between
            if (stopping) {
                return "stopped";
            }
            p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).redirectErrorStream(true)
                    .start();
            child = p;
        }
        boolean ended;
        try {
            ended = p.waitFor(ClassDataFiles.RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ended = false;
        }
        if (!ended) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        if (ended && p.exitValue() == expected) {
            return null;
        }
        int own = (int) Math.min(2000, Math.max(0, Files.size(log) - before)); // this run's output only
        List<String> shown = new ArrayList<>(argv);
        shown.replaceAll(a -> a.length() > 200 ? a.substring(0, 60) + "..." : a); // the classpath, shortened
        return (ended ? "exit code " + p.exitValue()
                : "no end after " + ClassDataFiles.RUN_TIMEOUT.toSeconds() + " s")
                + " from " + String.join(" ", shown) + (own == 0 ? "" : "\n" + SessionDir.tail(log, own).strip());
    }

    /** Removes the training folder (with the trained archive if it was not renamed into place). */
    private static void deleteTree(SessionDir training) {
        try {
            if (Files.isDirectory(training.path(), LinkOption.NOFOLLOW_LINKS)) {
                training.delete();
            }
        } catch (UncheckedIOException e) {
            // removed meanwhile: a leftover training folder is never mapped, its name is not an archive's
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover lock goes stale and is taken over
        }
    }
}
