package io.github.qmr.runtime.queue.sge;

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

/** qstat's entries by job number. qstat lists no ended job: everything listed is pending, running or ending. */
final class QstatListing implements QueueDialect.Listing {
    private final Map<String, List<QstatEntry>> byNumber = new HashMap<>();

    QstatListing(List<QstatEntry> entries) {
        for (QstatEntry entry : entries) {
            byNumber.computeIfAbsent(entry.jobNumber(), n -> new ArrayList<>(1)).add(entry);
        }
    }

    @Override
    public JobStatus statusOf(JobId id) {
        List<QstatEntry> entries = byNumber.getOrDefault(id.number(), List.of());
        return id.isElement() ? taskStatus(entries, id.element()) : jobStatus(entries);
    }

    @Override
    public List<String> notEnding(JobId id) {
        JobStatus status = statusOf(id);
        return status == null ? List.of() : List.of(id + " (" + status.queueState() + ")");
    }

    @Override
    public Set<String> active(Set<String> jobNumbers) {
        Set<String> listed = new LinkedHashSet<>();
        for (String number : jobNumbers) {
            for (QstatEntry entry : byNumber.getOrDefault(number, List.of())) {
                listed.add(entry.jobNumber() + " (" + entry.state() + ")");
            }
        }
        return listed;
    }

    private static JobStatus taskStatus(List<QstatEntry> entries, int task) {
        for (QstatEntry entry : entries) {
            if (entry.hasTask(task)) {
                return JobStatus.of(stateOf(entry.state()), entry.state());
            }
        }
        return null;
    }

    /** A whole job; for an array job asked by its number, its tasks' states rolled up. */
    private static JobStatus jobStatus(List<QstatEntry> entries) {
        return JobStatus.rollUp(entries.stream().map(e -> JobStatus.of(stateOf(e.state()), e.state())).toList());
    }

    /**
     * qmr's state for SGE's state letters. Read letter by letter, so combinations no table lists still map:
     * <ul>
     *   <li>any {@code E} (e.g. {@code Eqw}): ERROR; the job stays there until deleted.</li>
     *   <li>{@code s}, {@code S}, {@code T} (suspended by the user, the queue or a threshold): PENDING, since
     *       the job makes no progress until resumed.</li>
     *   <li>{@code r} or {@code t} (running, being transferred; also restarted {@code Rr}, {@code Rt}): RUNNING.</li>
     *   <li>everything else, e.g. {@code qw}, {@code hqw}, {@code hRwq}, {@code Rq}, and unknown letters:
     *       PENDING. Never FINISHED: a job is finished only when qstat no longer lists it.</li>
     * </ul>
     * {@code d} (deletion requested) is ignored and the other letters decide: {@code dr} stays RUNNING because
     * the job still runs, holds its slot and may still write its output until the kill lands and it leaves qstat;
     * {@code dqw} stays PENDING.
     */
    public static JobState stateOf(String sgeState) {
        if (sgeState.indexOf('E') >= 0) {
            return JobState.ERROR;
        }
        if (sgeState.indexOf('s') >= 0 || sgeState.indexOf('S') >= 0 || sgeState.indexOf('T') >= 0) {
            return JobState.PENDING;
        }
        if (sgeState.indexOf('r') >= 0 || sgeState.indexOf('t') >= 0) {
            return JobState.RUNNING;
        }
        return JobState.PENDING;
    }
}
