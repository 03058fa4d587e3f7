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
}
