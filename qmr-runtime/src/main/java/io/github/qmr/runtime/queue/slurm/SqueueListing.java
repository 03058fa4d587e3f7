package io.github.qmr.runtime.queue.slurm;

import static io.github.qmr.runtime.queue.slurm.SlurmStates.isTerminal;
import static io.github.qmr.runtime.queue.slurm.SlurmStates.stateOf;

import io.github.qmr.runtime.queue.JobId;
import io.github.qmr.runtime.queue.JobState;
import io.github.qmr.runtime.queue.JobStatus;
import io.github.qmr.runtime.queue.QueueDialect;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** squeue's lines by the ids qmr uses, plus pending element groups and arrays by their base id. */
final class SqueueListing implements QueueDialect.Listing {
    private final List<SqueueEntry> entries;
    private final Map<String, SqueueEntry> byId = new HashMap<>();
    private final Map<String, List<SqueueEntry>> byArray = new HashMap<>();

    SqueueListing(List<SqueueEntry> entries) {
        this.entries = entries;
        for (SqueueEntry e : entries) {
            String id = e.qmrId();
            if (id != null) {
                byId.put(id, e);
            }
            if (e.isArray()) {
                byArray.computeIfAbsent(e.arrayJobId(), k -> new ArrayList<>()).add(e);
            }
        }
    }

    List<SqueueEntry> entriesOf(JobId id) {
        SqueueEntry exact = byId.get(id.toString());
        if (exact != null) {
            return List.of(exact);
        }
        List<SqueueEntry> array = byArray.getOrDefault(id.number(), List.of());
        if (!id.isElement()) {
            return array; // a whole array by its base id
        }
        for (SqueueEntry e : array) {
            if (e.qmrId() == null && Squeue.coversTask(e, id.element())) {
                return List.of(e);
            }
        }
        return List.of();
    }

    /** A finished job is FINISHED with the exit code squeue reports. */
    @Override
    public JobStatus statusOf(JobId id) {
        List<SqueueEntry> of = entriesOf(id);
        return of.isEmpty() ? null : aggregate(of);
    }

    /** COMPLETING counts as ending: scancel has signalled it and Slurm is ending it. */
    @Override
    public List<String> notEnding(JobId id) {
        List<String> notEnding = new ArrayList<>();
        for (SqueueEntry e : entriesOf(id)) {
            if (!isTerminal(e.state()) && !e.state().equals("COMPLETING")) {
                notEnding.add(id + " (" + e.state() + ")");
            }
        }
        return notEnding;
    }

    /** Ended jobs stay listed by {@code squeue -t all} until MinJobAge; they do not count. */
    @Override
    public Set<String> active(Set<String> jobNumbers) {
        Set<String> listed = new LinkedHashSet<>();
        for (SqueueEntry e : entries) {
            if ((jobNumbers.contains(e.arrayJobId()) || jobNumbers.contains(e.jobId())) && !isTerminal(e.state())) {
                listed.add((e.qmrId() == null ? e.arrayJobId() + "_[" + e.arrayTasks() + "]" : e.qmrId()) + " ("
                        + e.state() + ")");
            }
        }
        return listed;
    }

    /** One job's status; for a whole array asked by its base id, its elements' states rolled up. */
    private static JobStatus aggregate(List<SqueueEntry> entries) {
        return JobStatus.rollUp(entries.stream().map(e -> {
            JobState state = stateOf(e.state());
            return state == JobState.FINISHED ? new JobStatus(state, e.state(), e.exitCode())
                    : JobStatus.of(state, e.state());
        }).toList());
    }
}
