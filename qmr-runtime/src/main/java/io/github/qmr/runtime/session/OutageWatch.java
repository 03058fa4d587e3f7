package io.github.qmr.runtime.session;

import io.github.qmr.runtime.clock.Ticker;
import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.JobStatus;
import io.github.qmr.runtime.queue.QueueException;
import io.github.qmr.runtime.workdir.SessionDir;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * A queue that does not answer (a controller restarting, a network cut): said once, with when it answers again;
 * meanwhile the session goes on with the result files and asks less often; past the tolerance the map stops.
 */
final class OutageWatch {
    /** While the queue cannot be reached it is asked at most this often. */
    private static final Duration OUTAGE_POLL = Duration.ofSeconds(10);

    private final SessionDir dir;
    private final String queueName;
    private final Duration tolerance;
    private final SessionEvents events;
    private final Ticker ticker;
    private long sinceNanos;

    OutageWatch(SessionDir dir, String queueName, Duration tolerance, SessionEvents events, Ticker ticker) {
        this.ticker = ticker;
        this.dir = dir;
        this.queueName = queueName;
        this.tolerance = tolerance;
        this.events = events;
    }

    /** The status of each job, or null while the queue cannot be reached (then the outage is said or goes on). */
    Map<String, JobStatus> poll(BatchQueue queue, Collection<String> ids) {
        long asked = ticker.nanoTime();
        try {
            Map<String, JobStatus> statuses = ids.isEmpty() ? Map.of() : queue.poll(ids);
            answered();
            return statuses;
        } catch (QueueException e) {
            failed(e, asked); // a status call may block for seconds before it fails (Slurm's ~9 s)
            return null;
        }
    }

    /** The queue answered. */
    void answered() {
        if (sinceNanos != 0) {
            events.notice(false, dir.sessionId() + ": the " + queueName + " queue answers again, after "
                    + Duration.ofNanos(ticker.nanoTime() - sinceNanos).toSeconds() + " s");
            sinceNanos = 0;
        }
    }

    /** A queue command failed: the outage starts, or goes on; past the tolerance the map stops. */
    void failed(QueueException e) {
        failed(e, ticker.nanoTime());
    }

    /** As {@link #failed(QueueException)}, for a command started at {@code askedNanos}: the outage began then. */
    private void failed(QueueException e, long askedNanos) {
        long now = ticker.nanoTime();
        if (sinceNanos == 0) {
            sinceNanos = askedNanos;
            events.notice(true, dir.sessionId() + ": the " + queueName + " queue cannot be reached ("
                    + Verdicts.brief(e.getMessage()) + "); going on with the"
                    + " results in the work dir and asking again, for at most " + tolerance.toSeconds()
                    + " s (outageTolerance)");
        } else if (now - sinceNanos > tolerance.toNanos()) {
            throw new SessionException("the " + queueName + " queue could not be reached for "
                    + wholeSecondsUp(now - sinceNanos) + " s, longer than the outageTolerance of "
                    + tolerance.toSeconds() + " s: " + e.getMessage() + "\nThe work dir of session " + dir.sessionId()
                    + " is kept at " + dir.path() + "; run the same map again once the queue answers to resume it",
                    e);
        }
    }

    /** Rounded up: past a tolerance of 5 s the outage lasted more than 5 s, and must not be said as "5 s". */
    static long wholeSecondsUp(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }

    /** How long to wait before the next poll. */
    Duration pollInterval(Duration normal) {
        if (sinceNanos == 0) {
            return normal;
        }
        Duration slower = normal.multipliedBy(10);
        return slower.compareTo(OUTAGE_POLL) < 0 ? slower : OUTAGE_POLL;
    }
}
