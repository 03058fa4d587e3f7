package io.github.qmr.runtime.session;

import io.github.qmr.runtime.queue.ArrayJobSpec;
import io.github.qmr.runtime.queue.JobLimitException;
import io.github.qmr.runtime.queue.JobSpec;
import io.github.qmr.runtime.workdir.SessionDir;
import io.github.qmr.runtime.workdir.WorkerArgs;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pull mode's workers in the queue, by queue-job id, and their submission: numbered in order, as array jobs where the
 * queue has arrays, held back while the queue's limit on jobs holds (see {@link JobLimit}).
 */
final class PullWorkers {
    /** One pull worker the monitor follows. */
    static final class Worker {
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

    private final SessionContext c;
    private final PullClaims claims;
    /** The workers followed, by queue-job id, in the order submitted. */
    final Map<String, Worker> byJob = new LinkedHashMap<>();
    private int nextWorker;
    /** The queue's limit on jobs, once met: fewer workers until jobs end. */
    private final JobLimit jobLimit = new JobLimit();

    PullWorkers(SessionContext c, PullClaims claims) {
        this.c = c;
        this.claims = claims;
    }

    /** Submits workers until there are {@code want}, unless the queue's limit on jobs holds them back. */
    void topUp(int want) {
        int missing = want - byJob.size();
        if (missing > 0 && !jobLimit.blocked(byJob.size(), c.ticker.nanoTime())) {
            try {
                submit(missing);
                jobLimit.accepted();
            } catch (JobLimitException e) {
                // fewer workers for now: those that run claim every chunk in time, and more follow as jobs end
                jobLimit.refused(e, byJob.size(), (want - byJob.size()) + " more workers", c);
            }
        }
    }

    private void submit(int n) {
        SessionDir dir = c.dir;
        long budget = c.settings.workerTimeBudget() == null ? 0 : c.settings.workerTimeBudget().toMillis();
        long walltime = c.settings.walltime() == null ? 0 : c.settings.walltime().toMillis();
        int arraySize = c.settings.jobArrays() ? c.queue.maxArraySize() : 0;
        int chunks = c.table.chunks;
        int left = n;
        while (left > 0) {
            int base = nextWorker;
            if (arraySize > 1 && left > 1) {
                int size = Math.min(left, arraySize);
                dir.prepareQueueLogs();
                List<String> ids = c.submitArray(new ArrayJobSpec(dir.workersJobName(base, base + size - 1),
                        dir.launcher(), WorkerArgs.pullArray(base, claims.cursor(), chunks, budget, walltime), size,
                        dir.queueStdout(), dir.queueStderr(), c.settings.workerWorkingDir()),
                        "workers " + base + ".." + (base + size - 1));
                nextWorker += size; // once submitted: a refused array's numbers are used by the next
                for (int i = 0; i < size; i++) {
                    byJob.put(ids.get(i), new Worker(base + i, c.ticker.nanoTime()));
                }
                left -= size;
            } else {
                claims.board().prepareWorker(base);
                String id = c.submit(new JobSpec(dir.workerJobName(base), dir.launcher(),
                        WorkerArgs.pull(base, claims.cursor(), chunks, budget, walltime), dir.workerStdout(base),
                        dir.workerStderr(base), c.settings.workerWorkingDir()));
                nextWorker++;
                byJob.put(id, new Worker(base, c.ticker.nanoTime()));
                left--;
            }
        }
    }

    /** Looks at the worker's heartbeat: whether it has been silent for longer than the bound. */
    boolean silent(Worker w, long now) {
        Duration timeout = c.settings.heartbeatTimeout();
        // the bound alone: a pull worker holds no chunk before its first beat, and one on a lost node must be
        // deleted (forced) while the map runs, not left to the plain delete at its end
        if (Liveness.due(w.beat, w.nextBeatLookNanos, now, timeout)) {
            w.beat = Liveness.look(w.beat, SessionDir.readHeartbeat(c.dir.workerHeartbeat(w.number)), now);
            w.nextBeatLookNanos = now + timeout.toNanos() / Liveness.LOOKS_PER_BOUND;
        }
        return Liveness.silent(w.beat, now, timeout);
    }

    /**
     * Deletes a lost worker's queue-job and forgets it; one that cannot be deleted now (its host is gone, the
     * controller does not answer) stays followed and is deleted again next cycle. Returns what happened, for the
     * notice.
     */
    String deleteLost(String id) {
        try {
            c.queue.deleteLost(List.of(id));
            forget(id);
            return "deleted it";
        } catch (io.github.qmr.runtime.queue.QueueException e) {
            return "could not delete it yet (" + Verdicts.brief(e.getMessage()) + "), tried again each poll; by hand: "
                    + c.queue.deleteCommand(List.of(id));
        }
    }

    /** The worker's queue-job is gone (or deleted): no longer followed. */
    void forget(String id) {
        if (byJob.remove(id) != null) {
            c.events.jobEnded(id, c.ticker.now());
        }
    }
}
