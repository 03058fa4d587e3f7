package io.github.qmr.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.fixtures.ClaimProbe;
import io.github.qmr.runtime.fixtures.Square;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pull mode on the local queue: a few queue-jobs (pull workers) take the chunks from the work dir. */
class PullModeIT {
    @TempDir
    Path workDir;

    private Path markers;
    private final List<MapEvent> events = new ArrayList<>();
    private final List<Integer> tasks = IntStream.range(0, 200).boxed().toList();

    @BeforeEach
    void markers() throws IOException {
        markers = Files.createDirectory(workDir.resolve("markers"));
    }

    private Pool.Builder pool(CountingQueue queue, String killAt) {
        EnvironmentPolicy env = EnvironmentPolicy.inherit().with("QMR_TEST_MARKERS", markers.toString());
        if (killAt != null) {
            env = env.with("QMR_TEST_KILL_AT", killAt);
        }
        return Pool.builder().queue(queue).workDir(workDir.resolve("work")).chunkSize(10).claimChunks(2)
                .environment(env).listener(events::add);
    }

    /** How often each task ran, from the markers. */
    private Map<Integer, Integer> attempts() throws IOException {
        try (Stream<Path> files = Files.list(markers)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("ran-"))
                    .collect(Collectors.toMap(n -> Integer.parseInt(n.split("-")[1]), n -> 1, Integer::sum,
                            TreeMap::new));
        }
    }

    private static void eachChunkRanInOneWorker(List<Long> pids) {
        eachChunkRanInOneWorkerBut(-1, pids);
    }

    private static void eachChunkRanInOneWorkerBut(int except, List<Long> pids) {
        for (int c = 0; c < 20; c++) {
            if (c != except) {
                assertEquals(1, new HashSet<>(pids.subList(c * 10, c * 10 + 10)).size(), "chunk " + c + ": " + pids);
            }
        }
    }

    @Test
    void twoPullWorkersRunAllTwentyChunksEachTaskOnce() throws Exception {
        CountingQueue queue = new CountingQueue();
        List<Long> pids;
        try (Pool pool = pool(queue, null).build()) {
            pids = pool.map(ClaimProbe.class, tasks);
        }
        assertEquals(2, queue.submitted, "two queue-jobs serve twenty chunks");
        assertEquals(tasks.size(), pids.size());
        assertTrue(new HashSet<>(pids).size() <= 2, "at most two worker JVMs: " + new HashSet<>(pids));
        eachChunkRanInOneWorker(pids);
        Map<Integer, Integer> attempts = attempts();
        assertEquals(tasks.size(), attempts.size());
        assertTrue(attempts.values().stream().allMatch(n -> n == 1), "every task ran once: " + attempts);
    }

    @Test
    void aKilledPullWorkersChunkIsDoneByAnotherWorkerAndNothingRunsTwiceAtOnce() throws Exception {
        CountingQueue queue = new CountingQueue();
        List<Long> pids;
        try (Pool pool = pool(queue, "45").build()) {
            pids = pool.map(ClaimProbe.class, tasks);
        }
        // chunk 4's worker was killed in task 45: its results for 40..44 were saved and kept, the next worker ran
        // 45..49 (work is saved per task)
        eachChunkRanInOneWorkerBut(4, pids);
        assertEquals(1, new HashSet<>(pids.subList(40, 45)).size(), "tasks 40..44: " + pids.subList(40, 50));
        assertEquals(1, new HashSet<>(pids.subList(45, 50)).size(), "tasks 45..49: " + pids.subList(40, 50));
        List<String> released = events.stream().map(Object::toString).filter(e -> e.contains("released")).toList();
        assertEquals(1, released.size(), events.toString());
        assertTrue(released.get(0).matches("chunk 4: worker queue-job \\d+ was killed by signal 9 \\(exit code 137\\)"
                + " before finishing it; released for another worker \\(resubmission 1 of at most 10\\)"),
                released.get(0));
        // two workers and a replacement for chunk 4; the top-up counts open chunks between polls, so it may submit
        // one more while chunk 4 waits for its taker (seen once in a loaded run); a worker with nothing to claim
        // exits at once
        assertTrue(queue.submitted == 3 || queue.submitted == 4, "two workers and their replacements: "
                + queue.submitted);
        Map<Integer, Integer> attempts = attempts();
        for (int t : tasks) {
            assertEquals(t == 45 ? 2 : 1, attempts.get(t), "attempts of task " + t + ": " + attempts);
        }
        long killed;
        try (Stream<Path> files = Files.list(markers)) {
            killed = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("ran-45-"))
                    .map(n -> n.split("-")).sorted((a, b) -> Long.compare(Long.parseLong(a[3]), Long.parseLong(b[3])))
                    .map(a -> Long.parseLong(a[2])).findFirst().orElseThrow();
        }
        assertNotEquals(killed, pids.get(45), "chunk 4 was finished by another worker");
        assertEquals(killed, pids.get(40), "the killed worker's saved results are the ones kept");
    }

    @Test
    void noMorePullWorkersThanChunksAndTheClaimFilesStayInTheChunkShards() throws Exception {
        CountingQueue queue = new CountingQueue();
        try (Pool pool = Pool.builder().queue(queue).workDir(workDir.resolve("work")).chunkSize(4).claimChunks(8)
                .keepWorkDir(true).build()) {
            assertEquals(List.of(0L, 1L, 4L, 9L, 16L, 25L, 36L, 49L, 64L, 81L),
                    pool.map(Square.class, IntStream.range(0, 10).boxed().toList()));
        }
        assertEquals(3, queue.submitted, "three chunks: three pull workers");
        Path session;
        try (Stream<Path> s = Files.list(workDir.resolve("work"))) {
            session = s.findFirst().orElseThrow();
        }
        for (int c = 0; c < 3; c++) {
            assertTrue(Files.exists(session.resolve("chunks/000000/00000000" + c + ".claim")), "claim of chunk " + c);
        }
    }

    /**
     * A local queue that maps a memory request onto the worker's heap, as SGE and Slurm do: the site asks for 48 MiB
     * ({@code -Xmx48m}); a job with a larger request gets a heap of that size. It records every job's request.
     */
    private static final class MemoryQueue extends io.github.qmr.runtime.queue.ForwardingQueue {
        static final long SITE_BYTES = 48L << 20;
        final List<String> pullWorkerRequests = new ArrayList<>();
        final List<io.github.qmr.runtime.queue.JobSpec> ownJobs = new ArrayList<>();

        MemoryQueue() {
            super("memory");
        }

        @Override
        public synchronized String submit(io.github.qmr.runtime.queue.JobSpec job) {
            if (job.args().contains(io.github.qmr.runtime.workdir.WorkerArgs.PULL)) {
                pullWorkerRequests.add(job.request().toString());
            } else {
                ownJobs.add(job);
            }
            return super.submit(job);
        }

        @Override
        public io.github.qmr.runtime.queue.Request siteRequest() {
            return new io.github.qmr.runtime.queue.Request(SITE_BYTES, null);
        }

        @Override
        public List<String> workerJvmOptions() {
            return List.of("-Xmx48m");
        }

        @Override
        public List<String> workerJvmOptions(io.github.qmr.runtime.queue.Request request) {
            return request.memoryBytes() == null ? workerJvmOptions()
                    : List.of("-Xmx" + (request.memoryBytes() >> 20) + "m");
        }

        @Override
        public String requestText(io.github.qmr.runtime.queue.ResourceKill.Kind kind,
                io.github.qmr.runtime.queue.Request request) {
            Long bytes = request.memoryBytes() != null ? request.memoryBytes() : SITE_BYTES;
            return kind == io.github.qmr.runtime.queue.ResourceKill.Kind.MEMORY
                    ? "mem=" + io.github.qmr.runtime.queue.Request.mebibytes(bytes) : null;
        }
    }

    /**
     * Pull mode with memory escalation: the chunk whose task ran out of the worker's heap leaves the pull workers for
     * a job of its own asking for four times the memory, and succeeds there; the pull workers keep the site's request
     * and run every other chunk.
     */
    @Test
    void withEscalationAChunkPastItsMemoryGoesToAJobOfItsOwnWithTheLargerRequestAndTheWorkersKeepTheirs() {
        long start = System.nanoTime();
        MemoryQueue queue = new MemoryQueue();
        List<Integer> mebibytes = List.of(1, 1, 100, 1, 1, 1);
        try (Pool pool = Pool.builder().queue(queue).workDir(workDir.resolve("work")).chunkSize(1).maxWorkers(2)
                .escalate(Escalation.OFF.withMemory(4, null)).listener(events::add).build()) {
            assertEquals(mebibytes, pool.map(io.github.qmr.runtime.fixtures.HoldMebibytes.class, mebibytes));
        }
        List<MapEvent.ChunkResubmitted> resubmitted = events.stream().filter(e -> e instanceof MapEvent
                .ChunkResubmitted).map(e -> (MapEvent.ChunkResubmitted) e).toList();
        assertEquals(1, resubmitted.size(), events.toString());
        assertEquals(2, resubmitted.get(0).ichunk());
        assertEquals(2, resubmitted.get(0).attempt());
        assertTrue(resubmitted.get(0).reason().startsWith("worker queue-job ")
                && resubmitted.get(0).reason().contains(" was killed for memory: used the worker JVM's heap limit")
                && resubmitted.get(0).reason().endsWith("of the mem=48M requested; the next attempt asks for"
                        + " mem=192M"), resubmitted.get(0).reason());
        assertEquals(1, queue.ownJobs.size(), "one job of its own: " + queue.ownJobs);
        assertEquals(192L << 20, queue.ownJobs.get(0).request().memoryBytes());
        assertEquals(List.of("-Xmx192m", "2"), queue.ownJobs.get(0).args(), "its heap fits the larger request");
        assertTrue(queue.pullWorkerRequests.stream().allMatch(r -> r.equals(
                io.github.qmr.runtime.queue.Request.SITE.toString())), "the workers keep the site's request: "
                + queue.pullWorkerRequests);
        System.out.printf("local: a pull-mode chunk past its memory succeeded in a job of its own: %.2f s%n",
                (System.nanoTime() - start) / 1e9);
    }
}
