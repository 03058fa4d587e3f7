package io.github.qmr.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.fixtures.CountedRuns;
import io.github.qmr.runtime.fixtures.KilledOnce;
import io.github.qmr.runtime.fixtures.SlowWhenAsked;
import io.github.qmr.runtime.fixtures.Square;
import io.github.qmr.runtime.fixtures.StoppedMidChunk;
import io.github.qmr.runtime.queue.ForwardingQueue;
import io.github.qmr.runtime.queue.JobSpec;
import io.github.qmr.runtime.queue.JobState;
import io.github.qmr.runtime.queue.JobStatus;
import io.github.qmr.runtime.queue.local.LocalQueue;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults injected into a running map: nothing is lost and nothing wrong is read. */
class ReliabilityIT {
    @TempDir
    Path workDir;

    private final List<MapEvent> events = new ArrayList<>();

    private List<String> notices() {
        return events.stream().filter(e -> e instanceof MapEvent.Notice).map(Object::toString).toList();
    }

    @Test
    void aWorkerKilledBySignalIsResubmittedAndTheMapSucceeds() throws Exception {
        Path markers = Files.createDirectory(workDir.resolve("markers"));
        List<Integer> tasks = IntStream.range(0, 10).boxed().toList();
        try (Pool pool = Pool.builder().workDir(workDir.resolve("work")).chunkSize(3).listener(events::add)
                .environment(EnvironmentPolicy.inherit().with("QMR_TEST_MARKERS", markers.toString())).build()) {
            assertEquals(tasks, pool.map(KilledOnce.class, tasks));
        }
        // pull mode, the default: the dead worker's chunk goes to another worker
        List<String> released = notices().stream().filter(n -> n.contains("released")).toList();
        assertEquals(1, released.size(), notices().toString());
        assertTrue(released.get(0).matches("chunk 1: worker queue-job \\d+ was killed by signal 9 \\(exit code 137\\)"
                + " before finishing it; released for another worker \\(resubmission 1 of at most 10\\)"),
                released.get(0));
    }

    /**
     * Runs 12 tasks in 2 chunks of 6 with {@code builder}; the worker of chunk 0 is sent {@code signal} while it
     * runs task 3; gives the results and how often each task started.
     */
    private int[] stopMidChunk(Pool.Builder builder, String signal) throws Exception {
        Path markers = Files.createDirectory(workDir.resolve("markers"));
        List<Integer> tasks = IntStream.range(0, 12).boxed().toList();
        try (Pool pool = builder.workDir(workDir.resolve("work")).chunkSize(6).listener(events::add)
                .environment(EnvironmentPolicy.inherit().with("QMR_TEST_MARKERS", markers.toString())
                        .with("QMR_TEST_STOP_AT", "3")).build();
                ResultStream<Integer> results = pool.stream(StoppedMidChunk.class, tasks)) {
            StoppedMidChunk.stopTheWaitingWorker(markers, signal);
            List<Integer> values = new ArrayList<>();
            while (results.hasNext()) {
                TaskResult<Integer> r = results.next();
                assertTrue(r.succeeded(), r.toString());
                values.add(r.value());
                // the worker measured the thread's CPU time beside the wall time: one thread cannot use more (a
                // task under 0.1 ms may have no reading of its own: TaskCpu; the next one read counts it)
                assertTrue(r.run().cpu() == null && r.run().duration().toNanos() < 100_000
                        || r.run().cpu() != null && !r.run().cpu().isNegative()
                        && r.run().cpu().compareTo(r.run().duration().plusMillis(1)) <= 0, r.run().toString());
            }
            assertEquals(tasks.stream().map(t -> t * 10).toList(), values);
        }
        return StoppedMidChunk.runs(markers, tasks.size());
    }

    @Test
    void aWorkerKilledMidChunkLosesOnlyTheTaskItWasInAndTheRerunRunsOnlyTheMissingTasks() throws Exception {
        int[] runs = stopMidChunk(Pool.builder().queue(Queues.local(2)), "-9");
        // tasks 0, 1, 2 were saved as they finished; 3 was lost with the worker; 4, 5 never ran before the kill
        assertArrayEquals(new int[] {1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1}, runs);
        List<String> released = notices().stream().filter(n -> n.contains("released")).toList();
        assertEquals(1, released.size(), notices().toString());
        assertTrue(released.get(0).startsWith("chunk 0: worker queue-job "), released.get(0));
    }

    @Test
    void aWorkerStoppedBySigtermMidChunkIsNotAFailureItsChunkIsResubmittedForTheMissingTasks() throws Exception {
        // jobs mode: the chunk's own queue-job is resubmitted
        int[] runs = stopMidChunk(Pool.builder().queue(Queues.local(2)).mode(Mode.JOBS), "-TERM");
        assertArrayEquals(new int[] {1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1}, runs);
        List<String> resubmitted = notices().stream().filter(n -> n.contains("resubmitted")).toList();
        assertEquals(1, resubmitted.size(), notices().toString());
        assertTrue(resubmitted.get(0).matches("chunk 0: queue-job \\d+ stopped: the worker received SIGTERM \\(scancel,"
                + " preemption, a node drain or reboot, or a kill\\) while running itask 3; the tasks it finished are"
                + " saved, the chunk runs again for the others; resubmitted as queue-job \\d+ \\(resubmission 1 of at"
                + " most 10\\)"), resubmitted.get(0));
    }

    @Test
    void inPullModeAWorkerStoppedBySigtermLeavesItsChunkToAnotherWorkerForTheMissingTasks() throws Exception {
        int[] runs = stopMidChunk(Pool.builder().queue(Queues.local(2)), "-TERM");
        assertArrayEquals(new int[] {1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1}, runs);
        List<String> released = notices().stream().filter(n -> n.contains("released")).toList();
        assertEquals(1, released.size(), notices().toString());
        assertTrue(released.get(0).contains("stopped: the worker received SIGTERM"), released.get(0));
    }

    /**
     * 12 tasks in 2 chunks of 6 with {@code builder} and a heartbeat timeout of 5 s; the worker of chunk 0 is
     * SIGSTOPped while it runs task 3 (after chunk 1's result is there, so the order is fixed). Returns how often each
     * task started; asserts every result once and that the stopped worker is gone when the map ends.
     */
    private int[] hangMidChunk(Pool.Builder builder) throws Exception {
        Path markers = Files.createDirectory(workDir.resolve("markers"));
        List<Integer> tasks = IntStream.range(0, 12).boxed().toList();
        ProcessHandle stopped = null;
        long start = System.nanoTime();
        try (Pool pool = builder.workDir(workDir.resolve("work")).chunkSize(6).listener(events::add)
                .heartbeatTimeout(java.time.Duration.ofSeconds(5))
                .environment(EnvironmentPolicy.inherit().with("QMR_TEST_MARKERS", markers.toString())
                        .with("QMR_TEST_STOP_AT", "3")).build();
                ResultStream<Integer> results = pool.stream(StoppedMidChunk.class, tasks)) {
            Path session;
            try (var folders = Files.list(workDir.resolve("work"))) {
                session = folders.filter(f -> f.getFileName().toString().startsWith("qmr-")).findFirst().orElseThrow();
            }
            stopped = StoppedMidChunk.sigstopTheWaitingWorker(markers,
                    session.resolve("chunks/000000/000000001.result"));
            List<Integer> values = new ArrayList<>();
            while (results.hasNext()) {
                TaskResult<Integer> r = results.next();
                assertTrue(r.succeeded(), r.toString());
                values.add(r.value());
            }
            assertEquals(tasks.stream().map(t -> t * 10).toList(), values);
            // deleted as lost: a stopped process takes the queue's SIGKILL
            stopped.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            StoppedMidChunk.release(markers);
            StoppedMidChunk.killStopped(stopped);
        }
        System.out.printf("a worker SIGSTOPped mid-chunk, heartbeat timeout 5 s: the map took %.1f s%n",
                (System.nanoTime() - start) / 1e9);
        String lost = notices().stream().filter(n -> n.contains("sent no heartbeat")).findFirst()
                .orElseThrow(() -> new AssertionError(notices().toString()));
        assertTrue(lost.contains(" on host " + java.nio.file.Files.readString(Path.of("/proc/sys/kernel/hostname"))
                .strip() + " (pid " + stopped.pid() + ") sent no heartbeat for "), lost);
        assertTrue(lost.contains(" s, more than heartbeatTimeout (5 s): it hangs, was stopped, or lost its node;"
                + " deleted it; "), lost);
        return StoppedMidChunk.runs(markers, tasks.size());
    }

    @Test
    void aWorkerStoppedMidChunkIsTakenAsLostAfterTheHeartbeatTimeoutAndItsChunkRunsElsewhere() throws Exception {
        int[] runs = hangMidChunk(Pool.builder().queue(Queues.local(2)).maxWorkers(2));
        // tasks 0, 1, 2 were saved as they finished and are not run again; only 3 ran twice
        assertArrayEquals(new int[] {1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1}, runs);
        List<String> released = notices().stream().filter(n -> n.contains("released")).toList();
        assertEquals(1, released.size(), notices().toString());
        assertTrue(released.get(0).matches("chunk 0: worker queue-job \\d+ on host .* sent no heartbeat for"
                + " [0-9.]+ s.*; deleted it; released for another worker \\(resubmission 1 of at most 10\\)"),
                released.get(0));
        // progress counted chunk 1 as done while chunk 0 was still held, before the hung worker was noticed
        int lostAt = events.indexOf(events.stream().filter(e -> e.toString().contains("sent no heartbeat"))
                .findFirst().orElseThrow());
        assertTrue(events.subList(0, lostAt).stream().anyMatch(e -> e instanceof MapEvent.Progress p
                && p.done() == 1 && p.running() == 1), events.toString());
    }

    @Test
    void inJobsModeAWorkerStoppedMidChunkIsTakenAsLostAndItsChunkResubmitted() throws Exception {
        int[] runs = hangMidChunk(Pool.builder().queue(Queues.local(2)).mode(Mode.JOBS));
        assertArrayEquals(new int[] {1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1}, runs);
        List<String> resubmitted = notices().stream().filter(n -> n.contains("resubmitted")).toList();
        assertEquals(1, resubmitted.size(), notices().toString());
        assertTrue(resubmitted.get(0).matches("chunk 0: queue-job \\d+ on host .* sent no heartbeat for [0-9.]+ s.*;"
                + " deleted it; resubmitted as queue-job \\d+ \\(resubmission 1 of at most 10\\)"),
                resubmitted.get(0));
    }

    @Test
    void inJobsModeAWorkerKilledBySignalIsResubmittedAsAJobOfItsOwn() throws Exception {
        Path markers = Files.createDirectory(workDir.resolve("markers"));
        List<Integer> tasks = IntStream.range(0, 10).boxed().toList();
        try (Pool pool = Pool.builder().mode(Mode.JOBS).workDir(workDir.resolve("work")).chunkSize(3)
                .listener(events::add)
                .environment(EnvironmentPolicy.inherit().with("QMR_TEST_MARKERS", markers.toString())).build()) {
            assertEquals(tasks, pool.map(KilledOnce.class, tasks));
        }
        List<String> resubmitted = notices().stream().filter(n -> n.contains("resubmitted")).toList();
        assertEquals(1, resubmitted.size(), notices().toString());
        assertTrue(resubmitted.get(0).matches("chunk 1: queue-job \\d+ was killed by signal 9 \\(exit code 137\\);"
                + " resubmitted as queue-job \\d+ \\(resubmission 1 of at most 10\\)"), resubmitted.get(0));
    }

    @Test
    void aRerunAfterAStopReusesTheCompletedChunksAndSubmitsOnlyTheRest() throws Exception {
        List<Integer> tasks = IntStream.range(0, 8).boxed().toList();
        try (Pool pool = Pool.builder().workDir(workDir).chunkSize(1)
                .environment(EnvironmentPolicy.inherit().with("QMR_TEST_SLOW_MS", "60000")).build();
                ResultStream<Integer> first = pool.stream(SlowWhenAsked.class, tasks)) {
            for (int i = 0; i < 4; i++) {
                assertEquals(i * 10, first.next().value());
            }
        } // stopped: chunks 4.. were still running
        CountingQueue queue = new CountingQueue();
        try (Pool pool = Pool.builder().queue(queue).workDir(workDir).chunkSize(1).listener(events::add).build()) {
            assertEquals(tasks.stream().map(t -> t * 10).toList(), pool.map(SlowWhenAsked.class, tasks));
        }
        assertEquals(4, queue.submitted, "only the chunks not done before are submitted");
        assertTrue(notices().stream().anyMatch(n -> n.contains(": resuming: 4 of 8 chunks already done in [qmr-")),
                notices().toString());
        try (var left = Files.list(workDir)) {
            assertEquals(List.of(), left.toList(), "the stopped session is removed with the one that completed it");
        }
    }

    @Test
    void aRerunWhoseReusedChunksAreScatteredRunsOnlyTheOthersEachOnce() throws Exception {
        Path markers = Files.createDirectory(workDir.resolve("markers"));
        Path work = workDir.resolve("work");
        List<Integer> tasks = IntStream.range(0, 8).boxed().toList();
        EnvironmentPolicy env = EnvironmentPolicy.inherit().with("QMR_TEST_MARKERS", markers.toString());
        try (Pool pool = Pool.builder().workDir(work).chunkSize(1).keepWorkDir(true).environment(env).build()) {
            assertEquals(tasks, pool.map(CountedRuns.class, tasks));
        }
        Path earlier;
        try (var sessions = Files.list(work)) {
            earlier = sessions.filter(f -> f.getFileName().toString().startsWith("qmr-")).findFirst().orElseThrow();
        }
        // chunks 1, 3 and 5 lose their results: the rerun reuses the others, which have results and no claims in
        // its own folder, so its pull worker meets them between the chunks it must run
        for (int ichunk : new int[] {1, 3, 5}) {
            Files.delete(earlier.resolve("chunks/000000/00000000" + ichunk + ".result"));
        }
        try (var old = Files.list(markers)) {
            for (Path marker : old.toList()) {
                Files.delete(marker);
            }
        }
        try (Pool pool = Pool.builder().workDir(work).chunkSize(1).maxWorkers(1).environment(env)
                .listener(events::add).build()) {
            assertEquals(tasks, pool.map(CountedRuns.class, tasks));
        }
        assertTrue(notices().stream().anyMatch(n -> n.contains(": resuming: 5 of 8 chunks already done in [qmr-")),
                notices().toString());
        try (var runs = Files.list(markers)) {
            assertEquals(List.of("run-1", "run-3", "run-5"), runs.map(f -> f.getFileName().toString()
                    .replaceAll("-[0-9a-f-]{36}$", "")).sorted().toList(), "each missing task ran once, no other");
        }
    }

    @Test
    void aDifferentMapDoesNotReuseResults() throws Exception {
        try (Pool pool = Pool.builder().workDir(workDir).chunkSize(1).keepWorkDir(true).build()) {
            pool.map(SlowWhenAsked.class, List.of(1, 2, 3));
        }
        CountingQueue queue = new CountingQueue();
        try (Pool pool = Pool.builder().queue(queue).workDir(workDir).chunkSize(1).build()) {
            assertEquals(List.of(10, 20, 40), pool.map(SlowWhenAsked.class, List.of(1, 2, 4)));
        }
        assertEquals(3, queue.submitted, "other tasks make another key: nothing reused");
    }

    /** A local queue that flips a byte in the first result file it sees, as a torn write would. */
    static final class CorruptingQueue extends ForwardingQueue {
        private final Map<String, Path> resultOf = new HashMap<>();
        private final Set<Path> corrupted = new HashSet<>();

        CorruptingQueue() {
            super("corrupting");
        }

        @Override
        public String submit(JobSpec job) {
            String id = super.submit(job);
            String out = job.stdout().toString();
            resultOf.put(id, Path.of(out.substring(0, out.length() - ".stdout".length()) + ".result"));
            return id;
        }

        @Override
        public Map<String, JobStatus> poll(Collection<String> jobIds) {
            Map<String, JobStatus> states = super.poll(jobIds);
            for (Map.Entry<String, JobStatus> e : states.entrySet()) {
                Path result = resultOf.get(e.getKey());
                if (corrupted.isEmpty() && Files.exists(result)) { // its job may still be exiting
                    try (RandomAccessFile f = new RandomAccessFile(result.toFile(), "rw")) {
                        f.seek(20);
                        int b = f.read();
                        f.seek(20);
                        f.write(b ^ 0x55);
                    } catch (java.io.IOException ex) {
                        throw new java.io.UncheckedIOException(ex);
                    }
                    corrupted.add(result);
                }
            }
            return states;
        }
    }

    @Test
    void aCorruptedResultFileIsNeverReadButComputedAgain() {
        CorruptingQueue queue = new CorruptingQueue();
        List<Integer> tasks = IntStream.range(0, 12).boxed().toList();
        // jobs mode: the queue corrupts a chunk's result as its job ends, which it knows by job id
        // polled without pause: the queue corrupts a result as its job is seen to end, before the map looks for it
        try (Pool pool = Pool.builder().mode(Mode.JOBS).queue(queue).workDir(workDir).chunkSize(4)
                .pollInterval(java.time.Duration.ZERO).listener(events::add).build()) {
            assertEquals(tasks.stream().map(t -> (long) t * t).toList(), pool.map(Square.class, tasks));
        }
        assertEquals(1, queue.corrupted.size());
        List<String> recomputed = notices().stream().filter(n -> n.contains("is unusable")).toList();
        assertEquals(1, recomputed.size(), notices().toString());
        assertTrue(recomputed.get(0).contains("checksum does not match"), recomputed.get(0));
        assertTrue(recomputed.get(0).contains("resubmitted as queue-job"), recomputed.get(0));
    }
}
