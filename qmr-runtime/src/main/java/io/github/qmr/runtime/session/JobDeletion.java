package io.github.qmr.runtime.session;

import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.QueueException;
import io.github.qmr.runtime.workdir.SessionDir;
import java.util.ArrayList;
import java.util.List;

/** Deletes a session's queue-jobs when its map stops, and says truthfully what became of them. */
final class JobDeletion {
    private JobDeletion() {}

    /** Deletes every job the monitor follows; never claims a deletion that failed. Returns what became of them. */
    static String deleteAll(Monitor monitor, BatchQueue queue) {
        List<String> ids = new ArrayList<>(monitor.liveJobs());
        if (ids.isEmpty()) {
            return "no queue-job of it was left to delete";
        }
        try {
            queue.delete(ids);
        } catch (QueueException e) {
            return "could NOT delete its queue-jobs, which may still run: " + ids + " ("
                    + Verdicts.brief(e.getMessage()) + "); delete them with " + queue.deleteCommand(ids);
        }
        monitor.forgetJobs();
        return "deleted its " + ids.size() + " queue-job" + (ids.size() == 1 ? "" : "s");
    }

    /** A map stopped before its end: deletes its jobs and tells the user where its work is kept and how to resume. */
    static String stoppedEarly(SessionDir dir, Monitor monitor, BatchQueue queue, SessionEvents events) {
        String deleted = deleteAll(monitor, queue);
        events.notice(true, dir.sessionId() + ": stopped before the end; " + deleted);
        if (!java.nio.file.Files.isDirectory(dir.path())) {
            // nothing is kept and nothing can be resumed: say that, not the usual lines
            events.notice(true, dir.sessionId() + ": its session folder " + dir.path() + " is gone, so no work is"
                    + " kept; running the map again starts it anew");
            return deleted;
        }
        events.notice(true, dir.sessionId() + ": work dir kept at " + dir.path());
        events.notice(true, dir.sessionId() + ": run the same map again to resume it: chunks already done are not run"
                + " again");
        return deleted;
    }
}
