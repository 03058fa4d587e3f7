package io.github.qmr.runtime;

import io.github.qmr.runtime.queue.ForwardingQueue;
import io.github.qmr.runtime.queue.JobSpec;
import io.github.qmr.runtime.queue.JobState;
import io.github.qmr.runtime.queue.JobStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A local queue whose jobs for chosen chunks land in an error state (like SGE's Eqw) a set number of times. */
class ErrorInjectingQueue extends ForwardingQueue {
    private final Map<String, Integer> errorsLeft = new HashMap<>();
    private final Set<String> inError = new HashSet<>();
    private final Map<String, Integer> vanishLeft = new HashMap<>();
    final List<String> submittedNames = new ArrayList<>();
    final List<String> deleted = new ArrayList<>();
    private int nextErrorId = 1;

    ErrorInjectingQueue() {
        super("error-injecting");
    }

    /** Jobs whose name ends with {@code #<chunk, 9 digits>} go into error the next {@code times} submissions. */
    ErrorInjectingQueue errorFor(int ichunk, int times) {
        errorsLeft.put(String.format("#%09d", ichunk), times);
        return this;
    }

    /** Jobs of this chunk disappear from the queue without running, as a job lost with its node would. */
    ErrorInjectingQueue vanishFor(int ichunk, int times) {
        vanishLeft.put(String.format("#%09d", ichunk), times);
        return this;
    }

    @Override
    public String submit(JobSpec job) {
        submittedNames.add(job.name());
        for (Map.Entry<String, Integer> e : vanishLeft.entrySet()) {
            if (job.name().endsWith(e.getKey()) && e.getValue() > 0) {
                e.setValue(e.getValue() - 1);
                return "lost-" + nextErrorId++; // never listed by poll: gone, no exit code
            }
        }
        for (Map.Entry<String, Integer> e : errorsLeft.entrySet()) {
            if (job.name().endsWith(e.getKey()) && e.getValue() > 0) {
                e.setValue(e.getValue() - 1);
                String id = "err-" + nextErrorId++;
                inError.add(id);
                return id;
            }
        }
        return super.submit(job);
    }

    @Override
    public Map<String, JobStatus> poll(Collection<String> jobIds) {
        Map<String, JobStatus> states = new HashMap<>(super.poll(jobIds));
        for (String id : jobIds) {
            if (inError.contains(id)) {
                states.put(id, JobStatus.of(JobState.ERROR, "Eqw"));
            }
        }
        return states;
    }

    @Override
    public String explain(String jobId) {
        return inError.contains(jobId) ? "error reason 1: injected by the test" : "";
    }

    @Override
    public void delete(Collection<String> jobIds) {
        deleted.addAll(jobIds);
        inError.removeAll(jobIds);
        super.delete(jobIds);
    }
}
