package io.github.qmr.runtime.sge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.dummysge.DummyGridEngine;
import io.github.qmr.runtime.ChunkFailure;
import io.github.qmr.runtime.MapEvent;
import io.github.qmr.runtime.MapException;
import io.github.qmr.runtime.Mode;
import io.github.qmr.runtime.Pool;
import io.github.qmr.runtime.QmrException;
import io.github.qmr.runtime.Queues;
import io.github.qmr.runtime.WorkerSetup;
import io.github.qmr.runtime.ResultStream;
import io.github.qmr.runtime.fixtures.Square;
import io.github.qmr.runtime.queue.QueueTools;
import io.github.qmr.runtime.queue.QueueUnreachableException;
import io.github.qmr.runtime.queue.sge.SgeOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The whole chain through the SGE driver, against the fake qsub/qstat/qdel executables: no cluster needed. Its tests
 * run one after another (the lock), beside the other ITs: each dummy lives in its own folder.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("qmr.dummy-sge")
class DummyQueueMapIT {
    private static final WorkerSetup NOT_STAGED = WorkerSetup.defaults().withStageClasspath(false);

    @TempDir
    Path tmp;

    private DummyGridEngine dummy;
    private final List<MapEvent> events = new ArrayList<>();
    private final List<Integer> tasks = IntStream.range(0, 20).boxed().toList();
    private final List<Long> squares = tasks.stream().map(t -> (long) t * t).toList();

    @BeforeEach
    void install() {
        dummy = DummyGridEngine.install(tmp.resolve("bin"), 2);
    }

    /**
     * Jobs mode, one job (or array element) per chunk, unless a test says otherwise; the classpath not staged (the
     * dummy's jobs run on this host; staging costs each test's first map a copy of every jar and a class-data archive).
     */
    private Pool.Builder pool() {
        return Pool.builder().workerSetup(NOT_STAGED).mode(Mode.JOBS)
                .queue(Queues.sge(SgeOptions.DEFAULTS, QueueTools.sgeIn(tmp.resolve("bin"))))
                .workDir(tmp.resolve("work")).chunkSize(4).pollInterval(Duration.ofMillis(20)).listener(events::add);
    }

    @Test
    void resultsComeBackInOrderAsJobsAndAsAnArray() {
        for (boolean arrays : new boolean[] {false, true}) {
            try (Pool pool = pool().jobArrays(arrays).build()) {
                assertEquals(squares, pool.map(Square.class, tasks));
            }
        }
    }

    @Test
    void aChunkForcedIntoErrorThreeTimesIsResubmittedAndSucceeds() {
        dummy.injectErrors("#000000003", 3);
        try (Pool pool = pool().jobArrays(false).build()) {
            assertEquals(squares, pool.map(Square.class, tasks));
        }
        List<String> resubmitted = events.stream().filter(e -> e instanceof MapEvent.Notice).map(Object::toString).filter(e -> e.contains("resubmitted"))
                .toList();
        assertEquals(3, resubmitted.size(), events.toString());
        assertTrue(resubmitted.stream().allMatch(e -> e.startsWith("chunk 3: queue-job ")
                && e.contains("was in error state 'Eqw'")), resubmitted.toString());
    }

    @Test
    void aChunkForcedPastTheLimitIsReportedFailedWithItsJobId() {
        dummy.injectErrors("#000000002", 5);
        MapException e;
        try (Pool pool = pool().jobArrays(false).maxResubmissions(2).build()) {
            e = assertThrows(MapException.class, () -> pool.map(Square.class, tasks));
        }
        assertEquals(1, e.chunkFailures().size());
        ChunkFailure c = e.chunkFailures().get(0);
        assertEquals(2, c.ichunk());
        assertTrue(c.jobId().matches("\\d+"), c.jobId());
        assertTrue(c.reason().startsWith("queue-job " + c.jobId() + " was in error state 'Eqw'"), c.reason());
        assertTrue(c.reason().endsWith("no resubmission left (2 done; raise maxResubmissions to allow more)"),
                c.reason());
        assertTrue(e.getMessage().contains("chunk 2 (itasks 8..11, queue-job " + c.jobId() + ")"), e.getMessage());
        assertEquals(squares.subList(0, 8), e.results().subList(0, 8));
        assertEquals(squares.subList(12, 20), e.results().subList(12, 20));
    }

    @Test
    void aFailedArrayTaskIsResubmittedOnItsOwn() {
        dummy.injectTaskErrors(2, 1);
        try (Pool pool = pool().jobArrays(true).build()) {
            assertEquals(squares, pool.map(Square.class, tasks));
        }
        List<String> resubmitted = events.stream().filter(e -> e instanceof MapEvent.Notice).map(Object::toString).filter(e -> e.contains("resubmitted"))
                .toList();
        assertEquals(1, resubmitted.size(), events.toString());
        // array task 2 runs chunk 1; it comes back as a job of its own (a plain job number, no task suffix)
        assertTrue(resubmitted.get(0).matches("chunk 1: queue-job \\d+\\.2 was in error state 'Eqw'.*resubmitted as"
                + " queue-job \\d+ \\(resubmission 1 of at most 10\\)"), resubmitted.get(0));
    }

    @Test
    void aJobPendingPastTheLimitFailsItsChunkAndIsDeleted() {
        SgeOptions held = new SgeOptions(null, java.util.Map.of(), null, 1, null, List.of("-h"),
                SgeOptions.SGE_MAX_AJ_TASKS, 0); // held jobs (hqw) never start
        MapException e;
        try (Pool pool = Pool.builder().workerSetup(NOT_STAGED)
                .queue(Queues.sge(held, QueueTools.sgeIn(tmp.resolve("bin"))))
                .workDir(tmp.resolve("work")).chunkSize(10).pollInterval(Duration.ofMillis(20))
                .maxPendingTime(Duration.ofSeconds(2)).build()) {
            e = assertThrows(MapException.class, () -> pool.map(Square.class, tasks));
        }
        assertEquals(2, e.chunkFailures().size());
        // pull mode: the workers waited too long, so no chunk could run
        assertTrue(e.chunkFailures().get(0).reason().matches("worker queue-job \\S+ was still pending \\(state 'hqw'\\) after 2"
                + " s, the limit set with maxPendingTime; deleted it\\..*"), e.chunkFailures().get(0).reason());
    }

    @Test
    void aQmasterGoneForLongerThanTheOutageToleranceStopsTheMapTruthfullyAndARerunResumes() throws Exception {
        String session;
        try (Pool pool = pool().outageTolerance(Duration.ofSeconds(2)).build()) {
            ResultStream<Long> stream = pool.stream(Square.class, tasks);
            session = stream.sessionId();
            assertEquals(0L, stream.next().value()); // chunk 0 is done
            dummy.failNext("qstat", 100);           // the qmaster goes away
            QmrException e = assertThrows(QmrException.class, () -> {
                while (stream.hasNext()) {
                    stream.next();
                }
            });
            dummy.failNext("qstat", 0); // back before the pool closes, which deletes what is left
            assertTrue(e.getMessage().startsWith("the sge queue could not be reached for "), e.getMessage());
            assertTrue(e.getMessage().contains(" s, longer than the outageTolerance of 2 s: qstat failed"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("; run the same map again once the queue answers to resume it"),
                    e.getMessage());
            // qdel still works while qstat fails here: the jobs were deleted, and the message says so
            assertTrue(e.getMessage().matches("(?s).*\nOn stopping, the map deleted its \\d queue-jobs"), e.getMessage());
        }
        List<String> said = events.stream().map(Object::toString).toList();
        assertTrue(said.stream().anyMatch(n -> n.startsWith(session + ": the sge queue cannot be reached (qstat"
                + " failed")), said.toString());
        events.clear();
        try (Pool pool = pool().build()) {
            assertEquals(squares, pool.map(Square.class, tasks));
        }
        assertTrue(events.stream().map(Object::toString).anyMatch(n -> n.contains(": resuming: ")), events.toString());
    }

    @Test
    void aDeletionThatFailsIsNeverReportedAsDoneAndSaysHowToDeleteByHand() {
        try (Pool pool = pool().outageTolerance(Duration.ZERO).build()) {
            ResultStream<Long> stream = pool.stream(Square.class, tasks);
            assertEquals(0L, stream.next().value());
            dummy.failNext("qstat", 100);
            dummy.failNext("qdel", 100);
            QmrException e = assertThrows(QmrException.class, () -> {
                while (stream.hasNext()) {
                    stream.next();
                }
            });
            dummy.failNext("qstat", 0);
            dummy.failNext("qdel", 0); // the pool's close deletes them now
            assertTrue(e.getMessage().contains("\nOn stopping, the map could NOT delete its queue-jobs, which may"
                    + " still run: ["), e.getMessage());
            assertTrue(e.getMessage().contains("delete them with " + tmp.resolve("bin").resolve("qdel") + " "),
                    e.getMessage());
        }
        assertTrue(events.stream().map(Object::toString).noneMatch(n -> n.contains("deleted its")), events.toString());
    }

    @Test
    void aQmasterGoneForAWhileWithinTheToleranceIsWaitedForAndTheMapCompletes() {
        try (Pool pool = pool().build()) {
            ResultStream<Long> stream = pool.stream(Square.class, tasks);
            assertEquals(0L, stream.next().value());
            dummy.failNext("qstat", 6); // more than one poll's retries
            List<Long> rest = new ArrayList<>(List.of(0L));
            while (stream.hasNext()) {
                rest.add(stream.next().value());
            }
            assertEquals(squares, rest);
        }
        List<String> said = events.stream().map(Object::toString).toList();
        assertTrue(said.stream().anyMatch(n -> n.contains(": the sge queue cannot be reached (qstat failed")),
                said.toString());
        assertTrue(said.stream().anyMatch(n -> n.contains(": the sge queue answers again, after ")), said.toString());
    }

    @Test
    void aQstatThatFailsTwiceIsRetriedAndTheMapSucceeds() {
        dummy.failNext("qstat", 2);
        try (Pool pool = pool().build()) {
            assertEquals(squares, pool.map(Square.class, tasks));
        }
    }

    @Test
    void pullModeRunsEveryChunkAndAWorkerInErrorIsReplaced() {
        try (Pool pool = pool().mode(Mode.PULL).maxWorkers(2).build()) {
            assertEquals(squares, pool.map(Square.class, tasks));
        }
        dummy.injectErrors("#claim-000000", 1); // worker 0, submitted as a job of its own
        try (Pool pool = pool().mode(Mode.PULL).maxWorkers(2).jobArrays(false).build()) {
            assertEquals(squares, pool.map(Square.class, tasks));
        }
        List<String> replaced = events.stream().map(Object::toString).filter(e -> e.contains("another worker"))
                .toList();
        assertEquals(1, replaced.size(), events.toString());
        assertTrue(replaced.get(0).matches("chunk 0: worker queue-job \\d+ was in error state 'Eqw'.*; another worker"
                + " submitted \\(resubmission 1 of at most 10\\)"), replaced.get(0));
    }
}
