package io.github.qmr.runtime;

import io.github.qmr.runtime.queue.ArrayJobSpec;
import io.github.qmr.runtime.queue.ForwardingQueue;
import io.github.qmr.runtime.queue.JobSpec;
import java.util.List;

/** A local queue that counts submissions. */
class CountingQueue extends ForwardingQueue {
    int submitted;

    CountingQueue() {
        super("counting");
    }

    @Override
    public String submit(JobSpec job) {
        submitted++;
        return super.submit(job);
    }

    /** An array counts as its elements, each a job. */
    @Override
    public List<String> submitArray(ArrayJobSpec job) {
        submitted += job.size();
        return super.submitArray(job);
    }
}
