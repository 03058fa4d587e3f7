package io.github.qmr.runtime.session;

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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A detached map seen from any process that sees the work dir: the one that submitted it, or another that attached
 * to it by its session id. It waits for the map's monitor ({@link DetachedMonitor}) to resolve every chunk, taking the
 * session over with the same code when the monitor is gone, and cancels it.
 */
public final class DetachedMap {
    /** How long a cancelled monitor may take to end (deleting its jobs) before it is killed. */
    static final Duration STOP_WAIT = Duration.ofSeconds(120);

    private final SessionDir dir;
    private final Handover handover;

    DetachedMap(SessionDir dir, Handover handover) {
        this.dir = dir;
        this.handover = handover;
    }

    /**
     * The detached map of this session in the work dir.
     *
     * @throws IllegalArgumentException when there is none, saying what there is
     */
    public static DetachedMap open(Path workDir, String sessionId) {
        Path folder = workDir.resolve(sessionId);
        if (!sessionId.matches("qmr-[0-9A-Za-z-]+") || !Files.isDirectory(folder)) {
            throw new IllegalArgumentException("no session " + sessionId + " in the work dir " + workDir + ": it was"
                    + " collected (its folder is removed once its results are read) or the work dir is another;"
                    + " SessionStatus.in(workDir) lists the sessions there");
        }
        SessionDir dir;
        try {
            dir = SessionDir.open(folder);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (!Files.isRegularFile(dir.monitorFile())) {
            throw new IllegalArgumentException("session " + sessionId + " in " + workDir + " was not submitted"
                    + " detached (it has no " + dir.monitorFile().getFileName() + "): run the same map again to"
                    + " resume it");
        }
        return new DetachedMap(dir, Handover.read(dir));
    }

    public String sessionId() {
        return dir.sessionId();
    }

    public Path folder() {
        return dir.path();
    }

    /** The monitor's log in the session folder. */
    public Path log() {
        return dir.monitorLog();
    }

    /** The queue-job id of a monitor run as a queue-job; null for a monitor process. */
    public String monitorJob() {
        String id = DetachedMonitor.read(dir.monitorJobFile()).strip();
        return id.isEmpty() ? null : id;
    }

    public boolean keepWorkDir() {
        return handover.keepWorkDir();
    }

    /**
     * Waits until every chunk is resolved, then returns the session to read the results from. While the monitor runs
     * (its lease is held, or its queue-job waits to start) this only looks at the work dir every poll interval; once
     * it is gone without an end (killed, its host lost, its job deleted) this process takes the session over and runs
     * it to its end itself, adopting the jobs left behind, as a rerun of the same map would.
     */
    public ChunkSource awaitEnd(SessionEvents events) {
        Duration poll = handover.settings().pollInterval();
        if (poll == null || poll.isZero()) {
            poll = Duration.ofSeconds(1);
        }
        while (true) {
            if (Files.exists(dir.monitorEndFile())) {
                return new FinishedSession(dir, handover.layout(), Handover.readEnd(dir), events);
            }
            if (!monitorRuns()) {
                if (!Files.exists(dir.monitorEndFile())) {
                    events.notice(true, dir.sessionId() + ": its monitor is gone without an end (see its log "
                            + dir.monitorLog() + "); this process takes the session over");
                    DetachedMonitor.run(dir, events);
                }
                continue;
            }
            Session.sleep(Ticker.SYSTEM, poll);
        }
    }

    /** Whether a live process holds the session's lease, or its monitor's queue-job is still in the queue. */
    boolean monitorRuns() {
        Lease.Judgement lease = Lease.judge(List.of(dir), Ticker.SYSTEM, text -> {}).get(dir);
        if (lease.holder() != null) {
            return true;
        }
        String job = monitorJob();
        if (job == null) {
            return false;
        }
        BatchQueue queue = DetachedMonitor.open(handover.queue());
        try {
            JobStatus status = queue.poll(List.of(job)).get(job);
            return status != null && status.state() != JobState.FINISHED;
        } finally {
            queue.endingOnTheirOwn(List.of(job));
            queue.close();
        }
    }

    /**
     * Stops the map: its monitor first (its queue-job deleted, or its process sent SIGTERM, as Ctrl-C stops a map),
     * then every queue-job of the session still there (only its own: by its recorded ids and its name). The folder is
     * kept: attaching again, or running the same map, resumes it. Returns what was done, in words.
     *
     * @throws SessionException when the monitor runs on another host as a process (cancel there), or did not stop
     */
    public String cancel() {
        List<String> said = new ArrayList<>();
        BatchQueue queue = DetachedMonitor.open(handover.queue());
        try {
            String job = monitorJob();
            if (job != null && !Files.exists(dir.monitorEndFile())) {
                queue.delete(List.of(job));
                waitGone(queue, job);
                said.add("deleted its monitor queue-job " + job);
            }
            Optional<ProcessHandle> process = monitorProcess();
            if (process.isPresent()) {
                ProcessHandle p = process.get();
                p.destroy(); // SIGTERM: its shutdown hook deletes the session's jobs
                try {
                    p.onExit().get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
                    said.add("stopped its monitor process " + p.pid());
                } catch (Exception e) {
                    p.destroyForcibly();
                    said.add("killed its monitor process " + p.pid() + " (it did not stop within "
                            + STOP_WAIT.toSeconds() + " s of SIGTERM)");
                }
            } else if (job == null) {
                String holder = Lease.glance(dir);
                if (holder != null) {
                    throw new SessionException("the monitor of session " + dir.sessionId() + " runs on another host ("
                            + holder + "): cancel it there, where its process can be stopped");
                }
            }
            Set<String> jobs = new LinkedHashSet<>(dir.jobs().ids());
            jobs.addAll(queue.jobsNamedFrom(dir.sessionId() + "#"));
            List<String> live = new ArrayList<>(queue.poll(new ArrayList<>(jobs)).keySet());
            if (!live.isEmpty()) {
                queue.delete(live);
            }
            said.add("deleted " + live.size() + " queue-job" + (live.size() == 1 ? "" : "s") + " of the session"
                    + " still there");
        } catch (QueueException e) {
            throw new SessionException("cancelling session " + dir.sessionId() + " on the " + queue.name() + " queue"
                    + " failed: " + e.getMessage() + "; delete its jobs (names starting " + dir.sessionId() + "#) by"
                    + " hand", e);
        } finally {
            queue.close();
        }
        return dir.sessionId() + ": cancelled: " + String.join("; ", said) + ". Its folder is kept at " + dir.path()
                + ": attaching again or running the same map resumes it";
    }

    /** The monitor's process when it runs on this host, from its lease. */
    private Optional<ProcessHandle> monitorProcess() {
        String[] parts = DetachedMonitor.read(dir.leaseFile()).strip().split(" ");
        if (parts.length < 3 || !parts[0].equals(Lease.host())) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(parts[1]);
            long start = Long.parseLong(parts[2]);
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> p.info().startInstant()
                    .map(java.time.Instant::toEpochMilli).orElse(0L) == start);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void waitGone(BatchQueue queue, String job) {
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, JobStatus> now = queue.poll(List.of(job));
            if (!now.containsKey(job) || now.get(job).state() == JobState.FINISHED) {
                return;
            }
            Session.sleep(Ticker.SYSTEM, Duration.ofSeconds(1));
        }
        throw new SessionException("the monitor queue-job " + job + " of session " + dir.sessionId() + " is still"
                + " listed " + STOP_WAIT.toSeconds() + " s after it was deleted; delete it and the session's jobs"
                + " (names starting " + dir.sessionId() + "#) with " + queue.deleteCommand(List.of(job)));
    }
}
