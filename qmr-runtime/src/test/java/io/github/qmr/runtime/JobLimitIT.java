package io.github.qmr.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.fixtures.SlowEcho;
import io.github.qmr.runtime.queue.ArrayJobSpec;
import io.github.qmr.runtime.queue.ForwardingQueue;
import io.github.qmr.runtime.queue.JobLimitException;
import io.github.qmr.runtime.queue.JobSpec;
import io.github.qmr.runtime.queue.JobState;
import io.github.qmr.runtime.queue.JobStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: a queue that refuses jobs past a per-user limit (as SGE's max_u_jobs and Slurm's MaxSubmitJobs do, at
 * submission) makes the map submit what fits and the rest as jobs end; it never fails the map. The real SGE's own
 * limit is tested in the cluster suite.
 */
class JobLimitIT {
    @TempDir
    Path workDir;

    private final List<MapEvent> events = new ArrayList<>();

    /** The local queue, refusing a submission while {@code limit} of its jobs are in it (each array element one). */
    static final class LimitedQueue extends ForwardingQueue {
        private final int limit;
        private final Set<String> live = new HashSet<>();
        int refusals;
        int mostLive;

        LimitedQueue(int limit) {
            super("limited", Queues.local(2));
            this.limit = limit;
        }

        /** As a real queue counts: every job not yet ended, whether or not the map still asks about it. */
        private synchronized void room(int jobs) {
            if (!live.isEmpty()) {
                Map<String, JobStatus> statuses = super.poll(new ArrayList<>(live));
                live.removeIf(id -> statuses.get(id) == null || statuses.get(id).state() == JobState.FINISHED);
            }
            if (live.size() + jobs > limit) {
                refusals++;
                throw new JobLimitException("qsub refused job x at a limit on the number of jobs: Unable to run job:"
                        + " job rejected: only " + limit + " jobs are allowed per user (current job count: "
                        + live.size() + ")");
            }
        }

        private synchronized void added(List<String> ids) {
            live.addAll(ids);
            mostLive = Math.max(mostLive, live.size());
        }

        @Override
        public String submit(JobSpec job) {
            room(1);
            String id = super.submit(job);
            added(List.of(id));
            return id;
        }

        @Override
        public List<String> submitArray(ArrayJobSpec job) {
            room(job.size());
            List<String> ids = super.submitArray(job);
            added(ids);
            return ids;
        }

        @Override
        public synchronized Map<String, JobStatus> poll(Collection<String> jobIds) {
            Map<String, JobStatus> statuses = super.poll(jobIds);
            for (String id : jobIds) {
                JobStatus s = statuses.get(id);
                if (s == null || s.state() == JobState.FINISHED) {
                    live.remove(id);
                }
            }
            return statuses;
        }

        @Override
        public synchronized void delete(Collection<String> jobIds) {
            super.delete(jobIds);
            live.removeAll(jobIds);
        }
    }

    private List<String> limitNotices() {
        return events.stream().map(Object::toString).filter(n -> n.contains("the queue takes no more jobs now")).toList();
    }

    @Test
    void jobsModeSubmitsWhatFitsAndTheRestAsJobsEnd() {
        LimitedQueue queue = new LimitedQueue(3);
        List<Integer> tasks = IntStream.range(0, 12).boxed().toList();
        try (Pool pool = Pool.builder().queue(queue).workDir(workDir).listener(events::add).mode(Mode.JOBS)
                .jobArrays(false).chunkSize(1).build()) {
            assertEquals(tasks, pool.map(SlowEcho.class, tasks));
        }
        assertTrue(queue.refusals > 0, "the limit was met");
        assertTrue(queue.mostLive <= 3, "never more jobs than the limit: " + queue.mostLive);
        List<String> said = limitNotices();
        assertEquals(1, said.size(), events.toString());
        assertTrue(said.get(0).contains(": the queue takes no more jobs now (qsub refused job x at a limit on the number"
                + " of jobs: Unable to run job: job rejected: only 3 jobs are allowed per user (current job count: 3));"
                + " 3 of this map's jobs are in it, and the other 9 chunks are submitted as jobs end"), said.get(0));
    }

    @Test
    void pullModeRunsWithTheWorkersTheQueueTakes() {
        LimitedQueue queue = new LimitedQueue(1);
        List<Integer> tasks = IntStream.range(0, 8).boxed().toList();
        try (Pool pool = Pool.builder().queue(queue).workDir(workDir).listener(events::add).maxWorkers(4)
                .jobArrays(false).chunkSize(1).build()) {
            assertEquals(tasks, pool.map(SlowEcho.class, tasks));
        }
        assertTrue(queue.refusals > 0, "the limit was met");
        assertEquals(1, queue.mostLive, "one worker at a time");
        List<String> said = limitNotices();
        assertEquals(1, said.size(), events.toString());
        assertTrue(said.get(0).contains("; 1 of this map's jobs are in it, and 3 more workers are submitted as jobs end"),
                said.get(0));
    }
}
