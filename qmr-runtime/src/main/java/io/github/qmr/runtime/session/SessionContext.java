package io.github.qmr.runtime.session;

import io.github.qmr.runtime.clock.Ticker;
import io.github.qmr.runtime.queue.ArrayJobSpec;
import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.JobState;
import io.github.qmr.runtime.queue.JobStatus;
import io.github.qmr.runtime.queue.Request;
import io.github.qmr.runtime.queue.ResourceKill;
import io.github.qmr.runtime.queue.JobSpec;
import io.github.qmr.runtime.queue.QueueException;
import io.github.qmr.runtime.workdir.SessionDir;
import java.time.Instant;
import java.util.List;

/** What the monitors of one session share: its folder, queue, settings, chunks and listener. */
final class SessionContext {
    final SessionDir dir;
    final BatchQueue queue;
    final EngineSettings settings;
    final ChunkTable table;
    final SessionEvents events;
    /** The time the monitors' rules read. */
    final Ticker ticker;

    SessionContext(SessionDir dir, BatchQueue queue, EngineSettings settings, ChunkTable table, SessionEvents events,
            Ticker ticker) {
        this.ticker = ticker;
        this.dir = dir;
        this.queue = queue;
        this.settings = settings;
        this.table = table;
        this.events = events;
    }

    /** Submits a job and records its id in the session folder at once, so a rerun can find it. */
    String submit(JobSpec job) {
        String id = queue.submit(job);
        recorded(List.of(id));
        return id;
    }

    /** Submits an array job and records its element ids; checks the queue gave one id per element. */
    List<String> submitArray(ArrayJobSpec job, String what) {
        List<String> ids = queue.submitArray(job);
        recorded(ids);
        if (ids.size() != job.size()) {
            throw new QueueException(queue.name() + " returned " + ids.size() + " ids for an array job of "
                    + job.size() + " elements (" + what + "): " + ids);
        }
        return ids;
    }

    private void recorded(List<String> ids) {
        dir.jobs().add(ids);
        Instant now = ticker.now();
        for (String id : ids) {
            events.jobSubmitted(id, now);
        }
    }

    void notice(boolean warning, String text) {
        events.notice(warning, text);
    }

    Verdicts.Limits limits(int ichunk) {
        return new Verdicts.Limits(table.resubmissions(ichunk), settings.maxResubmissions(),
                settings.resultGracePeriod(), settings.maxPendingTime(), queue.name());
    }

    /**
     * The verdict on a chunk, with what the queue says about a kill for memory or time taken into account once its
     * job has ended without a result ({@code attempt}: what the job asked for beyond the site options).
     */
    Verdicts.Verdict decide(Verdicts.Facts facts, Verdicts.Limits limits, JobStatus status, Request attempt) {
        if (facts.hasResult() || facts.state() != JobState.FINISHED) {
            return Verdicts.decide(facts, limits);
        }
        ResourceKill kill = queue.resourceKill(status, facts.explanation());
        return Verdicts.decide(facts, limits, new Verdicts.Resources(kill, queue.siteRequest(), attempt,
                settings.escalate(), queue::requestText, queue.requestSetting(ResourceKill.Kind.MEMORY),
                queue.requestSetting(ResourceKill.Kind.TIME), queue::grantedWalltime));
    }
}
