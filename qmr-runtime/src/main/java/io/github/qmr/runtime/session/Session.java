package io.github.qmr.runtime.session;

import io.github.qmr.runtime.policy.FailurePolicy;
import io.github.qmr.runtime.clock.Ticker;
import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.JobState;
import io.github.qmr.runtime.queue.JobStatus;
import io.github.qmr.runtime.queue.QueueException;
import io.github.qmr.runtime.workdir.SessionDir;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One map call on the process node, from staging to its end: stages the tasks, takes over what an earlier session of
 * the same map finished, submits through the mode's {@link Monitor}, runs monitor cycles while the caller waits for
 * a chunk, and ends by removing or keeping its folder. Single-threaded: the caller's thread runs every cycle; only
 * the shutdown hook may call {@link #abort} from another thread, so the state-changing methods are synchronized.
 */
public final class Session implements ChunkSource {
    private final Ticker ticker;
    private final SessionDir dir;
    private final BatchQueue queue;
    private final EngineSettings settings;
    private final SessionEvents events;
    private final List<SessionDir> superseded = new ArrayList<>();
    private final Lease lease;
    private final FailureWatch failures;
    private final OutageWatch outage;
    private final ProgressReport progress;
    private final AbortHook hook = new AbortHook();
    /** The jobs seen running: the ones whose accounting record the map's end waits for (see {@link Accounting}). */
    private final Set<String> seenRunning = new HashSet<>();
    private ChunkTable table;
    private Monitor monitor;
    private byte[] taskFilesDigest;
    private boolean ended;
    private boolean submitted;

    public Session(SessionDir dir, BatchQueue queue, EngineSettings settings, SessionEvents events) {
        this(dir, queue, settings, events, Ticker.SYSTEM);
    }

    /** With the time its rules read and its pauses: a test's own, so they are tested without waiting. */
    public Session(SessionDir dir, BatchQueue queue, EngineSettings settings, SessionEvents events, Ticker ticker) {
        this.ticker = ticker;
        this.dir = dir;
        this.queue = queue;
        this.settings = settings;
        this.events = events;
        this.lease = Lease.take(dir);
        this.failures = new FailureWatch(dir, settings.failures(), events);
        this.outage = new OutageWatch(dir, queue.name(), settings.outageTolerance(), events, ticker);
        this.progress = new ProgressReport(events, ticker);
    }

    /** Whether anything was submitted (then the shutdown hook deletes the session's jobs on a stop). */
    public synchronized boolean submitted() {
        return submitted;
    }

    @Override
    public SessionDir dir() {
        return dir;
    }

    /**
     * Writes every chunk's task file, {@code chunkSize} tasks each (see {@link Staging}); a task that cannot be
     * serialized stops the map before submission with an {@link IllegalArgumentException} naming it.
     */
    public void stageTasks(Iterable<?> tasks, int chunkSize) {
        Staging.Staged staged = Staging.tasks(dir, tasks, chunkSize);
        taskFilesDigest = staged.digest();
        table = staged.table();
        SessionContext context = new SessionContext(dir, queue, settings, table, events, ticker);
        monitor = settings.pull() ? new PullMonitor(context) : new JobsMonitor(context);
    }

    /**
     * A session staged by another process (a detached map's, see {@link DetachedMonitor}): its chunks as laid out
     * there, those with a result already done.
     */
    void reopen(ChunkLayout layout) {
        table = new ChunkTable(dir, layout.chunks(), layout.taskCount(), layout.chunkSize());
        for (int ichunk = 0; ichunk < layout.chunks(); ichunk++) {
            if (table.hasResult(ichunk)) {
                table.markDone(ichunk);
            }
        }
        SessionContext context = new SessionContext(dir, queue, settings, table, events, ticker);
        monitor = settings.pull() ? new PullMonitor(context) : new JobsMonitor(context);
    }

    /** This session's own jobs, left by a process of it that is gone: adopted as a rerun adopts an earlier one's. */
    void adoptOwnJobs() {
        new EarlierSessions(dir, queue, settings, table, events, ticker).adoptOwn();
    }

    @Override
    public ChunkLayout layout() {
        return table.layout;
    }

    /**
     * Takes over what earlier sessions of the same map left in this work dir (see {@link EarlierSessions}); returns
     * how many chunks were reused.
     */
    public int resume(List<Path> classpath) {
        return takeOver(writeKey(classpath));
    }

    /** Writes the session's key (see {@link SessionKey}), which a rerun of the same map finds it by; returns it. */
    public String writeKey(List<Path> classpath) {
        String key = SessionKey.of(dir, table.chunks, table.chunkSize, taskFilesDigest, classpath);
        dir.writeText(dir.keyFile(), key + "\n", false);
        return key;
    }

    /** Takes over the earlier sessions with this key (see {@link EarlierSessions}); returns the chunks reused. */
    int takeOver(String key) {
        int before = table.doneCount();
        superseded.addAll(new EarlierSessions(dir, queue, settings, table, events, ticker).takeOver(key));
        return table.doneCount() - before;
    }

    /** Submits what the chunks need; from here on the shutdown hook deletes this session's jobs if the JVM stops. */
    public synchronized void submitAll() {
        hook.install("qmr-abort-" + dir.sessionId(), this::abortFromHook);
        submitted = true;
        try {
            monitor.start();
        } catch (QueueException e) {
            throw SessionException.queueFailed(queue.name(), dir, "submitting", e);
        }
        progress.say(table, monitor, true);
    }

    /**
     * Runs monitor cycles until the chunk is resolved. A result already there is taken without asking the queue,
     * so reading a session whose chunks are done costs no poll per chunk.
     */
    @Override
    public void awaitChunk(int ichunk) {
        if (takeResultIfThere(ichunk)) {
            return;
        }
        long since = ticker.nanoTime();
        while (true) {
            cycle();
            if (table.isResolved(ichunk)) {
                return;
            }
            // the queue is asked once per poll interval, but the awaited result is looked for more often (one stat a
            // look; noticing it late would add up to a poll interval per chunk waited for), less often the longer the
            // wait (ResultLook)
            Duration poll = outage.pollInterval(settings.pollInterval());
            long until = ticker.nanoTime() + poll.toNanos();
            for (long left; (left = until - ticker.nanoTime()) > 0; ) {
                Duration pause = ResultLook.pause(Duration.ofNanos(ticker.nanoTime() - since), poll);
                sleep(ticker, Duration.ofNanos(Math.min(left, pause.toNanos())));
                if (takeResultIfThere(ichunk)) {
                    return;
                }
            }
        }
    }

    private synchronized boolean takeResultIfThere(int ichunk) {
        if (table.state(ichunk) == ChunkTable.SUBMITTED && table.hasResult(ichunk)) {
            table.markDone(ichunk); // its job may still be exiting; the monitor clears it
            checkFailures();
            progress.say(table, monitor, false);
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
            throw SessionException.folderVanished(dir);
        }
        try {
            Map<String, JobStatus> statuses = outage.poll(queue, monitor.liveJobs());
            if (statuses != null) {
                statuses.forEach((id, status) -> {
                    if (status != null && status.state() == JobState.RUNNING) {
                        seenRunning.add(id);
                    }
                });
            }
            monitor.update(statuses);
        } catch (QueueException e) {
            outage.failed(e);
        }
        checkFailures();
        progress.say(table, monitor, false);
    }

    /** Says the first failed task at once; stops the map when {@link FailurePolicy} says so (see {@link FailureWatch}). */
    private void checkFailures() {
        if (failures.check(table)) {
            failures.stopped(table, JobDeletion.deleteAll(monitor, queue));
        }
    }

    @Override
    public ChunkFault chunkFailure(int ichunk) {
        return table.failure(ichunk);
    }

    @Override
    public boolean anyChunkFailed() {
        return table.anyFailed();
    }

    /**
     * A result file that cannot be read (torn, altered) is never used: it is deleted and its chunk run again,
     * counted against the limit. Returns false when the chunk failed instead.
     */
    @Override
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
            throw SessionException.queueFailed(queue.name(), dir, "resubmitting", e);
        }
        progress.say(table, monitor, true);
        return table.failure(ichunk) == null;
    }

    public void notice(boolean warning, String text) {
        events.notice(warning, text);
    }

    /** Ends a completed session: removes the shutdown hook; deletes the session folder unless it must be kept. */
    @Override
    public synchronized void complete(boolean keep) {
        ended = true;
        lease.release();
        Monitor.Undeleted undeleted = null;
        if (monitor != null) {
            progress.say(table, monitor, true);
            if (table.unresolvedCount() == 0) {
                undeleted = monitor.finish();
            }
        }
        hook.remove();
        if (submitted) {
            Accounting.report(queue, dir, seenRunning, events, ticker);
        }
        if (undeleted != null) {
            // the map is complete; only its idle workers are left, and they need the folder to start and exit cleanly
            // (without it SGE puts them in an error state for good)
            notice(true, dir.sessionId() + ": complete, but " + undeleted.ids().size() + " waiting worker job"
                    + (undeleted.ids().size() == 1 ? "" : "s") + " could not be deleted (" + undeleted.reason()
                    + "): they will find no chunk and exit once they start. To remove them now: "
                    + queue.deleteCommand(undeleted.ids()) + ". The session folder is kept for them at " + dir.path()
                    + "; delete it once they are gone");
        } else if (keep) {
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
    @Override
    public synchronized String abort() {
        if (ended) {
            return null;
        }
        ended = true;
        hook.remove();
        lease.release();
        return submitted ? JobDeletion.stoppedEarly(dir, monitor, queue, events) : null;
    }

    /**
     * Ends a detached map's monitor once every chunk is resolved: its idle workers deleted, the earlier sessions it
     * took results from removed, {@code end} written (the chunks that failed, for the process that reads the results),
     * and only then the lease released: the folder stays for that process.
     */
    synchronized void handOver(java.util.function.Consumer<List<ChunkFault>> end) {
        ended = true;
        progress.say(table, monitor, true);
        Monitor.Undeleted undeleted = monitor.finish();
        hook.remove();
        if (undeleted != null) {
            notice(true, dir.sessionId() + ": " + undeleted.ids().size() + " waiting worker jobs could not be deleted"
                    + " (" + undeleted.reason() + "); they find no chunk and exit once they start, or: "
                    + queue.deleteCommand(undeleted.ids()));
        }
        for (SessionDir earlier : superseded) {
            try {
                earlier.delete(); // its results were copied into this session
            } catch (UncheckedIOException e) {
                notice(true, e.getMessage());
            }
        }
        List<ChunkFault> faults = new ArrayList<>();
        for (int ichunk = 0; ichunk < table.chunks; ichunk++) {
            if (table.failure(ichunk) != null) {
                faults.add(table.failure(ichunk));
            }
        }
        end.accept(faults);
        lease.release();
    }

    /** The JVM is stopping mid-map; nothing was submitted while staging, and then no job exists. */
    private synchronized void abortFromHook() {
        if (!ended) {
            ended = true;
            if (submitted) {
                JobDeletion.stoppedEarly(dir, monitor, queue, events);
            }
            lease.release();
        }
    }

    static void sleep(Ticker ticker, Duration d) {
        try {
            ticker.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SessionException("interrupted while waiting for queue-jobs", e);
        }
    }
}
