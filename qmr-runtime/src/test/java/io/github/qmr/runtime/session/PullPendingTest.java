package io.github.qmr.runtime.session;

import io.github.qmr.runtime.policy.FailurePolicy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.JobSpec;
import io.github.qmr.runtime.queue.JobState;
import io.github.qmr.runtime.queue.JobStatus;
import io.github.qmr.runtime.workdir.SessionDir;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pull monitor's pending rule on a test's clock: a worker waiting too long in the queue, without waiting. */
class PullPendingTest {
    @TempDir
    Path workDir;

    /** A queue that takes every job and keeps it pending ({@code qw}); records what was deleted. */
    private static final class NeverStarts implements BatchQueue {
        final List<String> submitted = new ArrayList<>();
        final List<String> deleted = new ArrayList<>();

        @Override
        public String name() {
            return "held";
        }

        @Override
        public String submit(JobSpec job) {
            String id = Integer.toString(submitted.size() + 1);
            submitted.add(id);
            return id;
        }

        @Override
        public Map<String, JobStatus> poll(Collection<String> jobIds) {
            Map<String, JobStatus> out = new HashMap<>();
            for (String id : jobIds) {
                out.put(id, deleted.contains(id) ? null : JobStatus.of(JobState.PENDING, "qw"));
            }
            out.values().removeIf(java.util.Objects::isNull);
            return out;
        }

        @Override
        public void delete(Collection<String> jobIds) {
            deleted.addAll(jobIds);
        }
    }

    @Test
    void aWorkerPendingPastMaxPendingTimeIsDeletedAndTheOpenChunksFailWithTheRulesWords() {
        SessionDir dir = SessionDir.create(workDir);
        NeverStarts queue = new NeverStarts();
        FakeTicker ticker = new FakeTicker();
        Duration limit = Duration.ofSeconds(60);
        EngineSettings settings = new EngineSettings(true, 1, Duration.ofMinutes(10), null, false, 10,
                Duration.ofSeconds(1), Duration.ofSeconds(10), limit, workDir, Duration.ofMinutes(5),
                new FailurePolicy.Rule(-1, false, 0), Verdicts.Escalate.OFF, Duration.ofMinutes(2));
        ChunkTable table = Staging.tasks(dir, List.of(1, 2), 1).table();
        PullMonitor monitor = new PullMonitor(new SessionContext(dir, queue, settings, table, new SessionEvents() {
            @Override
            public void progress(Progress progress) {}

            @Override
            public void notice(boolean warning, String text) {}
        }, ticker));
        monitor.start();
        assertEquals(List.of("1"), queue.submitted, "one worker (maxWorkers 1)");

        ticker.sleep(limit); // at the limit: waits on
        monitor.update(queue.poll(monitor.liveJobs()));
        assertEquals(List.of(), queue.deleted);
        assertNull(table.failure(0));

        ticker.sleep(Duration.ofMillis(1)); // past it
        monitor.update(queue.poll(monitor.liveJobs()));
        assertEquals(List.of("1"), queue.deleted, "the pending worker is deleted");
        String words = Verdicts.workerPendingTooLong("worker queue-job 1", "qw", limit.plusMillis(1), limit);
        for (int ichunk = 0; ichunk < 2; ichunk++) {
            assertTrue(table.isResolved(ichunk), "chunk " + ichunk + " failed");
            assertEquals(words, table.failure(ichunk).reason(), "chunk " + ichunk);
        }
        assertEquals(List.of("1"), queue.submitted, "no worker submitted after the stop");
    }
}
