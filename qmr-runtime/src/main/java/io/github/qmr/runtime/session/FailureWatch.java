package io.github.qmr.runtime.session;

import io.github.qmr.runtime.policy.FailurePolicy;
import io.github.qmr.runtime.workdir.SessionDir;

/**
 * Failed tasks as chunks end (from their workers' failure notes and the chunks that failed): the first is said at
 * once, not only at the end; when {@link FailurePolicy} says so (a systematic failure, or more than the session's
 * rule lets fail), the map is to stop, since the rest would be spent on a map that fails the same way.
 */
final class FailureWatch {
    private final SessionDir dir;
    private final FailurePolicy.Rule rule;
    private final SessionEvents events;
    private boolean firstSaid;
    private boolean stopped;
    private String stopReason;

    FailureWatch(SessionDir dir, FailurePolicy.Rule rule, SessionEvents events) {
        this.dir = dir;
        this.rule = rule;
        this.events = events;
    }

    /** Says a first failure; true when the map must stop now (then call {@link #stopped}). */
    boolean check(ChunkTable table) {
        String failure = table.takeNewFailure();
        FailurePolicy.Decision decision = stopped ? null : FailurePolicy.decide(table.counts(), rule);
        boolean stop = decision != null && decision.action() == FailurePolicy.Action.STOP;
        if (failure != null && !firstSaid) {
            firstSaid = true;
            events.notice(true, dir.sessionId() + ": a task failed (" + failure + ")"
                    + (stop ? "" : "; the map goes on, and its end lists every failure"));
        }
        if (stop) {
            stopReason = decision.reason();
        }
        return stop;
    }

    /** The jobs were deleted ({@code deleted} says how that went): every chunk not done is not run. */
    void stopped(ChunkTable table, String deleted) {
        stopped = true;
        int notRun = 0;
        long notRunTasks = 0;
        for (int ichunk = table.lowestUnresolved(); ichunk < table.chunks; ichunk++) {
            if (!table.isResolved(ichunk) && !table.hasResult(ichunk)) {
                table.notRun(ichunk, "the map stopped early, as " + stopReason);
                dir.claims().block(ichunk);
                notRun++;
                notRunTasks += table.tasksIn(ichunk);
            }
        }
        events.notice(true, dir.sessionId() + ": stopped early, as " + stopReason + "; " + deleted + "; "
                + FailurePolicy.tasks(notRunTasks) + " in " + notRun + (notRun == 1 ? " chunk" : " chunks")
                + " not run; work dir kept at " + dir.path());
    }
}
