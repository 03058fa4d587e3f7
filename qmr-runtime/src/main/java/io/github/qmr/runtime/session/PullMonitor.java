package io.github.qmr.runtime.session;

import io.github.qmr.runtime.queue.ArrayJobSpec;
import io.github.qmr.runtime.queue.JobLimitException;
import io.github.qmr.runtime.queue.JobSpec;
import io.github.qmr.runtime.queue.JobState;
import io.github.qmr.runtime.queue.JobStatus;
import io.github.qmr.runtime.queue.Request;
import io.github.qmr.runtime.workdir.ClaimBoard;
import io.github.qmr.runtime.workdir.SessionDir;
import io.github.qmr.runtime.workdir.WorkerArgs;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pull mode: at most {@code maxWorkers} workers (one array job where the queue has arrays) each claim chunks from
 * the work dir until none is left or their time budget is spent. The monitor keeps as many workers in the queue as
 * there are chunks to claim (up to the limit), deletes the waiting ones once every chunk is claimed, and gives the
 * chunk of a worker that died to a new one, counted against the chunk's resubmissions. Completion is still decided
 * by each chunk's result file.
 */
final class PullMonitor implements Monitor {
    private static final int STDERR_TAIL_BYTES = 2000;

    private final SessionContext c;
    private final ChunkTable table;
    private final ClaimBoard claims;
    private final SessionDir dir;
    private final Map<String, Worker> workers = new LinkedHashMap<>();
    private int nextWorker;
    /** The lowest chunk that may be unclaimed; moves back when a claim is released. */
    private int cursor;
    /** Every chunk below it was claimed at some point (or resolved); only moves up. */
    private int frontier;
    private int startFailuresInARow;
    /** The queue's limit on jobs, once met: fewer workers until jobs end (see {@link JobLimit}). */
    private final JobLimit jobLimit = new JobLimit();
    /** Set when no more workers may be submitted: why the open chunks failed. */
    private String stopped;
    private int pending;
    private int running;

    private static final class Worker {
        final int number;
        final long submittedAtNanos;
        long goneSinceNanos;
        /** The last poll saw it running. */
        boolean running;
        /** Its heartbeat as the monitor saw it, from the first poll that saw it running; null before. */
        Liveness.Seen beat;
        /** When its heartbeat is next read (see {@link Liveness#due}). */
        long nextBeatLookNanos;
        /** Taken as lost for its silence: its chunks were released; only its queue-job may be left to delete. */
        boolean lost;

        Worker(int number, long submittedAtNanos) {
            this.number = number;
            this.submittedAtNanos = submittedAtNanos;
        }
    }

    PullMonitor(SessionContext c) {
        this.c = c;
        this.table = c.table;
        this.dir = c.dir;
        this.claims = c.dir.claims();
    }

    @Override
    public void start() {
        for (int ichunk = 0; ichunk < table.chunks; ichunk++) {
            if (table.state(ichunk) != ChunkTable.DONE) {
                table.submitted(ichunk, null);
            }
        }
        cursor = table.advance();
        frontier = cursor;
        claims.prepareWorkers();
        topUp(0);
        pending = table.unresolvedCount();
    }

    /** Submits workers until there are as many as chunks left to claim, at most {@code maxWorkers}. */
    private void topUp(int runningWorkers) {
        if (stopped != null || cursor >= table.chunks) {
            return;
        }
        long open = (long) table.unresolvedCount() - runningWorkers;
        int want = (int) Math.min(c.settings.maxWorkers(), Math.max(0, open));
        int missing = want - workers.size();
        if (missing > 0 && !jobLimit.blocked(workers.size(), c.ticker.nanoTime())) {
            try {
                submitWorkers(missing);
                jobLimit.accepted();
            } catch (JobLimitException e) {
                // fewer workers for now: those that run claim every chunk in time, and more follow as jobs end
                jobLimit.refused(e, workers.size(), (want - workers.size()) + " more workers", c);
            }
        }
    }

    private void submitWorkers(int n) {
        long budget = c.settings.workerTimeBudget() == null ? 0 : c.settings.workerTimeBudget().toMillis();
        long walltime = c.settings.walltime() == null ? 0 : c.settings.walltime().toMillis();
        int arraySize = c.settings.jobArrays() ? c.queue.maxArraySize() : 0;
        int left = n;
        while (left > 0) {
            int base = nextWorker;
            if (arraySize > 1 && left > 1) {
                int size = Math.min(left, arraySize);
                dir.prepareQueueLogs();
                List<String> ids = c.submitArray(new ArrayJobSpec(dir.workersJobName(base, base + size - 1),
                        dir.launcher(), WorkerArgs.pullArray(base, cursor, table.chunks, budget, walltime), size,
                        dir.queueStdout(), dir.queueStderr(), c.settings.workerWorkingDir()),
                        "workers " + base + ".." + (base + size - 1));
                nextWorker += size; // once submitted: a refused array's numbers are used by the next
                for (int i = 0; i < size; i++) {
                    workers.put(ids.get(i), new Worker(base + i, c.ticker.nanoTime()));
                }
                left -= size;
            } else {
                claims.prepareWorker(base);
                String id = c.submit(new JobSpec(dir.workerJobName(base), dir.launcher(),
                        WorkerArgs.pull(base, cursor, table.chunks, budget, walltime), dir.workerStdout(base),
                        dir.workerStderr(base), c.settings.workerWorkingDir()));
                nextWorker++;
                workers.put(id, new Worker(base, c.ticker.nanoTime()));
                left--;
            }
        }
    }

    /**
     * Every chunk is resolved: a running worker finds no chunk and exits at once, so closing the queue need not
     * wait for it; a waiting one is deleted now. So is one the queue calls running whose JVM has not yet said it
     * started (no worker ticket): it may not have opened its output files in the session folder yet, and with the
     * folder gone SGE would put it in an error state for good. A delete that fails (the controller is down) is
     * returned for the session to say, and left to the queue's close, which tries again.
     */
    @Override
    public Undeleted finish() {
        List<String> waiting = new ArrayList<>();
        List<String> ending = new ArrayList<>();
        workers.forEach((id, w) -> (w.running && Files.exists(dir.workerTicket(w.number)) ? ending : waiting)
                .add(id));
        c.queue.endingOnTheirOwn(ending);
        ending.forEach(this::forget);
        if (!waiting.isEmpty()) {
            try {
                c.queue.delete(waiting);
                waiting.forEach(this::forget);
            } catch (io.github.qmr.runtime.queue.QueueException e) {
                // still listed by the queue, which tries again when it is closed; the map is complete all the same
                List<String> left = e.notDeleted().isEmpty() ? waiting : List.copyOf(e.notDeleted());
                return new Undeleted(left, Verdicts.brief(e.getMessage()));
            }
        }
        return null;
    }

    @Override
    public Collection<String> liveJobs() {
        return new ArrayList<>(workers.keySet());
    }

    @Override
    public void update(Map<String, JobStatus> statuses) {
        if (statuses == null) { // the queue cannot be reached: results still count
            table.advance();
            return;
        }
        int runningWorkers = 0;
        List<String> waiting = new ArrayList<>();
        String pendingTooLong = null;
        long now = c.ticker.nanoTime();
        for (Map.Entry<String, Worker> entry : new ArrayList<>(workers.entrySet())) {
            String id = entry.getKey();
            Worker w = entry.getValue();
            JobStatus status = statuses.get(id);
            JobState state = status == null ? JobState.FINISHED : status.state();
            switch (state) {
                case PENDING -> {
                    w.beat = null; // requeued: a new start, a new heartbeat
                    String tooLong = Verdicts.workerPendingTooLong("worker queue-job " + id, status.queueState(),
                            Duration.ofNanos(now - w.submittedAtNanos), c.settings.maxPendingTime());
                    if (tooLong != null) {
                        c.queue.delete(List.of(id));
                        forget(id);
                        pendingTooLong = tooLong;
                    } else {
                        waiting.add(id);
                    }
                }
                case RUNNING -> {
                    if (w.lost) {
                        deleteLost(id); // a delete that failed earlier: try again
                    } else if (silent(w, now)) {
                        lost(id, w, now);
                    } else {
                        runningWorkers++;
                        w.running = true;
                    }
                }
                case ERROR -> {
                    String explanation = c.queue.explain(id);
                    c.queue.delete(List.of(id));
                    ended(id, w, status, explanation);
                }
                case FINISHED -> ended(id, w, status, "");
            }
        }
        table.advance();
        advanceCursors();
        countResultsAboveTheLowest();
        if (cursor >= table.chunks && !waiting.isEmpty()) {
            // every chunk is taken: a waiting worker would only start to find nothing
            c.queue.delete(waiting);
            waiting.forEach(this::forget);
        }
        if (workers.isEmpty() && pendingTooLong != null) {
            stop(pendingTooLong);
        }
        if (workers.isEmpty() && table.unresolvedCount() > 0) {
            releaseStaleClaims();
        }
        topUp(runningWorkers);
        running = Math.min(runningWorkers, table.unresolvedCount());
        pending = table.unresolvedCount() - running;
    }

    /**
     * Chunks finished above one that is still open (e.g. held by a hung worker) count as done now, not only once
     * everything below them is: progress says what is really done. Only claimed chunks can have a result, and each
     * is looked at until it is done, so a cycle costs one stat per chunk being worked on.
     */
    private void countResultsAboveTheLowest() {
        for (int ichunk = table.lowestUnresolved(); ichunk < frontier; ichunk++) {
            if (!table.isResolved(ichunk) && table.hasResult(ichunk)) {
                table.markDone(ichunk);
            }
        }
    }

    /** Looks at the worker's heartbeat: whether it has been silent for longer than the bound. */
    private boolean silent(Worker w, long now) {
        Duration timeout = c.settings.heartbeatTimeout();
        // the bound alone: a pull worker holds no chunk before its first beat, and one on a lost node must be
        // deleted (forced) while the map runs, not left to the plain delete at its end
        if (Liveness.due(w.beat, w.nextBeatLookNanos, now, timeout)) {
            w.beat = Liveness.look(w.beat, SessionDir.readHeartbeat(dir.workerHeartbeat(w.number)), now);
            w.nextBeatLookNanos = now + timeout.toNanos() / Liveness.LOOKS_PER_BOUND;
        }
        return Liveness.silent(w.beat, now, timeout);
    }

    /**
     * A running worker that stopped beating (hung, SIGSTOPped, its node gone): its queue-job is deleted and the chunks
     * it holds are released for another worker, counted against their resubmissions; what it saved per task is kept,
     * so only its unsaved tasks run again.
     */
    private void lost(String id, Worker w, long now) {
        w.lost = true;
        String what = Verdicts.silentWorker("worker queue-job " + id, w.beat.content(),
                Liveness.silentFor(w.beat, now), c.settings.heartbeatTimeout(), Duration.ZERO, deleteLost(id));
        advanceCursors();
        List<Integer> orphans = orphansOf(w.number);
        if (orphans.isEmpty()) {
            c.notice(true, what + "; it held no chunk");
        }
        for (int ichunk : orphans) {
            Verdicts.Verdict verdict = Verdicts.rerun(what, c.limits(ichunk));
            if (verdict.action() == Verdicts.Action.RESUBMIT) {
                release(ichunk, verdict.reason(), id);
            } else {
                failForGood(ichunk, null, verdict.reason(), id);
            }
        }
    }

    /**
     * Deletes a lost worker's queue-job and forgets it; one that cannot be deleted now (its host is gone, the
     * controller does not answer) stays followed and is deleted again next cycle. Returns what happened, for the
     * notice.
     */
    private String deleteLost(String id) {
        try {
            c.queue.deleteLost(List.of(id));
            forget(id);
            return "deleted it";
        } catch (io.github.qmr.runtime.queue.QueueException e) {
            return "could not delete it yet (" + Verdicts.brief(e.getMessage()) + "), tried again each poll; by hand: "
                    + c.queue.deleteCommand(List.of(id));
        }
    }

    private void advanceCursors() {
        while (cursor < table.chunks && (table.isResolved(cursor) || Files.exists(dir.claimFile(cursor)))) {
            cursor++;
        }
        frontier = Math.max(frontier, cursor);
        while (frontier < table.chunks && Files.exists(dir.claimFile(frontier))) {
            frontier++;
        }
    }

    /** A worker gone from the queue (or deleted in error): its unfinished chunks run again or fail. */
    private void ended(String id, Worker w, JobStatus status, String explanation) {
        if (w.lost) { // its chunks were released when it went silent
            forget(id);
            return;
        }
        advanceCursors();
        List<Integer> orphans = orphansOf(w.number);
        boolean inError = status != null && status.state() == JobState.ERROR;
        if (orphans.isEmpty()) {
            forget(id);
            if (inError) {
                replaceInError(id, status, explanation);
            } else if (!Files.exists(dir.workerTicket(w.number))) {
                startFailed(id, w, status);
            } else {
                startFailuresInARow = 0;
            }
            return;
        }
        startFailuresInARow = 0;
        long now = c.ticker.nanoTime();
        if (w.goneSinceNanos == 0) {
            w.goneSinceNanos = now;
        }
        List<Runnable> outcomes = new ArrayList<>();
        for (int ichunk : orphans) {
            Verdicts.Facts facts = facts(ichunk, id, status, explanation, Duration.ofNanos(now - w.goneSinceNanos));
            Verdicts.Limits limits = c.limits(ichunk);
            if (explanation.isEmpty() && Verdicts.needsExplanation(facts, limits)) {
                explanation = c.queue.explain(id);
                facts = facts(ichunk, id, status, explanation, Duration.ofNanos(now - w.goneSinceNanos));
            }
            Verdicts.Verdict verdict = c.decide(facts, limits, status, Request.SITE);
            Integer exitCode = facts.exitCode();
            switch (verdict.action()) {
                case WAIT -> {
                    return; // shared storage may still show its result: look again next cycle
                }
                case DONE -> outcomes.add(() -> table.markDone(ichunk));
                case RESUBMIT -> outcomes.add(() -> release(ichunk, verdict.reason(), id));
                case FAIL -> outcomes.add(() -> failForGood(ichunk, exitCode, verdict.reason(), id));
            }
        }
        forget(id);
        outcomes.forEach(Runnable::run);
    }

    private Verdicts.Facts facts(int ichunk, String id, JobStatus status, String explanation, Duration goneFor) {
        JobState state = status == null ? JobState.FINISHED : status.state();
        var exitNote = dir.exitFile(ichunk);
        boolean hasResult = table.hasResult(ichunk);
        return new Verdicts.Facts("worker queue-job " + id, state, status == null ? null : status.queueState(),
                status == null ? null : status.exitCode(),
                !hasResult && Files.exists(exitNote) ? SessionDir.tail(exitNote, 1000) : null, explanation,
                status != null && state == JobState.FINISHED && !c.queue.mayResubmit(status), goneFor, Duration.ZERO,
                hasResult, dir.stderrFile(ichunk).toString(), true);
    }

    /** The chunks worker {@code number} claimed and left without a result. */
    private List<Integer> orphansOf(int number) {
        List<Integer> orphans = new ArrayList<>();
        for (int ichunk = table.lowestUnresolved(); ichunk < frontier; ichunk++) {
            if (!table.isResolved(ichunk) && !table.hasResult(ichunk) && claims.owner(ichunk) == number) {
                orphans.add(ichunk);
            }
        }
        return orphans;
    }

    /** The chunk goes back to be claimed; {@code failedJob} is the worker that left it. */
    private void release(int ichunk, String reason, String failedJob) {
        int n = table.countResubmission(ichunk);
        table.setJobId(ichunk, null);
        dir.clearExitNote(ichunk);
        claims.release(ichunk);
        cursor = Math.min(cursor, ichunk);
        c.events.chunkResubmitted(ichunk, n + 1, failedJob, reason);
        c.notice(true, Verdicts.resubmitted(ichunk, reason, "released for another worker", n,
                c.settings.maxResubmissions()));
    }

    /** A chunk failed for good keeps a claim, so no worker takes it again. */
    private void failForGood(int ichunk, Integer exitCode, String reason, String jobId) {
        table.setJobId(ichunk, jobId);
        table.fail(ichunk, exitCode, reason);
        claims.block(ichunk);
    }

    /**
     * A worker the queue put in an error state before it took a chunk (e.g. Eqw): it is replaced by the top-up,
     * counted against the first open chunk's resubmissions, so a queue that errs every job ends the map.
     */
    private void replaceInError(String id, JobStatus status, String explanation) {
        int ichunk = table.lowestUnresolved();
        while (ichunk < table.chunks && (table.isResolved(ichunk) || table.hasResult(ichunk))) {
            ichunk++;
        }
        if (ichunk >= table.chunks) {
            return;
        }
        String what = Verdicts.inError("worker queue-job " + id, status.queueState(), explanation);
        Verdicts.Verdict verdict = Verdicts.rerun(what, c.limits(ichunk));
        if (verdict.action() == Verdicts.Action.RESUBMIT) {
            int n = table.countResubmission(ichunk);
            c.notice(true, Verdicts.resubmitted(ichunk, what, "another worker submitted", n,
                    c.settings.maxResubmissions()));
        } else {
            failForGood(ichunk, null, verdict.reason(), id);
        }
    }

    /** A worker that ended before its first claim (no ticket): a bad java, classpath or JVM option. */
    private void startFailed(String id, Worker w, JobStatus status) {
        startFailuresInARow++;
        String why = Verdicts.workersCannotStart(startFailuresInARow, "worker queue-job " + id,
                status == null ? null : status.exitCode(), SessionDir.tail(dir.workerStderr(w.number),
                        STDERR_TAIL_BYTES), dir.workerStderr(w.number).toString());
        if (why != null) {
            c.queue.delete(liveJobs());
            new ArrayList<>(workers.keySet()).forEach(this::forget);
            stop(why);
        }
    }

    /** No worker may be submitted any more: every chunk without a result fails with the reason. */
    private void stop(String why) {
        stopped = why;
        for (int ichunk = table.lowestUnresolved(); ichunk < table.chunks; ichunk++) {
            if (!table.isResolved(ichunk) && !table.hasResult(ichunk)) {
                table.fail(ichunk, null, why);
                claims.block(ichunk);
            }
        }
    }

    /** No worker is left: a claim on a chunk without a result is stale, so it is released for the next worker. */
    private void releaseStaleClaims() {
        for (int ichunk = table.lowestUnresolved(); ichunk < frontier; ichunk++) {
            if (!table.isResolved(ichunk) && !table.hasResult(ichunk)
                    && claims.owner(ichunk) != ClaimBoard.UNCLAIMED) {
                claims.release(ichunk);
                cursor = Math.min(cursor, ichunk);
            }
        }
    }

    private void forget(String id) {
        if (workers.remove(id) != null) {
            c.events.jobEnded(id, c.ticker.now());
        }
    }

    @Override
    public void rerun(int ichunk, String why) {
        table.reopen(ichunk);
        Verdicts.Verdict verdict = Verdicts.rerun(why, c.limits(ichunk));
        if (verdict.action() == Verdicts.Action.RESUBMIT) {
            release(ichunk, why, table.jobId(ichunk));
            topUp(0);
        } else {
            failForGood(ichunk, null, verdict.reason(), table.jobId(ichunk));
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
        workers.clear();
    }
}
