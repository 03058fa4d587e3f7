package io.github.qmr.runtime.session;

import io.github.qmr.runtime.queue.JobLimitException;
import java.time.Duration;

/**
 * A queue's limit on the number of jobs (SGE {@code max_u_jobs}, Slurm {@code MaxSubmitJobs}) met by a map: what could
 * not be submitted waits, and is tried again as jobs end. Never a failure of the map.
 */
final class JobLimit {
    /** Jobs of other maps and of the user's other work end too, unseen by this map: try again at least this often. */
    static final Duration RETRY = Duration.ofSeconds(30);

    private int liveAtRefusal = -1;
    private long refusedAtNanos;
    private boolean said;

    /**
     * The rule, pure: after a refusal, submit again once one of the map's own jobs has ended (fewer live than at the
     * refusal), or once {@link #RETRY} has passed.
     */
    static boolean mayTryAgain(int liveAtRefusal, int liveNow, Duration sinceRefusal) {
        return liveNow < liveAtRefusal || sinceRefusal.compareTo(RETRY) >= 0;
    }

    /** Whether submitting now would only be refused again. */
    boolean blocked(int liveNow, long nowNanos) {
        return liveAtRefusal >= 0 && !mayTryAgain(liveAtRefusal, liveNow, Duration.ofNanos(nowNanos - refusedAtNanos));
    }

    /**
     * A refusal: remembered for {@link #blocked}, said once per map with what happens now; {@code waiting} names what
     * is held back, e.g. {@code the other 9 chunks}.
     */
    void refused(JobLimitException e, int liveNow, String waiting, SessionContext c) {
        liveAtRefusal = liveNow;
        refusedAtNanos = c.ticker.nanoTime();
        if (!said) {
            said = true;
            c.notice(true, c.dir.sessionId() + ": the queue takes no more jobs now (" + e.getMessage() + "); "
                    + liveNow + " of this map's jobs are in it, and " + waiting + " are submitted as jobs end"
                    + " (tried again when one of them ends, or every " + RETRY.toSeconds() + " s)");
        }
    }

    /** A submission went through: the limit no longer holds anything back until the next refusal. */
    void accepted() {
        liveAtRefusal = -1;
    }
}
