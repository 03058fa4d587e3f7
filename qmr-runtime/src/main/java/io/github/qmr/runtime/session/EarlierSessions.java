package io.github.qmr.runtime.session;

import io.github.qmr.runtime.clock.Ticker;
import io.github.qmr.runtime.codec.CodecException;
import io.github.qmr.runtime.codec.FileKind;
import io.github.qmr.runtime.codec.RecordReader;
import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.JobState;
import io.github.qmr.runtime.queue.JobStatus;
import io.github.qmr.runtime.queue.QueueException;
import io.github.qmr.runtime.workdir.SessionSearch;
import io.github.qmr.runtime.workdir.SessionDir;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What earlier sessions of the same map (same function, tasks, chunking and classpath) left in the work dir, taken
 * over by a new one: a session still held by a live process is refused (two runs would compete for its chunks); a
 * session whose process is gone has its jobs adopted (none may start another chunk, the waiting ones are deleted, the
 * running ones waited for); then each chunk whose result is there, intact and free of failed tasks is reused, and
 * the rest runs again (so a rerun retries failed tasks).
 */
final class EarlierSessions {
    private final SessionDir dir;
    private final BatchQueue queue;
    private final EngineSettings settings;
    private final ChunkTable table;
    private final SessionEvents events;
    private final Ticker ticker;

    EarlierSessions(SessionDir dir, BatchQueue queue, EngineSettings settings, ChunkTable table,
            SessionEvents events, Ticker ticker) {
        this.ticker = ticker;
        this.dir = dir;
        this.queue = queue;
        this.settings = settings;
        this.table = table;
        this.events = events;
    }

    /** Takes over the sessions with this key; returns them, to be removed once this one completes. */
    List<SessionDir> takeOver(String key) {
        List<SessionDir> superseded = new ArrayList<>();
        int reused = 0;
        int retried = 0;
        List<SessionDir> earlierSessions = SessionSearch.earlierWithKey(dir, key);
        Map<SessionDir, Lease.Judgement> leases = Lease.judge(earlierSessions, ticker,
                text -> events.notice(false, text));
        for (SessionDir earlier : earlierSessions) {
            Lease.Judgement lease = leases.get(earlier);
            if (lease.holder() != null) {
                throw new SessionException("session " + earlier.sessionId() + " of the same map is running now in "
                        + earlier.path().getParent() + " (" + lease.holder() + "; its lease " + earlier.leaseFile()
                        + " is renewed): two runs of one map in one work dir would compete for its chunks. Wait for"
                        + " it to end, or stop it, then run again: this run resumes where it stopped");
            }
            if (lease.note() != null) {
                events.notice(true, lease.note());
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
                } catch (CodecException | IOException e) {
                    events.notice(true, "chunk " + ichunk + ": not reusing " + earlier.resultFile(ichunk) + ": "
                            + e.getMessage());
                }
            }
            superseded.add(earlier);
        }
        if (reused > 0 || retried > 0) {
            events.notice(false, dir.sessionId() + ": resuming: " + reused + " of " + table.chunks + " chunks already"
                    + " done in " + superseded.stream().map(SessionDir::sessionId).toList() + "; submitting the other "
                    + (table.chunks - reused) + (retried == 0 ? "" : ", of which " + retried + " had failed tasks"
                            + " and run again"));
        }
        return superseded;
    }

    /**
     * This session's own jobs, left by a process of it that is gone (a detached map's monitor, killed): adopted as an
     * earlier session's are, then its chunks without a result are opened again for this process's workers, and the
     * gone workers' tickets and heartbeats removed so none is taken for a new one's.
     */
    void adoptOwn() {
        adoptJobs(dir);
        for (int ichunk = 0; ichunk < table.chunks; ichunk++) {
            if (table.state(ichunk) != ChunkTable.DONE && !Files.exists(dir.resultFile(ichunk))) {
                dir.claims().release(ichunk);
                dir.clearExitNote(ichunk);
                try {
                    Files.deleteIfExists(dir.chunkHeartbeat(ichunk));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("cannot remove " + dir.chunkHeartbeat(ichunk) + ": " + e, e);
                }
            }
        }
        if (Files.isDirectory(dir.workersFolder())) {
            try (java.util.stream.Stream<java.nio.file.Path> files = Files.list(dir.workersFolder())) {
                for (java.nio.file.Path f : files.filter(f -> f.toString().endsWith(".ticket")
                        || f.toString().endsWith(".beat")).toList()) {
                    Files.deleteIfExists(f);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot clear " + dir.workersFolder() + ": " + e, e);
            }
        }
    }

    /**
     * An earlier session whose process is gone (killed, its node lost) may have left jobs in the queue, as its
     * {@code jobs} file says, or as their names say (the session id prefixes each). They must not run its chunks
     * beside this session's: no worker of it may take another chunk, its waiting jobs are deleted, and its running
     * ones are waited for, so their results are taken over and no task runs twice.
     */
    private void adoptJobs(SessionDir earlier) {
        // by recorded id, and by name: a job submitted while its process was killed was never recorded
        java.util.Set<String> jobs = new java.util.LinkedHashSet<>(earlier.jobs().ids());
        try {
            jobs.addAll(queue.jobsNamedFrom(earlier.sessionId() + "#"));
            if (!jobs.isEmpty()) {
                adoptJobs(earlier, new ArrayList<>(jobs));
            }
        } catch (QueueException e) {
            throw new SessionException("cannot follow the queue-jobs " + jobs + " left by session "
                    + earlier.sessionId() + " of the same map, whose process is gone: " + e.getMessage()
                    + "\nRun the map again once the " + queue.name() + " queue answers", e);
        }
        waitForWorkersOnThisHost(earlier);
    }

    /**
     * Workers of the earlier session still running on this host that no queue lists: the local queue's, whose queue
     * lived in the process that is gone, while its worker processes live on. They are found by their command line,
     * which names the session folder (the launcher and the worker JVM both do); none may take another chunk, and each
     * is waited for, so its chunk's result is taken over and no task runs twice.
     */
    private void waitForWorkersOnThisHost(SessionDir earlier) {
        String folder = earlier.path().toString();
        long me = ProcessHandle.current().pid(); // a detached map's monitor names its folder too
        List<ProcessHandle> live = ProcessHandle.allProcesses().filter(p -> p.pid() != me && p.info().commandLine()
                .map(c -> c.contains(folder)).orElse(false)).toList();
        if (live.isEmpty()) {
            return;
        }
        blockOpenClaims(earlier);
        events.notice(false, dir.sessionId() + ": session " + earlier.sessionId() + " of the same map was left by a"
                + " process that is gone; waiting for its " + live.size() + " worker process" + (live.size() == 1
                        ? "" : "es") + " still running on this host " + live.stream().limit(6).map(p -> Long.toString(
                                p.pid())).toList() + " to finish their chunks, whose results this run takes over");
        while (live.stream().anyMatch(ProcessHandle::isAlive)) {
            Session.sleep(ticker, settings.pollInterval());
        }
    }

    /** No pull-mode worker of the earlier session may take a chunk that is neither done nor taken. */
    private void blockOpenClaims(SessionDir earlier) {
        for (int ichunk = 0; ichunk < table.chunks; ichunk++) {
            if (!Files.exists(earlier.resultFile(ichunk)) && !Files.exists(earlier.claimFile(ichunk))) {
                earlier.claims().block(ichunk);
            }
        }
    }

    private void adoptJobs(SessionDir earlier, List<String> recorded) {
        Map<String, JobStatus> live = queue.poll(recorded);
        if (live.isEmpty()) {
            return;
        }
        blockOpenClaims(earlier); // its pull-mode workers find nothing more to take
        List<String> waiting = new ArrayList<>();
        for (Map.Entry<String, JobStatus> e : live.entrySet()) {
            if (e.getValue().state() != JobState.RUNNING) {
                waiting.add(e.getKey());
            }
        }
        if (!waiting.isEmpty()) {
            queue.delete(waiting);
        }
        List<String> running = new ArrayList<>(live.keySet());
        running.removeAll(waiting);
        events.notice(false, dir.sessionId() + ": session " + earlier.sessionId() + " of the same map was left by a"
                + " process that is gone; deleted its " + waiting.size() + " waiting queue-jobs" + (running.isEmpty()
                        ? "" : " and waiting for its " + running.size() + " running ones " + running + " to finish"
                                + " their chunks, whose results this run takes over"));
        while (!running.isEmpty()) {
            Session.sleep(ticker, settings.pollInterval());
            Map<String, JobStatus> now = queue.poll(running);
            running.removeIf(id -> !now.containsKey(id) || now.get(id).state() == JobState.FINISHED);
            List<String> stuck = running.stream().filter(id -> now.get(id).state() != JobState.RUNNING).toList();
            if (!stuck.isEmpty()) {
                queue.delete(stuck); // requeued or in error: its chunk runs again here instead
                running.removeAll(stuck);
            }
        }
    }
}
