package io.github.qmr.runtime.session;

import io.github.qmr.runtime.clock.Ticker;
import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.JobUsage;
import io.github.qmr.runtime.workdir.SessionDir;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scheduler's own figures of a finished session's queue-jobs (see {@link BatchQueue#usage}), asked once for all
 * jobs at the end, never per task or chunk: SGE writes a job's accounting record a moment after it ended, so while a
 * job that was seen running has no record yet, the queue is asked again each second, at most {@link #WAIT} in all;
 * what is still missing then has no figures. A job never seen running (a waiting worker deleted at the end) will
 * have no record, so the end of a map does not wait for it.
 */
final class Accounting {
    /** How long a map's end waits at most for the scheduler's records of its last jobs. */
    static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration AGAIN = Duration.ofSeconds(1);

    private Accounting() {}

    /** {@link #report(BatchQueue, List, String, Set, SessionEvents, Ticker)} for the jobs the session recorded. */
    static void report(BatchQueue queue, SessionDir dir, Set<String> seenRunning, SessionEvents events,
            Ticker ticker) {
        report(queue, dir.jobs().ids(), dir.jobNamePrefix(), seenRunning, events, ticker);
    }

    /**
     * Says each job's figures as {@link SessionEvents#jobUsage}; nothing where the queue keeps no accounting, and
     * none for a job without figures.
     */
    static void report(BatchQueue queue, List<String> ids, String namePrefix, Set<String> seenRunning,
            SessionEvents events, Ticker ticker) {
        if (ids.isEmpty()) {
            return;
        }
        long deadline = ticker.nanoTime() + WAIT.toNanos();
        Map<String, JobUsage> usage = queue.usage(ids, namePrefix);
        while (usage != null && lagging(ids, seenRunning, usage) && ticker.nanoTime() + AGAIN.toNanos() <= deadline) {
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

    /** Whether a job seen running still has no record. */
    private static boolean lagging(List<String> ids, Set<String> seenRunning, Map<String, JobUsage> usage) {
        for (String id : ids) {
            if (seenRunning.contains(id) && !usage.containsKey(id)) {
                return true;
            }
        }
        return false;
    }
}
