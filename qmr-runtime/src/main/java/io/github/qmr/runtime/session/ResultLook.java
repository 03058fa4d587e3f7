package io.github.qmr.runtime.session;

import java.time.Duration;

/**
 * How often the process node looks for the result file of the chunk it waits for, between two polls of the queue.
 * Every look is a stat on the shared file system's server. At a fixed 25 ms a chunk of a minute cost 2,400 looks;
 * now the pause grows with the time already waited (a twentieth of it), so a result is noticed at most 5 % of its
 * wait late (and never later than the next poll), and a one-minute wait costs 136 looks. Short waits (tiny
 * tasks, a map's throughput) keep the 25 ms.
 */
final class ResultLook {
    /** The pause while the wait is short. */
    static final Duration FIRST = Duration.ofMillis(25);
    /** The wait is this many times the pause. */
    private static final int SHARE = 20;

    private ResultLook() {}

    /** The pause before the next look, having waited {@code waited} for this chunk; at most {@code pollInterval}. */
    static Duration pause(Duration waited, Duration pollInterval) {
        Duration grown = waited.dividedBy(SHARE);
        Duration pause = grown.compareTo(FIRST) > 0 ? grown : FIRST;
        return pause.compareTo(pollInterval) < 0 ? pause : pollInterval;
    }
}
