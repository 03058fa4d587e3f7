package io.github.qmr.runtime.sge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.EnvironmentPolicy;
import io.github.qmr.runtime.MapEvent;
import io.github.qmr.runtime.Pool;
import io.github.qmr.runtime.Queues;
import io.github.qmr.runtime.ResultStream;
import io.github.qmr.runtime.QmrException;
import io.github.qmr.runtime.fixtures.ExitHundredOnce;
import io.github.qmr.runtime.fixtures.MapUntilStopped;
import io.github.qmr.runtime.fixtures.ReadEnv;
import io.github.qmr.runtime.fixtures.SlowEcho;
import io.github.qmr.runtime.fixtures.Square;
import io.github.qmr.runtime.queue.sge.SgeOptions;
import io.github.qmr.runtime.queue.sge.SgeTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end on the real single-node Son of Grid Engine started by scripts/sge.sh. */
class SgeMapIT {
    @TempDir
    Path workDir;

    private final List<MapEvent> events = new ArrayList<>();

    @BeforeEach
    void sgeIsUp() {
        RealSge.require();
    }

    private Pool.Builder pool() {
        return Pool.builder().queue(Queues.sge()).workDir(workDir).pollInterval(Duration.ofMillis(250))
                .listener(events::add);
    }

    private void thousandTasksInTwentyChunks(boolean arrays) {
        thousandTasksInTwentyChunks(pool().jobArrays(arrays), arrays ? "one array job" : "20 jobs");
    }

    private void thousandTasksInTwentyChunks(Pool.Builder builder, String how) {
        List<Integer> tasks = IntStream.range(0, 1000).boxed().toList();
        long start = System.nanoTime();
        List<Long> out;
        try (Pool pool = builder.numChunks(20).build()) {
            out = pool.map(Square.class, tasks);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(tasks.stream().map(t -> (long) t * t).toList(), out);
        System.out.printf("real SGE: 1000 tasks in 20 chunks as %s: %.2f s wall%n", how, seconds);
    }

    @Test
    void thousandTasksInTwentyChunksTakenByTwoClaimers() {
        thousandTasksInTwentyChunks(pool().claimChunks(2), "2 claimers");
        assertTrue(events.stream().filter(e -> e instanceof MapEvent.Notice).noneMatch(e -> e.toString()
                .contains("released") || e.toString().contains("resubmitted")), events.toString());
    }

    @Test
    void thousandTasksInTwentyChunksOneJobPerChunk() {
        thousandTasksInTwentyChunks(false);
    }

    @Test
    void thousandTasksInTwentyChunksAsOneArrayJob() {
        thousandTasksInTwentyChunks(true);
    }

    @Test
    void aJobThatLandsInEqwIsDeletedAndResubmittedAndTheMapSucceeds() throws Exception {
        Path markers = Files.createDirectory(workDir.resolve("markers"));
        List<Integer> tasks = IntStream.range(0, 8).boxed().toList();
        for (boolean arrays : new boolean[] {false, true}) {
            Files.deleteIfExists(markers.resolve("attempted-3"));
            events.clear();
            try (Pool pool = pool().chunkSize(2).jobArrays(arrays)
                    .environment(EnvironmentPolicy.inherit().with("QMR_TEST_MARKERS", markers.toString())).build()) {
                assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), pool.map(ExitHundredOnce.class, tasks));
            }
            List<String> resubmitted = events.stream().map(Object::toString)
                    .filter(e -> e.contains("resubmitted")).toList();
            assertEquals(1, resubmitted.size(), events.toString());
            assertTrue(resubmitted.get(0).startsWith("chunk 1: queue-job "), resubmitted.get(0));
            assertTrue(resubmitted.get(0).contains("was in error state 'Eqw'"), resubmitted.get(0));
        }
    }

    @Test
    void closingThePoolMidRunDeletesEveryJobOfTheSession() {
        List<Integer> tasks = IntStream.range(0, 40).boxed().toList();
        String session;
        try (Pool pool = pool().chunkSize(2).build()) {
            ResultStream<Integer> results = pool.stream(SlowEcho.class, tasks);
            session = results.sessionId();
            assertEquals(0, results.next().value());
            assertTrue(!RealSge.jobsNamed(session).isEmpty(), "the session has jobs in the queue");
        } // Pool.close() without closing the stream: the pool deletes what the session left in the queue
        assertEquals(List.of(), RealSge.jobsNamed(session));
    }

    @Test
    void anEnvironmentValueHoldingADirectiveLineDoesNotSetQsubOptions() {
        // Without qsub -C '', SGE read "#$ -v QMR_INJECTED=yes" inside this value as an option of the job.
        String value = "first line\n#$ -v QMR_INJECTED=yes\n#$ -l h_rt=0:0:1";
        try (Pool pool = pool().environment(EnvironmentPolicy.inherit().with("QMR_MULTILINE", value)).build()) {
            List<String> out = pool.map(ReadEnv.class, List.of("QMR_MULTILINE", "QMR_INJECTED"));
            assertEquals(value, out.get(0));
            assertEquals(null, out.get(1));
        }
    }

    @Test
    void stoppingTheProcessThatRunsTheMapDeletesEveryJobOfTheSessionWithin30Seconds() throws Exception {
        Path idFile = workDir.resolve("session-id");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MapUntilStopped.class.getName(),
                workDir.resolve("work").toString(), idFile.toString())
                .redirectOutput(workDir.resolve("out").toFile()).redirectError(workDir.resolve("err").toFile())
                .start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.exists(idFile) || Files.readString(idFile).isEmpty()) {
                assertTrue(process.isAlive(), "the map process ended early: " + Files.readString(workDir.resolve("err")));
                assertTrue(System.nanoTime() < deadline, "the map process never submitted its jobs");
                Thread.sleep(100);
            }
            String session = Files.readString(idFile);
            assertTrue(!RealSge.jobsNamed(session).isEmpty(), "the session has jobs in the queue");
            process.destroy(); // SIGTERM, as Ctrl-C or a cancelled CI build sends
            assertTrue(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the map process did not stop");
            List<?> left = RealSge.jobsNamed(session);
            for (int i = 0; i < 120 && !left.isEmpty(); i++) {
                Thread.sleep(250);
                left = RealSge.jobsNamed(session);
            }
            assertEquals(List.of(), left, "no job of the stopped session is left in qstat after 30 s");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void aResourceTheQueueRejectsFailsTheMapWithTheQueuesOwnMessage() {
        SgeOptions options = new SgeOptions(null, Map.of("no_such_resource", "1"), null, 1, null, List.of(),
                SgeOptions.SGE_MAX_AJ_TASKS, 0);
        try (Pool pool = Pool.builder().queue(Queues.sge(options, SgeTools.onPath())).workDir(workDir).build()) {
            QmrException e = assertThrows(QmrException.class, () -> pool.map(Square.class, List.of(1, 2, 3)));
            assertTrue(e.getMessage().contains("qsub could not submit job qmr-"), e.getMessage());
            assertTrue(e.getMessage().contains("unknown resource \"no_such_resource\""), e.getMessage());
        }
    }

    @Test
    void aMemoryRequestSizesTheWorkerHeapToFitIt() {
        SgeOptions options = new SgeOptions(null, Map.of("h_vmem", "1G"), null, 1, null, List.of(),
                SgeOptions.SGE_MAX_AJ_TASKS, 0);
        try (Pool pool = Pool.builder().queue(Queues.sge(options, SgeTools.onPath())).workDir(workDir)
                .pollInterval(Duration.ofMillis(250)).build()) {
            List<Long> maxHeap = pool.map((Integer t) -> Runtime.getRuntime().maxMemory() >> 20, List.of(1, 2));
            // 1G of virtual memory leaves 512m of heap (the JVM reports a little less than -Xmx)
            assertTrue(maxHeap.get(0) > 400 && maxHeap.get(0) <= 512, maxHeap.toString());
        }
    }
}
