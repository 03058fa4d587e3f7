package io.github.qmr.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.fixtures.PrintAndSquare;
import io.github.qmr.runtime.fixtures.Square;
import io.github.qmr.runtime.queue.local.LocalQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitor loop against queues with arrays and injected error states. */
class MonitorIT {
    @TempDir
    Path workDir;

    private final List<MapEvent> events = new ArrayList<>();

    private List<String> notices() {
        return events.stream().filter(e -> e instanceof MapEvent.Notice).map(Object::toString).toList();
    }

    @Test
    void jobArraysSplitAtTheQueueMaximumRunEveryChunkWithItsOwnOutputFiles() throws Exception {
        List<Integer> tasks = IntStream.range(0, 50).boxed().toList();
        try (Pool pool = Pool.builder().queue(new LocalQueue(2, 3)).workDir(workDir).numChunks(7).keepWorkDir(true)
                .listener(events::add).build()) {
            assertEquals(tasks.stream().map(t -> t * t).toList(), pool.map(PrintAndSquare.class, tasks));
        }
        Path session;
        try (Stream<Path> s = Files.list(workDir)) {
            session = s.findFirst().orElseThrow();
        }
        // 50 tasks in chunks of 8: chunk 6 holds tasks 48 and 49, and its array element wrote its own stdout
        String stdout = Files.readString(session.resolve("chunks/000000/000000006.stdout"));
        assertEquals("task 48\ntask 49\n", stdout);
    }

    @Test
    void aChunkInErrorThreeTimesIsResubmittedAndSucceeds() {
        ErrorInjectingQueue queue = new ErrorInjectingQueue().errorFor(2, 3);
        List<Integer> tasks = IntStream.range(0, 20).boxed().toList();
        try (Pool pool = Pool.builder().mode(Mode.JOBS).queue(queue).workDir(workDir).chunkSize(5).pollInterval(
                java.time.Duration.ofMillis(5)).listener(events::add).build()) {
            List<Long> out = pool.map(Square.class, tasks);
            assertEquals(tasks.stream().map(t -> (long) t * t).toList(), out);
        }
        assertEquals(List.of("err-1", "err-2", "err-3"), queue.deleted);
        List<String> resubmissions = notices().stream().filter(n -> n.contains("resubmitted")).toList();
        assertEquals(3, resubmissions.size(), notices().toString());
        assertEquals("chunk 2: queue-job err-1 was in error state 'Eqw' (error reason 1: injected by the test);"
                + " resubmitted as queue-job err-2 (resubmission 1 of at most 10)", resubmissions.get(0));
    }

    @Test
    void aChunkInErrorPastTheLimitFailsWithItsJobIdAndTheQueuesReason() {
        ErrorInjectingQueue queue = new ErrorInjectingQueue().errorFor(1, 100);
        List<Integer> tasks = IntStream.range(0, 9).boxed().toList();
        MapException e;
        try (Pool pool = Pool.builder().mode(Mode.JOBS).queue(queue).workDir(workDir).chunkSize(3).maxResubmissions(2)
                .pollInterval(java.time.Duration.ofMillis(5)).build()) {
            e = assertThrows(MapException.class, () -> pool.map(Square.class, tasks));
        }
        assertEquals(1, e.chunkFailures().size());
        ChunkFailure c = e.chunkFailures().get(0);
        assertEquals(1, c.ichunk());
        assertEquals("err-3", c.jobId());
        assertEquals("queue-job err-3 was in error state 'Eqw' (error reason 1: injected by the test); no"
                + " resubmission left (2 done; raise maxResubmissions to allow more)", c.reason());
        assertTrue(e.getMessage().contains("chunk 1 (itasks 3..5, queue-job err-3): queue-job err-3 was in error"),
                e.getMessage());
        assertEquals(List.of(0L, 1L, 4L), e.results().subList(0, 3));
        assertEquals(List.of(36L, 49L, 64L), e.results().subList(6, 9));
    }

    @Test
    void aJobThatVanishesWithoutAResultIsResubmittedAfterTheGracePeriod() {
        ErrorInjectingQueue queue = new ErrorInjectingQueue().vanishFor(1, 1);
        List<Integer> tasks = IntStream.range(0, 9).boxed().toList();
        try (Pool pool = Pool.builder().mode(Mode.JOBS).queue(queue).workDir(workDir).chunkSize(3)
                .pollInterval(java.time.Duration.ofMillis(5)).resultGracePeriod(java.time.Duration.ofMillis(300))
                .listener(events::add).build()) {
            assertEquals(tasks.stream().map(t -> (long) t * t).toList(), pool.map(Square.class, tasks));
        }
        List<String> resubmissions = notices().stream().filter(n -> n.contains("resubmitted")).toList();
        assertEquals(List.of("chunk 1: queue-job lost-1 left the queue without writing a result; resubmitted as"
                + " queue-job 3 (resubmission 1 of at most 10)"), resubmissions.stream()
                .map(n -> n.replaceAll("queue-job \\d+ ", "queue-job 3 ")).toList());
    }
}
