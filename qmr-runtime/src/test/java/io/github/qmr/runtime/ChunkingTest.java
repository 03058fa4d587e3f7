package io.github.qmr.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.qmr.runtime.session.Chunking;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How tasks are cut into chunks: as the original tool does it. */
class ChunkingTest {
    private static int sizeFor(Pool.Builder builder, long tasks) {
        try (Pool pool = builder.build()) {
            return pool.plan().chunkSize(tasks);
        }
    }

    private static int chunks(long n, int size) {
        return (int) ((n + size - 1) / size);
    }

    @Test
    void numChunksGivesCeilOfTasksOverChunksPerChunk() {
        // 10 tasks in 4 chunks: 3, 3, 3, 1
        int size = sizeFor(Pool.builder().numChunks(4), 10);
        assertEquals(3, size);
        assertEquals(4, chunks(10, size));
        // 10 tasks asked in 6 chunks: 2 per chunk, so 5 chunks, like the original
        assertEquals(2, sizeFor(Pool.builder().numChunks(6), 10));
        // more chunks than tasks: one task per chunk
        assertEquals(1, sizeFor(Pool.builder().numChunks(50), 3));
        // 10,000 tasks in 37 chunks: 271 per chunk, 37 chunks
        assertEquals(271, sizeFor(Pool.builder().numChunks(37), 10_000));
        assertEquals(37, chunks(10_000, 271));
    }

    @Test
    void chunkSizeIsTakenAsGivenAndTheLastSettingWins() {
        assertEquals(7, sizeFor(Pool.builder().chunkSize(7), 100));
        assertEquals(7, sizeFor(Pool.builder().chunkSize(7), 3));
        assertEquals(25, sizeFor(Pool.builder().chunkSize(7).numChunks(4), 100));
        assertEquals(7, sizeFor(Pool.builder().numChunks(4).chunkSize(7), 100));
    }

    @Test
    void inJobsModeTheDefaultOnTheLocalQueueIsOneChunkPerSlot() {
        assertEquals(50, sizeFor(Pool.builder().mode(Mode.JOBS).queue(Queues.local(2)), 100));
        assertEquals(1, sizeFor(Pool.builder().mode(Mode.JOBS).queue(Queues.local(2)), 1));
    }

    @Test
    void inPullModeTheDefaultIsFourChunksPerWorker() {
        // local queue: one worker per slot, so 2 workers and 8 chunks: ceil(100 / 8) = 13 tasks each
        assertEquals(13, sizeFor(Pool.builder().queue(Queues.local(2)), 100));
        assertEquals(1, sizeFor(Pool.builder().queue(Queues.local(2)), 1));
        // maxWorkers sets it: 10 workers, 40 chunks of ceil(1000 / 40) = 25
        assertEquals(25, sizeFor(Pool.builder().queue(Queues.local(2)).maxWorkers(10), 1000));
        // a million tiny tasks on a cluster's default of 100 workers: 400 chunks of 2,500
        assertEquals(2_500, io.github.qmr.runtime.session.Chunking.chunkSize(1_000_000, 0, 0, true,
                Scheduling.CLUSTER_MAX_WORKERS, null));
        // 100 tasks on 100 workers: one task per chunk, so a slow one holds back nothing else
        assertEquals(1, io.github.qmr.runtime.session.Chunking.chunkSize(100, 0, 0, true, 100, null));
    }

    @Test
    void aStreamOfUnknownLengthIsChunkedAsIfItHeldTheLookahead() {
        assertEquals(io.github.qmr.runtime.session.Chunking.LOOKAHEAD / 8,
                io.github.qmr.runtime.session.Chunking.chunkSize(-1, 0, 0, true, 2, null));
    }

    @Test
    void aDefaultChunkHoldsAtMostTenThousandTasksSoProgressMovesOnTheLocalQueueToo() {
        // issue 18: 1,000,008 tasks on two local slots were 8 chunks of 125,001, and progress read 0/8 for hours
        assertEquals(10_000, sizeFor(Pool.builder().queue(Queues.local(2)), 1_000_008));
        assertEquals(10_000, sizeFor(Pool.builder().mode(Mode.JOBS).queue(Queues.local(2)), 1_000_008));
        // below the bound nothing changes
        assertEquals(2_500, Chunking.chunkSize(1_000_000, 0, 0, true, 100, null));
    }

    @Test
    void whereTheTimeOfATaskIsKnownADefaultChunkHoldsAtMostThreeMinutesOfWork() {
        // 1,000,008 tasks of 50 ms: 3,600 a chunk (3 min), not 10,000 (8.3 min)
        assertEquals(3_600, sizeFor(Pool.builder().queue(Queues.local(2)).taskTime(Duration.ofMillis(50)),
                1_000_008));
        assertEquals(3_600, Chunking.chunkSize(1_000_008, 0, 0, true, 2, Duration.ofMillis(50)));
        // a task of 10 minutes: one a chunk, never none
        assertEquals(1, Chunking.chunkSize(1_000, 0, 0, true, 2, Duration.ofMinutes(10)));
        // the count rule still applies when it gives smaller chunks: 100 tasks of 1 s on 2 workers, 13 a chunk
        assertEquals(13, Chunking.chunkSize(100, 0, 0, true, 2, Duration.ofSeconds(1)));
        // tiny tasks: the time bound is far above the count rule
        assertEquals(2_500, Chunking.chunkSize(1_000_000, 0, 0, true, 100, Duration.ofNanos(500)));
        // jobs mode too: 10,000 tasks of 1 s on 100 jobs' default would be 100 a chunk; 3 min allows 180
        assertEquals(100, Chunking.chunkSize(10_000, 0, 0, false, 100, Duration.ofSeconds(1)));
        assertEquals(90, Chunking.chunkSize(10_000, 0, 0, false, 100, Duration.ofSeconds(2)));
    }

    @Test
    void aChunkSizeOrNumberOfChunksTheUserGivesIsTakenAsGivenWhateverTheTime() {
        assertEquals(125_001, Chunking.chunkSize(1_000_008, 0, 8, true, 2, Duration.ofSeconds(1)));
        assertEquals(50_000, Chunking.chunkSize(1_000_000, 50_000, 0, true, 2, Duration.ofSeconds(1)));
        assertEquals(125_001, sizeFor(Pool.builder().queue(Queues.local(2)).numChunks(8)
                .taskTime(Duration.ofSeconds(1)), 1_000_008));
    }

    @Test
    void aPreflightGivesTheTimeOfATaskAndOneCutOffByItsLimitCountsAsTakingTheLimit() {
        assertEquals(Duration.ofMillis(250), new Preflight.Report(2, false, Duration.ofMillis(500)).taskTime());
        assertEquals(Duration.ofSeconds(30), new Preflight.Report(0, true, Duration.ofSeconds(30)).taskTime());
        assertEquals(null, new Preflight.Report(0, false, Duration.ZERO).taskTime());
    }
}
