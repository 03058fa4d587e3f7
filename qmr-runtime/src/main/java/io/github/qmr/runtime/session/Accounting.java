package io.github.qmr.runtime.session;

import io.github.qmr.runtime.clock.Ticker;
import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.JobUsage;
import io.github.qmr.runtime.workdir.SessionDir;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The scheduler's own figures of a finished session's queue-jobs (see {@link BatchQueue#usage}), asked once for all
 * jobs at the end, never per task or chunk: SGE writes a job's accounting record a moment after it ended, so a job
 * still missing is asked again each second, at most {@link #WAIT} in all; what is still missing then has no figures.
 */
final class Accounting {
    /** How long a map's end waits at most for the scheduler's records of its last jobs. */
    static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration AGAIN = Duration.ofSeconds(1);

    private Accounting() {}

    /** {@link #report(BatchQueue, List, String, SessionEvents, Ticker)} for the jobs the session recorded. */
    static void report(BatchQueue queue, SessionDir dir, SessionEvents events, Ticker ticker) {
        report(queue, dir.jobs().ids(), dir.jobNamePrefix(), events, ticker);
    }

    /**
     * Says each job's figures as {@link SessionEvents#jobUsage}; nothing where the queue keeps no accounting, and
     * none for a job without figures.
     */
    static void report(BatchQueue queue, List<String> ids, String namePrefix, SessionEvents events, Ticker ticker) {
        if (ids.isEmpty()) {
            return;
        }
        long deadline = ticker.nanoTime() + WAIT.toNanos();
        Map<String, JobUsage> usage = queue.usage(ids, namePrefix);
        while (usage != null && usage.size() < ids.size() && ticker.nanoTime() + AGAIN.toNanos() <= deadline) {
            Session.sleep(ticker, AGAIN);
            Map<String, JobUsage> again = queue.usage(ids, namePrefix);
            usage = again == null ? usage : again;
        }
        if (usage == null) {
            return;
        }
        for (String id : ids) {
            JobUsage u = usage.get(id);
            if (u != null && (u.cpu() != null || u.memoryBytes() != null)) {
                events.jobUsage(id, u);
            }
        }
    }
}
