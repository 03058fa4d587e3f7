package io.github.qmr.runtime.workdir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The worker's command line: what the process node builds, the worker reads back. */
class WorkerArgsTest {
    @Test
    void whatIsBuiltIsReadBack() {
        assertEquals(new WorkerArgs(WorkerArgs.Kind.CHUNK, -1, 7, 8, 0, 0), WorkerArgs.parse(WorkerArgs.chunk(7)));
        assertEquals(new WorkerArgs(WorkerArgs.Kind.PULL, 3, 10, 400, 600_000, 7_200_000),
                WorkerArgs.parse(WorkerArgs.pull(3, 10, 400, 600_000, 7_200_000)));
        assertEquals(WorkerArgs.Kind.TRAIN, WorkerArgs.parse(List.of("train")).kind());
        // the array forms are resolved by the launcher from the queue's task id before the worker sees them
        assertEquals(List.of("array", "5"), WorkerArgs.array(5));
        assertEquals(List.of("pull-array", "0", "5", "40", "1000", "0"), WorkerArgs.pullArray(0, 5, 40, 1000, 0));
    }

    @Test
    void aBadCommandLineSaysWhatWasExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkerArgs.parse(List.of("claim", "1")));
        assertTrue(e.getMessage().startsWith("usage: WorkerMain <session dir> <ichunk> | pull <worker>"), e.getMessage());
        assertEquals("the argument 'x' is not a number of 0 or more",
                assertThrows(IllegalArgumentException.class, () -> WorkerArgs.parse(List.of("x"))).getMessage());
    }

    @Test
    void aWorkerStopsClaimingAfterItsBudgetOrWhenTheWalltimeCouldCutItsNextChunk() {
        assertTrue(WorkerArgs.mayClaim(0, 0, 0, 0), "no budget, no walltime");
        assertTrue(WorkerArgs.mayClaim(599_999, 0, 600_000, 0));
        assertFalse(WorkerArgs.mayClaim(600_000, 0, 600_000, 0), "the budget is spent");
        // walltime 1 h: margin 60 s; 50 min gone and chunks of 5 min take 55 min + 60 s < 60 min: go on
        assertTrue(WorkerArgs.mayClaim(3_000_000, 300_000, 0, 3_600_000));
        // 54 min gone: 54 + 5 + 1 = 60 min, the chunk might not end in time
        assertFalse(WorkerArgs.mayClaim(3_240_000, 300_000, 0, 3_600_000));
        // a short walltime of 100 s has a margin of 10 s
        assertTrue(WorkerArgs.mayClaim(80_000, 5_000, 0, 100_000));
        assertFalse(WorkerArgs.mayClaim(86_000, 5_000, 0, 100_000));
    }
}
