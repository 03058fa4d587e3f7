package io.github.qmr.runtime.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.JobSpec;
import io.github.qmr.runtime.queue.JobStatus;
import io.github.qmr.runtime.queue.JobUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The scheduler's figures at a map's end: asked once for all jobs, again only for lagging records, within a bound. */
class AccountingTest {
    private static final JobUsage ONE = new JobUsage(Duration.ofMillis(934), 42L << 20, "qacct cpu, maxvmem");

    /** A queue whose accounting has the jobs' records once {@code lag} asks have passed (null: keeps none). */
    private static final class Accounted implements BatchQueue {
        final Map<String, JobUsage> records;
        final int lag;
        int asked;
        final List<String> prefixes = new ArrayList<>();

        Accounted(Map<String, JobUsage> records, int lag) {
            this.records = records;
            this.lag = lag;
        }

        @Override
        public String name() {
            return "accounted";
        }

        @Override
        public String submit(JobSpec job) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, JobStatus> poll(Collection<String> jobIds) {
            return Map.of();
        }

        @Override
        public void delete(Collection<String> jobIds) {}

        @Override
        public Map<String, JobUsage> usage(Collection<String> jobIds, String namePrefix) {
            prefixes.add(namePrefix);
            return records == null ? null : ++asked > lag ? records : Map.of();
        }
    }

    private static Map<String, JobUsage> said(Accounted queue, List<String> ids, FakeTicker ticker) {
        return said(queue, ids, Set.copyOf(ids), ticker);
    }

    private static Map<String, JobUsage> said(Accounted queue, List<String> ids, Set<String> seenRunning,
            FakeTicker ticker) {
        Map<String, JobUsage> said = new HashMap<>();
        Accounting.report(queue, ids, "qmr-s#", seenRunning, new SessionEvents() {
            @Override
            public void progress(Progress progress) {}

            @Override
            public void notice(boolean warning, String text) {}

            @Override
            public void jobUsage(String jobId, JobUsage usage) {
                said.put(jobId, usage);
            }
        }, ticker);
        return said;
    }

    @Test
    void oneAskForAllJobsWhenTheRecordsAreThere() {
        Accounted queue = new Accounted(Map.of("12", ONE, "13.1", ONE), 0);
        FakeTicker ticker = new FakeTicker();
        long before = ticker.nanos;
        assertEquals(Map.of("12", ONE, "13.1", ONE), said(queue, List.of("12", "13.1"), ticker));
        assertEquals(List.of("qmr-s#"), queue.prefixes, "one call, by the session's name pattern");
        assertEquals(before, ticker.nanos, "no wait");
    }

    @Test
    void aLaggingRecordIsAskedForAgainEachSecondWithinTheBound() {
        Accounted late = new Accounted(Map.of("12", ONE), 2);
        FakeTicker ticker = new FakeTicker();
        long before = ticker.nanos;
        assertEquals(Map.of("12", ONE), said(late, List.of("12"), ticker));
        assertEquals(3, late.asked);
        assertEquals(Duration.ofSeconds(2).toNanos(), ticker.nanos - before);

        Accounted never = new Accounted(Map.of(), 0);
        FakeTicker clock = new FakeTicker();
        long start = clock.nanos;
        assertEquals(Map.of(), said(never, List.of("12"), clock), "no record: no figures, never made up");
        assertEquals(Accounting.WAIT.toNanos(), clock.nanos - start, "waited the bound, no longer");
    }

    @Test
    void theEndWaitsOnlyForTheRecordsOfJobsSeenRunning() {
        // worker 12 ran and has its record; 13 waited and was deleted at the end: it will never have one
        Accounted queue = new Accounted(Map.of("12", ONE), 0);
        FakeTicker ticker = new FakeTicker();
        long before = ticker.nanos;
        assertEquals(Map.of("12", ONE), said(queue, List.of("12", "13"), Set.of("12"), ticker));
        assertEquals(before, ticker.nanos, "no wait for a job that never ran");

        Accounted lagging = new Accounted(Map.of("12", ONE, "14", ONE), 1);
        FakeTicker clock = new FakeTicker();
        long start = clock.nanos;
        assertEquals(Map.of("12", ONE, "14", ONE), said(lagging, List.of("12", "13", "14"), Set.of("12", "14"),
                clock));
        assertEquals(Duration.ofSeconds(1).toNanos(), clock.nanos - start, "one more ask for the jobs that ran");
    }

    @Test
    void aQueueWithoutAccountingIsAskedOnceAndAJobRecordedWithoutFiguresSaysNothing() {
        Accounted none = new Accounted(null, 0);
        FakeTicker ticker = new FakeTicker();
        long before = ticker.nanos;
        assertEquals(Map.of(), said(none, List.of("12"), ticker));
        assertEquals(1, none.prefixes.size());
        assertEquals(before, ticker.nanos);

        Accounted empty = new Accounted(Map.of("12", new JobUsage(null, null, "sacct TotalCPU, MaxRSS")), 0);
        assertEquals(Map.of(), said(empty, List.of("12"), new FakeTicker()));
    }
}
