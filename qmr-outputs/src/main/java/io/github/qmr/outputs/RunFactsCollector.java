package io.github.qmr.outputs;

import io.github.qmr.runtime.MapEvent;
import io.github.qmr.runtime.MapListener;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects the facts of {@link RunFacts} from a map's events ({@link MapEvent.ChunkResubmitted},
 * {@link MapEvent.JobSubmitted}, {@link MapEvent.JobEnded}, {@link MapEvent.JobUsage}) and passes every event on to the next listener.
 */
public final class RunFactsCollector implements MapListener {
    private final MapListener next;
    private final Map<Integer, List<RunFacts.Resubmission>> resubmissions = new TreeMap<>();
    private final Map<String, Instant[]> jobs = new TreeMap<>();
    private final Map<String, MapEvent.JobUsage> usage = new TreeMap<>();

    public RunFactsCollector(MapListener next) {
        this.next = next;
    }

    @Override
    public void onEvent(MapEvent event) {
        if (event instanceof MapEvent.ChunkResubmitted r) {
            resubmissions.computeIfAbsent(r.ichunk(), k -> new ArrayList<>())
                    .add(new RunFacts.Resubmission(r.attempt(), r.jobId(), r.reason()));
        } else if (event instanceof MapEvent.JobSubmitted s) {
            jobs.computeIfAbsent(s.jobId(), k -> new Instant[2])[0] = s.at();
        } else if (event instanceof MapEvent.JobEnded e) {
            jobs.computeIfAbsent(e.jobId(), k -> new Instant[2])[1] = e.at();
        } else if (event instanceof MapEvent.JobUsage u) {
            usage.put(u.jobId(), u);
        }
        next.onEvent(event);
    }

    /** The attempt that gave chunk {@code ichunk}'s results so far. */
    public int attempt(int ichunk) {
        List<RunFacts.Resubmission> r = resubmissions.get(ichunk);
        return r == null ? 1 : r.get(r.size() - 1).attempt();
    }

    public RunFacts facts(String execution, String session, String function, String queue, String mode,
            Instant started, Instant ended, long tasks, int chunks, long chunkSize) {
        Map<Integer, List<RunFacts.Resubmission>> r = new TreeMap<>();
        resubmissions.forEach((k, v) -> r.put(k, List.copyOf(v)));
        Map<String, RunFacts.Job> j = new TreeMap<>();
        jobs.forEach((k, v) -> {
            MapEvent.JobUsage u = usage.get(k);
            j.put(k, u == null ? new RunFacts.Job(v[0], v[1]) : new RunFacts.Job(v[0], v[1], u.cpu() == null ? null
                    : u.cpu().toNanos() / 1e9, u.memoryBytes(), u.source()));
        });
        return new RunFacts(execution, session, function, queue, mode, started, ended, tasks, chunks, chunkSize, r, j);
    }
}
