package io.github.qmr.runtime.session;

import io.github.qmr.runtime.workdir.SessionDir;

/**
 * Failed tasks as chunks end (from their workers' failure notes): the first is said at once, not only at the end;
 * once more failed than {@link EngineSettings#maxFailedTasks()} allows, the map is to stop, since the rest would be
 * spent on a map that fails.
 */
final class FailureWatch {
    private final SessionDir dir;
    private final long limit;
    private final SessionEvents events;
    private boolean firstSaid;
    private boolean stopped;

    FailureWatch(SessionDir dir, long limit, SessionEvents events) {
        this.dir = dir;
        this.limit = limit;
        this.events = events;
    }

    /** Says a first failure; true when the map must stop now (then call {@link #stopped}). */
    boolean check(ChunkTable table) {
        String failure = table.takeNewFailure();
        if (failure != null && !firstSaid) {
            firstSaid = true;
            events.notice(true, dir.sessionId() + ": a task failed (" + failure + "); the map goes on, and its end"
                    + " lists every failure");
        }
        return limit >= 0 && !stopped && table.failedTasks() > limit;
    }

    /** The jobs were deleted ({@code deleted} says how that went): every chunk not done fails as not run. */
    void stopped(ChunkTable table, String deleted) {
        stopped = true;
        String why = table.failedTasks() + " tasks failed, more than the " + limit + " allowed (maxFailedTasks)";
        int notRun = 0;
        for (int ichunk = table.lowestUnresolved(); ichunk < table.chunks; ichunk++) {
            if (!table.isResolved(ichunk) && !table.hasResult(ichunk)) {
                table.fail(ichunk, null, "not run: the map stopped early, " + why);
                dir.blockClaim(ichunk);
                notRun++;
            }
        }
        events.notice(true, dir.sessionId() + ": stopped early: " + why + "; " + deleted + "; " + notRun
                + " chunks not run; work dir kept at " + dir.path());
    }
}
