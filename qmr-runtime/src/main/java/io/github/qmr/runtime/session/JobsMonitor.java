package io.github.qmr.runtime.session;

import io.github.qmr.runtime.queue.ArrayJobSpec;
import io.github.qmr.runtime.queue.JobLimitException;
import io.github.qmr.runtime.queue.JobSpec;
import io.github.qmr.runtime.queue.JobState;
import io.github.qmr.runtime.queue.JobStatus;
import io.github.qmr.runtime.queue.Request;
import io.github.qmr.runtime.workdir.SessionDir;
import io.github.qmr.runtime.workdir.WorkerArgs;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Jobs mode: one queue-job per chunk, or one array job whose elements each run one chunk (split at the queue's
 * largest array). Each chunk is followed on its own, and a failed one is resubmitted as a job of its own.
 */
final class JobsMonitor implements Monitor {
    private final SessionContext c;
    private final ChunkTable table;
    private final Map<String, Integer> chunkOfJob = new HashMap<>();
    private final long[] submittedAtNanos;
    private final Map<Integer, Long> goneSinceNanos = new HashMap<>();
    /** The requests of chunks whose jobs were killed for memory or time and escalated; absent: the site options. */
    private final Map<Integer, Request> requests = new HashMap<>();
    /** The heartbeat of each running chunk's worker as last seen (see {@link Liveness}). */
    private final Map<Integer, Liveness.Seen> beats = new HashMap<>();
    /** What each chunk's heartbeat file held when its current attempt began: the attempt before's last beat. */
    private final Map<Integer, String> beatAtStart = new HashMap<>();
    /** When each running chunk's heartbeat is next read (see {@link Liveness#due}). */
    private final Map<Integer, Long> nextBeatLook = new HashMap<>();
    /** Jobs taken as lost whose delete failed: deleted again each cycle until they are gone. */
    private final java.util.Set<String> lostUndeleted = new java.util.LinkedHashSet<>();
    /** Chunk ranges not yet submitted because the queue's limit on jobs was reached; submitted as jobs end. */
    private final java.util.ArrayDeque<int[]> deferred = new java.util.ArrayDeque<>();
    private final JobLimit limit = new JobLimit();
    private int pending;
    private int running;

    JobsMonitor(SessionContext c) {
        this.c = c;
        this.table = c.table;
        this.submittedAtNanos = new long[table.chunks];
    }

    @Override
    public void start() {
        int arraySize = c.settings.jobArrays() ? c.queue.maxArraySize() : 0;
        // runs of consecutive chunks still to do (all of them, unless resuming)
        for (int first = 0; first < table.chunks; ) {
            if (table.state(first) == ChunkTable.DONE) {
                first++;
                continue;
            }
            int end = first;
            while (end < table.chunks && table.state(end) != ChunkTable.DONE
                    && (arraySize <= 1 || end - first < arraySize)) {
                end++;
            }
            if (arraySize > 1 && end - first > 1) {
                submitOrDefer(first, end - 1);
            } else {
                for (int ichunk = first; ichunk < end; ichunk++) {
                    submitOrDefer(ichunk, ichunk);
                }
            }
            first = end;
        }
        pending = table.unresolvedCount();
    }

    /**
     * Submits chunks first..last (an array job for more than one), or, while the queue's limit on jobs holds, keeps
     * them for later (see {@link JobLimit}); returns whether they were submitted.
     */
    private boolean submitOrDefer(int first, int last) {
        int[] range = {first, last};
        if (deferred.isEmpty() && !limit.blocked(chunkOfJob.size(), c.ticker.nanoTime()) && submitted(range)) {
            return true;
        }
        deferred.add(range);
        return false;
    }

    /** Submits what the limit held back, in order, while the queue takes it. */
    private void submitDeferred() {
        while (!deferred.isEmpty() && !limit.blocked(chunkOfJob.size(), c.ticker.nanoTime())
                && submitted(deferred.peek())) {
            deferred.poll();
        }
    }

    /** Submits a range of chunks (an array job for more than one); false, said once, if the queue is at its limit. */
    private boolean submitted(int[] range) {
        try {
            if (range[1] > range[0]) {
                submitArray(range[0], range[1]);
            } else {
                submit(range[0]);
            }
            limit.accepted();
            return true;
        } catch (JobLimitException e) {
            limit.refused(e, chunkOfJob.size(), "the other " + (table.unresolvedCount() - chunkOfJob.size())
                    + " chunks", c);
            return false;
        }
    }

    private int deferredChunks() {
        return deferred.stream().mapToInt(r -> r[1] - r[0] + 1).sum();
    }

    private void submit(int ichunk) {
        SessionDir dir = c.dir;
        dir.prepareJobLogs(ichunk);
        Request request = requestOf(ichunk);
        List<String> args = new ArrayList<>();
        if (request != Request.SITE) {
            // the launcher puts a heap size given first after the JVM options: it fits the larger memory request
            c.queue.workerJvmOptions(request).stream().filter(o -> o.startsWith("-Xmx")).forEach(args::add);
        }
        args.addAll(WorkerArgs.chunk(ichunk));
        String id = c.submit(new JobSpec(dir.jobName(ichunk), dir.launcher(), args, dir.stdoutFile(ichunk),
                dir.stderrFile(ichunk), c.settings.workerWorkingDir(), request));
        chunkOfJob.remove(table.jobId(ichunk));
        table.submitted(ichunk, id);
        chunkOfJob.put(id, ichunk);
        submittedAtNanos[ichunk] = c.ticker.nanoTime();
    }

    private Request requestOf(int ichunk) {
        return requests.getOrDefault(ichunk, Request.SITE);
    }

    private void submitArray(int first, int last) {
        c.dir.prepareQueueLogs();
        int size = last - first + 1;
        List<String> ids = c.submitArray(new ArrayJobSpec(c.dir.arrayJobName(first, last), c.dir.launcher(),
                WorkerArgs.array(first), size, c.dir.queueStdout(), c.dir.queueStderr(),
                c.settings.workerWorkingDir()), "chunks " + first + ".." + last);
        long now = c.ticker.nanoTime();
        for (int i = 0; i < size; i++) {
            table.submitted(first + i, ids.get(i));
            chunkOfJob.put(ids.get(i), first + i);
            submittedAtNanos[first + i] = now;
        }
    }

    @Override
    public Collection<String> liveJobs() {
        List<String> live = new ArrayList<>(chunkOfJob.keySet());
        live.addAll(lostUndeleted);
        return live;
    }

    @Override
    public void update(Map<String, JobStatus> statuses) {
        int pendingNow = 0;
        int runningNow = 0;
        for (Map.Entry<String, Integer> entry : new ArrayList<>(chunkOfJob.entrySet())) {
            String id = entry.getKey();
            int ichunk = entry.getValue();
            if (statuses == null) { // the queue cannot be reached: results still count
                if (table.hasResult(ichunk)) {
                    done(ichunk, id);
                }
                continue;
            }
            JobStatus status = statuses.get(id);
            if (status != null && status.state() == JobState.RUNNING && !table.hasResult(ichunk)
                    && silent(ichunk, c.ticker.nanoTime())) {
                lost(ichunk, id);
                continue;
            }
            if (status != null && status.state() == JobState.PENDING) {
                forgetBeat(ichunk); // requeued: a new start, a new heartbeat
            }
            Verdicts.Facts facts = facts(ichunk, id, status, "");
            Verdicts.Limits limits = c.limits(ichunk);
            if (Verdicts.needsExplanation(facts, limits)) {
                facts = facts(ichunk, id, status, c.queue.explain(id));
            }
            Verdicts.Verdict verdict = c.decide(facts, limits, status, requestOf(ichunk));
            if (verdict.deleteJob()) {
                c.queue.delete(List.of(id));
            }
            switch (verdict.action()) {
                case DONE -> done(ichunk, id);
                case WAIT -> {
                    if (facts.state() == JobState.PENDING) {
                        pendingNow++;
                    } else if (facts.state() == JobState.RUNNING) {
                        runningNow++;
                    }
                }
                case RESUBMIT -> {
                    forget(ichunk, id);
                    if (verdict.request() != null) {
                        requests.put(ichunk, verdict.request()); // escalated: this and later attempts ask for more
                    }
                    resubmit(ichunk, verdict.reason());
                }
                case FAIL -> {
                    forget(ichunk, id);
                    table.fail(ichunk, facts.exitCode(), verdict.reason());
                }
            }
        }
        if (statuses != null && !lostUndeleted.isEmpty()) {
            retryLostDeletes(statuses);
        }
        if (statuses != null) {
            submitDeferred();
            pending = pendingNow + deferredChunks();
            running = runningNow;
        }
    }

    private boolean silent(int ichunk, long now) {
        Duration timeout = c.settings.heartbeatTimeout();
        String atStart = beatAtStart.getOrDefault(ichunk, "");
        Liveness.Seen seen = beats.get(ichunk);
        if (Liveness.due(seen, nextBeatLook.getOrDefault(ichunk, 0L), now, Liveness.workerBound(seen, atStart,
                timeout))) {
            seen = Liveness.look(seen, SessionDir.readHeartbeat(c.dir.chunkHeartbeat(ichunk)), now);
            beats.put(ichunk, seen);
            nextBeatLook.put(ichunk, now + timeout.toNanos() / Liveness.LOOKS_PER_BOUND);
        }
        return Liveness.silent(seen, now, Liveness.workerBound(seen, atStart, timeout));
    }

    /**
     * The chunk's next attempt starts: its heartbeat is watched anew, and until its file shows something else than now
     * (the last beat of the attempt that ended, read afresh: it may have beaten after the last look), its worker has
     * not beaten yet.
     */
    private void forgetBeat(int ichunk) {
        if (beats.remove(ichunk) != null) {
            beatAtStart.put(ichunk, SessionDir.readHeartbeat(c.dir.chunkHeartbeat(ichunk)));
        }
        nextBeatLook.remove(ichunk);
    }

    /**
     * The chunk's running worker stopped beating (hung, SIGSTOPped, its node gone): its queue-job is deleted and the
     * chunk resubmitted, counted against its resubmissions; the tasks it saved are not run again.
     */
    private void lost(int ichunk, String id) {
        long now = c.ticker.nanoTime();
        Liveness.Seen seen = beats.get(ichunk);
        String deleted;
        try {
            c.queue.deleteLost(List.of(id));
            deleted = "deleted it";
        } catch (io.github.qmr.runtime.queue.QueueException e) {
            lostUndeleted.add(id);
            deleted = "could not delete it yet (" + Verdicts.brief(e.getMessage()) + "), tried again each poll; by"
                    + " hand: " + c.queue.deleteCommand(List.of(id));
        }
        boolean beaten = Liveness.beatSince(seen, beatAtStart.getOrDefault(ichunk, ""));
        String what = Verdicts.silentWorker("queue-job " + id, beaten ? seen.content() : "",
                Liveness.silentFor(seen, now), c.settings.heartbeatTimeout(),
                beaten ? Duration.ZERO : Liveness.FIRST_BEAT_ALLOWANCE, deleted);
        forget(ichunk, id);
        Verdicts.Verdict verdict = Verdicts.rerun(what, c.limits(ichunk));
        if (verdict.action() == Verdicts.Action.RESUBMIT) {
            resubmit(ichunk, verdict.reason());
        } else {
            table.fail(ichunk, null, verdict.reason());
        }
    }

    /** Deletes again the lost jobs a delete missed; those the queue no longer lists are gone. */
    private void retryLostDeletes(Map<String, JobStatus> statuses) {
        for (String id : new ArrayList<>(lostUndeleted)) {
            JobStatus status = statuses.get(id);
            if (status == null || status.state() == JobState.FINISHED) {
                lostUndeleted.remove(id);
                continue;
            }
            try {
                c.queue.deleteLost(List.of(id));
                lostUndeleted.remove(id);
            } catch (io.github.qmr.runtime.queue.QueueException e) {
                // still there: next cycle
            }
        }
    }

    private Verdicts.Facts facts(int ichunk, String id, JobStatus status, String explanation) {
        JobState state = status == null ? JobState.FINISHED : status.state();
        Integer exitCode = status == null ? null : status.exitCode();
        long now = c.ticker.nanoTime();
        Duration goneFor = Duration.ZERO;
        if (state == JobState.FINISHED) {
            goneFor = Duration.ofNanos(now - goneSinceNanos.computeIfAbsent(ichunk, k -> now));
        }
        var exitNote = c.dir.exitFile(ichunk);
        boolean hasResult = table.hasResult(ichunk);
        return new Verdicts.Facts("queue-job " + id, state, status == null ? null : status.queueState(), exitCode,
                !hasResult && Files.exists(exitNote) ? SessionDir.tail(exitNote, 1000) : null, explanation,
                status != null && state == JobState.FINISHED && !c.queue.mayResubmit(status), goneFor,
                Duration.ofNanos(now - submittedAtNanos[ichunk]), hasResult, c.dir.stderrFile(ichunk).toString(),
                false);
    }

    private void done(int ichunk, String id) {
        forget(ichunk, id);
        table.markDone(ichunk);
    }

    private void forget(int ichunk, String id) {
        if (chunkOfJob.remove(id) != null) {
            c.events.jobEnded(id, c.ticker.now());
        }
        goneSinceNanos.remove(ichunk);
        forgetBeat(ichunk);
    }

    private void resubmit(int ichunk, String reason) {
        int n = table.countResubmission(ichunk);
        String failedJob = table.jobId(ichunk);
        c.events.chunkResubmitted(ichunk, n + 1, failedJob, reason);
        c.dir.clearExitNote(ichunk);
        boolean now = submitOrDefer(ichunk, ichunk);
        c.notice(true, Verdicts.resubmitted(ichunk, reason, now ? "resubmitted as queue-job " + table.jobId(ichunk)
                : "to be resubmitted once the queue takes more jobs", n, c.settings.maxResubmissions()));
    }

    /**
     * Pull mode's escalation: a chunk whose worker was killed for memory or time leaves the pull workers for a job of
     * its own asking for {@code request}, followed from here on as in jobs mode (later kills escalate further).
     */
    void takeOver(int ichunk, Request request, String reason) {
        requests.put(ichunk, request);
        resubmit(ichunk, reason);
    }

    /** Whether the chunk was taken over (see {@link #takeOver}): it runs in jobs of its own. */
    boolean holds(int ichunk) {
        return requests.containsKey(ichunk);
    }

    /** The chunks taken over that are not resolved yet. */
    int open() {
        return (int) requests.keySet().stream().filter(ichunk -> !table.isResolved(ichunk)).count();
    }

    @Override
    public void rerun(int ichunk, String why) {
        table.reopen(ichunk);
        Verdicts.Verdict verdict = Verdicts.rerun(why, c.limits(ichunk));
        if (verdict.action() == Verdicts.Action.RESUBMIT) {
            resubmit(ichunk, why);
        } else {
            table.fail(ichunk, null, verdict.reason());
        }
    }

    @Override
    public int pending() {
        return pending;
    }

    @Override
    public int running() {
        return running;
    }

    @Override
    public void forgetJobs() {
        lostUndeleted.clear();
        deferred.clear();
        chunkOfJob.clear();
    }
}
