package io.github.qmr.runtime.session;

import io.github.qmr.runtime.codec.CodecException;
import io.github.qmr.runtime.codec.FileKind;
import io.github.qmr.runtime.codec.RecordReader;
import io.github.qmr.runtime.codec.RecordWriter;
import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.JobStatus;
import io.github.qmr.runtime.queue.QueueException;
import io.github.qmr.runtime.workdir.SessionDir;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One map call on the process node, from staging to its end: stages the tasks, takes over what an earlier session of
 * the same map finished, submits through the mode's {@link Monitor}, runs monitor cycles while the caller waits for
 * a chunk, and ends by removing or keeping its folder. Single-threaded: the caller's thread runs every cycle; only
 * the shutdown hook may call {@link #abort} from another thread, so the state-changing methods are synchronized.
 */
public final class Session {
    private final SessionDir dir;
    private final BatchQueue queue;
    private final EngineSettings settings;
    private final SessionEvents events;
    private final long startNanos = System.nanoTime();
    private final List<SessionDir> superseded = new ArrayList<>();
    private ChunkTable table;
    private Monitor monitor;
    private byte[] taskFilesDigest;
    private String lastProgress = "";
    private long outageSinceNanos;
    private Thread shutdownHook;
    private boolean ended;
    private boolean submitted;
    private boolean firstFailureSaid;
    private final Lease lease;
    private boolean stoppedEarly;

    public Session(SessionDir dir, BatchQueue queue, EngineSettings settings, SessionEvents events) {
        this.dir = dir;
        this.queue = queue;
        this.settings = settings;
        this.events = events;
        this.lease = Lease.take(dir);
    }

    /** Whether anything was submitted (then the shutdown hook deletes the session's jobs on a stop). */
    public synchronized boolean submitted() {
        return submitted;
    }

    public SessionDir dir() {
        return dir;
    }

    public Path path() {
        return dir.path();
    }

    /**
     * Writes every chunk's task file, {@code chunkSize} tasks each. A task that cannot be serialized stops the map
     * before submission with an {@link IllegalArgumentException} naming it.
     */
    public void stageTasks(Iterable<?> tasks, int chunkSize) {
        MessageDigest digest = SessionKey.sha256();
        Iterator<?> it = tasks.iterator();
        long itask = 0;
        int ichunk = 0;
        while (it.hasNext()) {
            dir.prepareChunk(ichunk);
            try (RecordWriter writer = RecordWriter.create(dir.tasksFile(ichunk), FileKind.TASKS, ichunk, itask)) {
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
        taskFilesDigest = digest.digest();
        table = new ChunkTable(dir, ichunk, itask, chunkSize);
        SessionContext context = new SessionContext(dir, queue, settings, table, events);
        monitor = settings.pull() ? new PullMonitor(context) : new JobsMonitor(context);
    }

    public long taskCount() {
        return table.taskCount;
    }

    public int chunks() {
        return table.chunks;
    }

    public int chunkSize() {
        return table.chunkSize;
    }

    public long firstItask(int ichunk) {
        return table.firstItask(ichunk);
    }

    public int chunkOf(long itask) {
        return table.chunkOf(itask);
    }

    /**
     * Reuses the results of an earlier session of the same map (same function, tasks, chunking and classpath) that
     * was stopped or failed in this work dir: each chunk whose result file there is intact is taken over, so only the
     * rest is submitted. Returns how many chunks were reused.
     */
    public int resume(List<Path> classpath) {
        String key = SessionKey.of(dir, table.chunks, table.chunkSize, taskFilesDigest, classpath);
        dir.writeText(dir.keyFile(), key + "\n", false);
        int reused = 0;
        int retried = 0;
        for (SessionDir earlier : dir.earlierSessionsWithKey(key)) {
            String holder = Lease.holder(earlier);
            if (holder != null) {
                throw new SessionException("session " + earlier.sessionId() + " of the same map is running now in "
                        + earlier.path().getParent() + " (" + holder + "): two runs of one map in one work dir would"
                        + " compete for its chunks. Wait for it to end, or stop it, then run again: this run"
                        + " resumes where it stopped");
            }
            adoptJobs(earlier);
            for (int ichunk = 0; ichunk < table.chunks; ichunk++) {
                if (table.state(ichunk) == ChunkTable.DONE || !Files.exists(earlier.resultFile(ichunk))) {
                    continue;
                }
                if (Files.exists(earlier.failedFile(ichunk))) {
                    retried++; // a rerun retries failed tasks: a passing fault may be gone
                    continue;
                }
                try {
                    RecordReader.open(earlier.resultFile(ichunk), FileKind.RESULTS).close(); // checks its seal
                    Files.copy(earlier.resultFile(ichunk), dir.resultFile(ichunk));
                    table.markReused(ichunk);
                    reused++;
                } catch (CodecException | java.io.IOException e) {
                    notice(true, "chunk " + ichunk + ": not reusing " + earlier.resultFile(ichunk) + ": "
                            + e.getMessage());
                }
            }
            superseded.add(earlier);
        }
        if (reused > 0 || retried > 0) {
            notice(false, dir.sessionId() + ": resuming: " + reused + " of " + table.chunks + " chunks already done in "
                    + superseded.stream().map(SessionDir::sessionId).toList() + "; submitting the other "
                    + (table.chunks - reused) + (retried == 0 ? "" : ", of which " + retried + " had failed tasks"
                            + " and run again"));
        }
        return reused;
    }

    /**
     * An earlier session whose process is gone (killed, its node lost) may have left jobs in the queue, as its
     * {@code jobs} file says. They must not run its chunks beside this session's: no worker of it may take another
     * chunk, its waiting jobs are deleted, and its running ones are waited for, so their results are taken over and
     * no task runs twice.
     */
    private void adoptJobs(SessionDir earlier) {
        List<String> recorded = earlier.recordedJobs();
        if (recorded.isEmpty()) {
            return;
        }
        try {
            adoptJobs(earlier, recorded);
        } catch (QueueException e) {
            throw new SessionException("cannot follow the queue-jobs " + recorded + " left by session "
                    + earlier.sessionId() + " of the same map, whose process is gone: " + e.getMessage()
                    + "\nRun the map again once the " + queue.name() + " queue answers", e);
        }
    }

    private void adoptJobs(SessionDir earlier, List<String> recorded) {
        Map<String, JobStatus> live = queue.poll(recorded);
        if (live.isEmpty()) {
            return;
        }
        for (int ichunk = 0; ichunk < table.chunks; ichunk++) {
            if (!Files.exists(earlier.resultFile(ichunk)) && !Files.exists(earlier.claimFile(ichunk))) {
                earlier.blockClaim(ichunk); // its pull-mode workers find nothing more to take
            }
        }
        List<String> waiting = new ArrayList<>();
        for (Map.Entry<String, JobStatus> e : live.entrySet()) {
            if (e.getValue().state() != io.github.qmr.runtime.queue.JobState.RUNNING) {
                waiting.add(e.getKey());
            }
        }
        if (!waiting.isEmpty()) {
            queue.delete(waiting);
        }
        List<String> running = new ArrayList<>(live.keySet());
        running.removeAll(waiting);
        notice(false, dir.sessionId() + ": session " + earlier.sessionId() + " of the same map was left by a process"
                + " that is gone; deleted its " + waiting.size() + " waiting queue-jobs" + (running.isEmpty() ? ""
                        : " and waiting for its " + running.size() + " running ones " + running + " to finish their"
                                + " chunks, whose results this run takes over"));
        while (!running.isEmpty()) {
            sleep(settings.pollInterval());
            Map<String, JobStatus> now = queue.poll(running);
            running.removeIf(id -> !now.containsKey(id)
                    || now.get(id).state() == io.github.qmr.runtime.queue.JobState.FINISHED);
            List<String> stuck = running.stream().filter(id -> now.get(id).state()
                    != io.github.qmr.runtime.queue.JobState.RUNNING).toList();
            if (!stuck.isEmpty()) {
                queue.delete(stuck); // requeued or in error: its chunk runs again here instead
                running.removeAll(stuck);
            }
        }
    }

    /** Submits what the chunks need; from here on the shutdown hook deletes this session's jobs if the JVM stops. */
    public synchronized void submitAll() {
        shutdownHook = new Thread(this::abortFromHook, "qmr-abort-" + dir.sessionId());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        submitted = true;
        try {
            monitor.start();
        } catch (QueueException e) {
            throw queueFailed("submitting", e);
        }
        progress(true);
    }

    /** A queue failure, as the caller sees it: what failed, and where the work dir is kept for a rerun. */
    private SessionException queueFailed(String doing, QueueException e) {
        return new SessionException("the " + queue.name() + " queue failed while " + doing + " the jobs of session "
                + dir.sessionId() + ": " + e.getMessage() + "\nThe work dir is kept at " + dir.path()
                + "; run the same map again to resume it", e);
    }

    /**
     * Runs monitor cycles until the chunk is resolved. A result already there is taken without asking the queue,
     * so reading a session whose chunks are done costs no poll per chunk.
     */
    public void awaitChunk(int ichunk) {
        if (takeResultIfThere(ichunk)) {
            return;
        }
        while (true) {
            cycle();
            if (table.isResolved(ichunk)) {
                return;
            }
            sleep(outageSinceNanos == 0 ? settings.pollInterval()
                    : settings.pollInterval().multipliedBy(10).compareTo(OUTAGE_POLL) < 0
                            ? settings.pollInterval().multipliedBy(10) : OUTAGE_POLL);
        }
    }

    /** While the queue cannot be reached it is asked less often. */
    private static final Duration OUTAGE_POLL = Duration.ofSeconds(10);

    private synchronized boolean takeResultIfThere(int ichunk) {
        if (table.state(ichunk) == ChunkTable.SUBMITTED && table.hasResult(ichunk)) {
            table.markDone(ichunk); // its job may still be exiting; the monitor clears it
            checkFailures();
            progress(false);
            return true;
        }
        return table.isResolved(ichunk);
    }

    /**
     * One monitor cycle: one poll of the queue for every job followed, then the work dir. While the queue cannot be
     * reached, results still count; past {@link EngineSettings#outageTolerance()} the map stops.
     */
    synchronized void cycle() {
        if (ended) {
            throw new SessionException("session " + dir.sessionId() + " was aborted; its work dir is kept at "
                    + dir.path());
        }
        if (!Files.isDirectory(dir.path())) {
            throw new SessionException("the session folder " + dir.path() + " vanished while the map ran (deleted by"
                    + " someone or something else: another run in the same work dir, a clean-up job?); its results"
                    + " are lost. Run the map again; give each run a work dir of its own if several run at once");
        }
        lease.refresh();
        Map<String, JobStatus> statuses;
        Collection<String> ids = monitor.liveJobs();
        try {
            statuses = ids.isEmpty() ? Map.of() : queue.poll(ids);
            if (outageSinceNanos != 0) {
                notice(false, dir.sessionId() + ": the " + queue.name() + " queue answers again, after "
                        + Duration.ofNanos(System.nanoTime() - outageSinceNanos).toSeconds() + " s");
                outageSinceNanos = 0;
            }
        } catch (QueueException e) {
            unreachable(e, ids);
            statuses = null;
        }
        try {
            monitor.update(statuses);
        } catch (QueueException e) {
            unreachable(e, monitor.liveJobs());
        }
        checkFailures();
        progress(false);
    }

    /**
     * Says the first failed task at once, not only at the end; and once more tasks failed than
     * {@link EngineSettings#maxFailedTasks()} allows, stops the map: the rest would be spent on a map that fails.
     */
    private void checkFailures() {
        String failure = table.takeNewFailure();
        if (failure != null && !firstFailureSaid) {
            firstFailureSaid = true;
            notice(true, dir.sessionId() + ": a task failed (" + failure + "); the map goes on, and its end lists"
                    + " every failure");
        }
        long limit = settings.maxFailedTasks();
        if (limit < 0 || stoppedEarly || table.failedTasks() <= limit) {
            return;
        }
        stoppedEarly = true;
        String why = table.failedTasks() + " tasks failed, more than the " + limit + " allowed (maxFailedTasks)";
        String deleted = deleteJobs();
        int notRun = 0;
        for (int ichunk = table.lowestUnresolved(); ichunk < table.chunks; ichunk++) {
            if (!table.isResolved(ichunk) && !table.hasResult(ichunk)) {
                table.fail(ichunk, null, "not run: the map stopped early, " + why);
                dir.blockClaim(ichunk);
                notRun++;
            }
        }
        notice(true, dir.sessionId() + ": stopped early: " + why + "; " + deleted + "; " + notRun + " chunks not run;"
                + " work dir kept at " + dir.path());
    }

    /** The queue failed to answer: said once; past the tolerance, the map stops, saying which jobs may still run. */
    private void unreachable(QueueException e, Collection<String> ids) {
        long now = System.nanoTime();
        Duration tolerance = settings.outageTolerance();
        if (outageSinceNanos == 0) {
            outageSinceNanos = now;
            notice(true, dir.sessionId() + ": the " + queue.name() + " queue cannot be reached (" + oneLine(
                    e.getMessage()) + "); going on with the results in the work dir and asking again, for at most "
                    + tolerance.toSeconds() + " s (outageTolerance)");
        } else if (now - outageSinceNanos > tolerance.toNanos()) {
            throw new SessionException("the " + queue.name() + " queue could not be reached for "
                    + Duration.ofNanos(now - outageSinceNanos).toSeconds() + " s, longer than the outageTolerance of "
                    + tolerance.toSeconds() + " s: " + e.getMessage() + "\nThe work dir of session " + dir.sessionId()
                    + " is kept at " + dir.path() + "; run the same map again once the queue answers to resume it",
                    e);
        }
    }

    private static String oneLine(String text) {
        String line = text.strip().replace("\n", "; ");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    public boolean isResolved(int ichunk) {
        return table.isResolved(ichunk);
    }

    public ChunkFault chunkFailure(int ichunk) {
        return table.failure(ichunk);
    }

    public boolean anyChunkFailed() {
        return table.anyFailed();
    }

    /**
     * A result file that cannot be read (torn, altered) is never used: it is deleted and its chunk run again,
     * counted against the limit. Returns false when the chunk failed instead.
     */
    public synchronized boolean recompute(int ichunk, String why) {
        try {
            Files.deleteIfExists(dir.resultFile(ichunk));
        } catch (java.io.IOException e) {
            table.fail(ichunk, null, why + "; and it cannot be deleted to run the chunk again: " + e);
            return false;
        }
        try {
            monitor.rerun(ichunk, "the result file " + why);
        } catch (QueueException e) {
            throw queueFailed("resubmitting", e);
        }
        progress(true);
        return table.failure(ichunk) == null;
    }

    private void progress(boolean force) {
        SessionEvents.Progress p = table.progress(monitor.pending(), monitor.running(),
                Duration.ofNanos(System.nanoTime() - startNanos));
        String key = p.pending() + "/" + p.running() + "/" + p.done() + "/" + p.failed();
        if (force || !key.equals(lastProgress)) {
            lastProgress = key;
            events.progress(p);
        }
    }

    public void notice(boolean warning, String text) {
        events.notice(warning, text);
    }

    /** Ends a completed session: removes the shutdown hook; deletes the session folder unless it must be kept. */
    public synchronized void complete(boolean keep) {
        ended = true;
        lease.release();
        if (monitor != null) {
            progress(true);
        }
        removeHook();
        if (keep) {
            notice(true, dir.sessionId() + ": work dir kept at " + dir.path());
        } else {
            try {
                dir.delete();
                for (SessionDir earlier : superseded) {
                    earlier.delete(); // its results live on in this complete session's output
                }
            } catch (UncheckedIOException e) {
                notice(true, e.getMessage());
            }
        }
    }

    /**
     * Stops early: deletes every job still in the queue and keeps the work dir, saying so truthfully. Returns what
     * became of the jobs, e.g. {@code deleted its 3 queue-jobs}, or null when nothing had been submitted.
     */
    public synchronized String abort() {
        if (ended) {
            return null;
        }
        ended = true;
        removeHook();
        lease.release();
        return deleteJobsInFlight();
    }

    private void abortFromHook() {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            deleteJobsInFlight();
            lease.release();
        }
    }

    private String deleteJobsInFlight() {
        if (!submitted) {
            return null; // stopped while staging: no job exists, and the caller says why
        }
        String deleted = deleteJobs();
        notice(true, dir.sessionId() + ": stopped before the end; " + deleted);
        notice(true, dir.sessionId() + ": work dir kept at " + dir.path());
        notice(true, dir.sessionId() + ": run the same map again to resume it: chunks already done are not run again");
        return deleted;
    }

    /** Deletes every job the monitor follows; says what became of them, never claiming a deletion that failed. */
    private String deleteJobs() {
        List<String> ids = new ArrayList<>(monitor.liveJobs());
        if (ids.isEmpty()) {
            return "no queue-job of it was left to delete";
        }
        try {
            queue.delete(ids);
        } catch (QueueException e) {
            return "could NOT delete its queue-jobs, which may still run: " + ids + " (" + oneLine(e.getMessage())
                    + "); delete them with " + queue.deleteCommand(ids);
        }
        monitor.forgetJobs();
        return "deleted its " + ids.size() + " queue-job" + (ids.size() == 1 ? "" : "s");
    }

    private void removeHook() {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs anyway and finds the session ended
            }
            shutdownHook = null;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SessionException("interrupted while waiting for queue-jobs", e);
        }
    }
}
