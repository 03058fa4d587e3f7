package io.github.qmr.runtime;

import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.JobSpec;
import io.github.qmr.runtime.queue.JobStatus;
import io.github.qmr.runtime.queue.local.LocalQueue;
import java.util.Collection;
import java.util.Map;

/** A local queue that counts submissions. */
class CountingQueue implements BatchQueue {
    private final LocalQueue local = new LocalQueue(2);
    int submitted;

    @Override
    public String name() {
        return "counting";
    }

    @Override
    public String submit(JobSpec job) {
        submitted++;
        return local.submit(job);
    }

    @Override
    public Map<String, JobStatus> poll(Collection<String> jobIds) {
        return local.poll(jobIds);
    }

    @Override
    public void delete(Collection<String> jobIds) {
        local.delete(jobIds);
    }

    @Override
    public void close() {
        local.close();
    }
}
