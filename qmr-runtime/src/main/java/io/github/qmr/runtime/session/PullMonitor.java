package io.github.qmr.runtime.session;

import io.github.qmr.runtime.queue.JobState;
import io.github.qmr.runtime.queue.JobStatus;
import io.github.qmr.runtime.queue.Request;
import io.github.qmr.runtime.session.PullWorkers.Worker;
import io.github.qmr.runtime.workdir.SessionDir;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Pull mode: at most {@code maxWorkers} workers (one array job where the queue has arrays) each claim chunks from
 * the work dir until none is left or their time budget is spent. The monitor keeps as many workers in the queue as
 * there are chunks to claim (up to the limit), deletes the waiting ones once every chunk is claimed, and gives the
 * chunk of a worker that died to a new one, counted against the chunk's resubmissions. A chunk whose worker was
 * killed for memory or time, with escalation on, leaves the pull workers (who keep the site's request) for a job of
 * its own asking for more, followed as in jobs mode. Completion is still decided by each chunk's result file.
 */
final class PullMonitor implements Monitor {
    private static final int STDERR_TAIL_BYTES = 2000;

    private final SessionContext c;
    private final ChunkTable table;
    private final PullClaims claims;
    private final SessionDir dir;
    private final PullWorkers pool;
    private final Map<String, Worker> workers;
    /** The chunks escalated out of the pull workers, each in jobs of its own; null until the first. */
    private JobsMonitor ownJobs;
    private int startFailuresInARow;
    /** Set when no more workers may be submitted: why the open chunks failed. */
    private String stopped;
    private int pending;
    private int running;

    PullMonitor(SessionContext c) {
        this.c = c;
        this.table = c.table;
        this.dir = c.dir;
        this.claims = new PullClaims(c.table, c.dir);
        this.pool = new PullWorkers(c, claims);
        this.workers = pool.byJob;
    }

    @Override
    public void start() {
        for (int ichunk = 0; ichunk < table.chunks; ichunk++) {
            if (table.state(ichunk) != ChunkTable.DONE) {
                table.submitted(ichunk, null);
            }
        }
        claims.start();
        topUp(0);
        pending = table.unresolvedCount();
    }

    /** Submits workers until there are as many as chunks left to claim, at most {@code maxWorkers}. */
    private void topUp(int runningWorkers) {
        if (stopped != null || claims.allTaken()) {
            return;
        }
        long open = (long) table.unresolvedCount() - runningWorkers - (ownJobs == null ? 0 : ownJobs.open());
        pool.topUp((int) Math.min(c.settings.maxWorkers(), Math.max(0, open)));
    }

    /** Whether the chunk runs in jobs of its own (escalated), not in a pull worker. */
    private boolean ownJob(int ichunk) {
        return ownJobs != null && ownJobs.holds(ichunk);
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
        ending.forEach(pool::forget);
        if (!waiting.isEmpty()) {
            try {
                c.queue.delete(waiting);
                waiting.forEach(pool::forget);
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
        List<String> live = new ArrayList<>(workers.keySet());
        if (ownJobs != null) {
            live.addAll(ownJobs.liveJobs());
        }
        return live;
    }

    @Override
    public void update(Map<String, JobStatus> statuses) {
        if (ownJobs != null) {
            ownJobs.update(statuses);
        }
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
                        pool.forget(id);
                        pendingTooLong = tooLong;
                    } else {
                        waiting.add(id);
                    }
                }
                case RUNNING -> {
                    if (w.lost) {
                        pool.deleteLost(id); // a delete that failed earlier: try again
                    } else if (pool.silent(w, now)) {
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
        claims.advance();
        claims.countResultsAboveTheLowest();
        if (claims.allTaken() && !waiting.isEmpty()) {
            // every chunk is taken: a waiting worker would only start to find nothing
            c.queue.delete(waiting);
            waiting.forEach(pool::forget);
        }
        if (workers.isEmpty() && pendingTooLong != null) {
            stop(pendingTooLong);
        }
        if (workers.isEmpty() && table.unresolvedCount() > 0) {
            claims.releaseStale(this::ownJob);
        }
        topUp(runningWorkers);
        running = Math.min(runningWorkers + (ownJobs == null ? 0 : ownJobs.running()), table.unresolvedCount());
        pending = table.unresolvedCount() - running;
    }


    /**
     * A running worker that stopped beating (hung, SIGSTOPped, its node gone): its queue-job is deleted and the chunks
     * it holds are released for another worker, counted against their resubmissions; what it saved per task is kept,
     * so only its unsaved tasks run again.
     */
    private void lost(String id, Worker w, long now) {
        w.lost = true;
        String what = Verdicts.silentWorker("worker queue-job " + id, w.beat.content(),
                Liveness.silentFor(w.beat, now), c.settings.heartbeatTimeout(), Duration.ZERO, pool.deleteLost(id));
        claims.advance();
        List<Integer> orphans = claims.orphansOf(w.number);
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

    /** A worker gone from the queue (or deleted in error): its unfinished chunks run again or fail. */
    private void ended(String id, Worker w, JobStatus status, String explanation) {
        if (w.lost) { // its chunks were released when it went silent
            pool.forget(id);
            return;
        }
        claims.advance();
        List<Integer> orphans = claims.orphansOf(w.number);
        boolean inError = status != null && status.state() == JobState.ERROR;
        if (orphans.isEmpty()) {
            pool.forget(id);
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
                case RESUBMIT -> outcomes.add(verdict.request() == null ? () -> release(ichunk, verdict.reason(), id)
                        : () -> escalate(ichunk, verdict, id));
                case FAIL -> outcomes.add(() -> failForGood(ichunk, exitCode, verdict.reason(), id));
            }
        }
        pool.forget(id);
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

    /** The chunk goes back to be claimed; {@code failedJob} is the worker that left it. */
    private void release(int ichunk, String reason, String failedJob) {
        int n = table.countResubmission(ichunk);
        table.setJobId(ichunk, null);
        dir.clearExitNote(ichunk);
        claims.release(ichunk);
        c.events.chunkResubmitted(ichunk, n + 1, failedJob, reason);
        c.notice(true, Verdicts.resubmitted(ichunk, reason, "released for another worker", n,
                c.settings.maxResubmissions()));
    }

    /**
     * Killed for memory or time, with escalation on: the chunk leaves the pull workers, which keep the site's request,
     * for a job of its own asking for more ({@code verdict.request()}), followed by {@link JobsMonitor} from here on.
     * The dead worker's claim stays (blocked if gone), so no pull worker takes the chunk again.
     */
    private void escalate(int ichunk, Verdicts.Verdict verdict, String failedJob) {
        claims.block(ichunk);
        table.setJobId(ichunk, failedJob);
        if (ownJobs == null) {
            ownJobs = new JobsMonitor(c);
        }
        ownJobs.takeOver(ichunk, verdict.request(), verdict.reason());
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
        int ichunk = claims.lowestOpen(this::ownJob);
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
            // only the workers: an escalated chunk's own job has its own verdict
            List<String> ids = new ArrayList<>(workers.keySet());
            c.queue.delete(ids);
            ids.forEach(pool::forget);
            stop(why);
        }
    }

    /**
     * No worker may be submitted any more: every chunk without a result fails with the reason, but those in jobs of
     * their own.
     */
    private void stop(String why) {
        stopped = why;
        for (int ichunk = table.lowestUnresolved(); ichunk < table.chunks; ichunk++) {
            if (!table.isResolved(ichunk) && !table.hasResult(ichunk) && !ownJob(ichunk)) {
                table.fail(ichunk, null, why);
                claims.block(ichunk);
            }
        }
    }

    @Override
    public void rerun(int ichunk, String why) {
        if (ownJob(ichunk)) {
            ownJobs.rerun(ichunk, why); // with its escalated request
            return;
        }
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
        if (ownJobs != null) {
            ownJobs.forgetJobs();
        }
    }
}
