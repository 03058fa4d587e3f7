package io.github.qmr.dummysge;

import io.github.qmr.dummysge.QueueState.Job;
import io.github.qmr.dummysge.QueueState.Task;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;

/** What qdel does to a whole job or to some tasks of an array job, and the lines it prints for each (SGE 8.1.9's). */
final class Deletions {
    private Deletions() {}

    static void job(String user, QueueState state, Scheduler scheduler, Job job, StringBuilder out) {
        boolean wasRunning = false;
        for (Task t : new ArrayList<>(job.tasks)) {
            wasRunning |= scheduler.delete(state, job, t);
        }
        out.append(user).append(wasRunning ? " has registered the job " + job.id + " for deletion"
                : " has deleted job " + job.id).append('\n');
    }

    /** {@code 12.2} or {@code 12.2-4:1}: some tasks of an array job; false if none of them exists. */
    static boolean tasks(String user, QueueState state, Scheduler scheduler, String jobId, String range,
            StringBuilder out) {
        Job job = state.job(Long.parseLong(jobId));
        int[] r;
        try {
            r = QueueState.parseRange(range);
        } catch (RuntimeException e) {
            out.append("denied: job \"").append(jobId).append("\" task \"").append(range).append("\" does not exist\n");
            return false;
        }
        Set<Integer> wanted = new LinkedHashSet<>();
        for (int t = r[0]; t <= r[1]; t += Math.max(r[2], 1)) {
            wanted.add(t);
        }
        boolean any = false;
        if (job != null) {
            for (Task t : new ArrayList<>(job.tasks)) {
                int id = job.isArray() ? t.id : 1; // SGE calls a plain job's only task 1
                if (wanted.contains(id)) {
                    boolean wasRunning = scheduler.delete(state, job, t);
                    out.append(user).append(wasRunning ? " has registered the job-array task " : " has deleted "
                            + "job-array task ").append(jobId).append('.').append(id)
                            .append(wasRunning ? " for deletion" : "").append('\n');
                    any = true;
                }
            }
        }
        if (!any) {
            if (job == null) {
                out.append("denied: job \"").append(jobId).append("\" does not exist\n");
            } else {
                out.append("denied: job \"").append(jobId).append("\" task \"").append(range)
                        .append("\" does not exist\n");
            }
        }
        return any;
    }
}
