package io.github.qmr.maven;

import io.github.qmr.runtime.QmrException;
import io.github.qmr.runtime.SessionStatus;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * One build at a time writes an execution's output: a second would empty the folder under the first. The lock is a
 * file beside the output folder; a map of this execution running in the background ({@code -Dqmr.detach}) holds it
 * until it ends, and a build finding it waits for it ({@code -Dqmr.wait}).
 */
final class OutputLock {
    /** What runs while the lock is held. */
    interface Body<T> {
        T run() throws ConfigurationException, MapFailedException, IOException;
    }

    private OutputLock() {}

    /**
     * Runs {@code body} holding the lock of {@code goal}'s output folder.
     *
     * @throws QmrException another build holds it
     * @throws Detached.StillRunning the map runs in the background and {@code -Dqmr.wait=false}
     */
    static <T> T holding(MapGoal goal, BuildLog log, Body<T> body)
            throws ConfigurationException, MapFailedException, IOException {
        Path out = goal.resultsDirectory();
        Files.createDirectories(out.getParent());
        Path lockFile = out.resolveSibling(out.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = tryLock(channel);
            Detached.Run detached = lock == null ? Detached.running(out) : null;
            if (detached != null) {
                lock = collect(goal, detached, channel, log);
            }
            if (lock == null) {
                throw new QmrException("another build is running the map '" + goal.executionId() + "' of this"
                        + " project now and writes " + out + " (it holds " + lockFile + "); two builds at once would"
                        + " tear each other's output. Wait for it to end and run again: the map is then up to date, or"
                        + " resumes where it stopped");
            }
            try (FileLock held = lock) {
                return body.run();
            }
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held in this JVM, by a parallel build's other thread
        }
    }

    /**
     * The map of this execution runs in the background ({@code -Dqmr.detach}): waits for it to end, saying where it
     * stands every so often, and returns the output lock it held (this run then finds its outputs up to date, or
     * resumes its session if it died); with {@code -Dqmr.wait=false} says where it stands and stops.
     */
    private static FileLock collect(MapGoal goal, Detached.Run run, FileChannel channel, BuildLog log)
            throws IOException {
        Path workDir = goal.workDir();
        Supplier<String> where = () -> {
            List<SessionStatus> sessions = SessionStatus.in(workDir);
            return sessions.isEmpty() ? "no session in " + workDir + " yet" : sessions.get(0).describe(Instant.now());
        };
        if (!goal.waitForDetached()) {
            throw new Detached.StillRunning("the map '" + goal.executionId() + "' runs in the background ("
                    + run.where() + ", log " + run.log() + "): " + where.get() + ". Not waiting for it"
                    + " (-Dqmr.wait=false): run the build again to collect it once it ends");
        }
        log.info("the map '" + goal.executionId() + "' runs in the background (" + run.where() + ", log "
                + run.log() + "): waiting for it to end, then taking its outputs");
        long every = Math.max(1_000_000_000L, goal.progressInterval().toNanos());
        long next = System.nanoTime() + every;
        while (true) {
            FileLock lock = tryLock(channel);
            if (lock != null) {
                log.info("the map run in the background ended; its log: " + run.log());
                return lock;
            }
            if (!run.alive()) {
                return null; // another build holds the output now: said as for any two builds
            }
            if (System.nanoTime() > next) {
                log.info("background map: " + where.get());
                next = System.nanoTime() + every;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the map run in the background", e);
            }
        }
    }
}
