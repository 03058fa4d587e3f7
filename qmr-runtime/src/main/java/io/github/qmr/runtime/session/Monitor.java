package io.github.qmr.runtime.session;

import io.github.qmr.runtime.queue.JobStatus;
import java.util.Collection;
import java.util.Map;

/** Follows a session's queue-jobs in one engine mode; the session polls the queue for it once per cycle. */
interface Monitor {
    /** Submits what the chunks not yet done need. */
    void start();

    /** The jobs to poll: those the monitor still follows. */
    Collection<String> liveJobs();

    /**
     * One cycle with the queue's answer, or with null while the queue cannot be reached: then only the result files
     * move the session on.
     */
    void update(Map<String, JobStatus> statuses);

    /** Chunks waiting for a slot, and running, for progress. */
    int pending();

    int running();

    /** A done chunk's result turned out unusable: run it again, counted against its resubmissions. */
    void rerun(int ichunk, String why);

    /**
     * Every chunk is resolved: deletes the jobs that would only start to find nothing, and tells the queue which end
     * by themselves, so closing it need not wait for them.
     *
     * @return the jobs that could not be deleted (the queue did not answer) and why, or null
     */
    default Undeleted finish() {
        return null;
    }

    /** Waiting jobs a finished session could not delete: they still need the session folder to start and exit. */
    record Undeleted(java.util.List<String> ids, String reason) {}

    /** Forgets every job, after they were deleted. */
    void forgetJobs();
}
