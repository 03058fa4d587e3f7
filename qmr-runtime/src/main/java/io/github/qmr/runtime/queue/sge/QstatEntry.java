package io.github.qmr.runtime.queue.sge;

import io.github.qmr.runtime.queue.TaskRange;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code job_list} element of {@code qstat -xml}: a job, one running array task, or a group of array tasks
 * in the same pending/held/error state.
 *
 * @param jobNumber the job number
 * @param name the job name, with qstat's {@code %lt;} turned back into {@code <}
 * @param owner the user who submitted it
 * @param state SGE's state letters, e.g. {@code r}, {@code qw}, {@code Eqw}; see {@link QstatListing#stateOf}
 * @param tasks the array tasks this entry stands for; empty for a job that is not an array
 * @param queue the queue instance, e.g. {@code all.q@node1}; empty while not running
 */
public record QstatEntry(String jobNumber, String name, String owner, String state, List<TaskRange> tasks,
        String queue) {
    public QstatEntry {
        tasks = List.copyOf(tasks);
    }

    public boolean isArray() {
        return !tasks.isEmpty();
    }

    /**
     * Whether this entry stands for the given array task. An entry without task ids (not an array job) matches
     * every task: the job is listed, so it must not look gone.
     */
    public boolean hasTask(int task) {
        if (tasks.isEmpty()) {
            return true;
        }
        for (TaskRange range : tasks) {
            if (range.contains(task)) {
                return true;
            }
        }
        return false;
    }

    /** The task ids written out; for a large pending range prefer {@link #hasTask}. */
    public List<Integer> taskIds() {
        List<Integer> ids = new ArrayList<>();
        for (TaskRange range : tasks) {
            for (int t = range.first(); t <= range.last(); t += range.step()) {
                ids.add(t);
            }
        }
        return ids;
    }
}
