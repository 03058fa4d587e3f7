package io.github.qmr.runtime.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class NextChunkTest {
    /** Chunks in memory: which are taken, and how many looks and claims were made. */
    static class Table implements NextChunk.Chunks {
        final BitSet taken = new BitSet();
        int looks;
        int claims;

        Table takenUpTo(int n) {
            taken.set(0, n);
            return this;
        }

        @Override
        public boolean taken(int ichunk) {
            looks++;
            return taken.get(ichunk);
        }

        @Override
        public boolean claim(int ichunk) {
            claims++;
            if (taken.get(ichunk)) {
                return false;
            }
            taken.set(ichunk);
            return true;
        }
    }

    @Test
    void anOpenChunkWhereTheWorkerStandsIsTakenWithOneLook() {
        Table t = new Table().takenUpTo(5);
        assertEquals(5, NextChunk.claimNext(t, 5, 100));
        assertEquals(1, t.looks);
        assertEquals(1, t.claims);
    }

    @Test
    void aFrontierFarAheadIsFoundInLogarithmicallyManyLooks() {
        // 1,000 workers took the chunks after this worker's last one: it finds the first open one, chunk 1,000
        Table t = new Table().takenUpTo(1_000);
        assertEquals(1_000, NextChunk.claimNext(t, 0, 100_000));
        assertTrue(t.looks <= 2 * 11 + 1, "looks: " + t.looks);
        assertEquals(1, t.claims, "the open chunk found is claimed without looking again");
    }

    @Test
    void theLastChunksAndNoneLeft() {
        Table t = new Table().takenUpTo(99);
        assertEquals(99, NextChunk.claimNext(t, 0, 100));
        assertEquals(-1, NextChunk.claimNext(t, 0, 100));
        assertEquals(-1, NextChunk.claimNext(t, 100, 100));
        assertEquals(-1, NextChunk.claimNext(new Table(), 7, 7));
    }

    @Test
    void aChunkTakenBetweenTheLookAndTheClaimSendsTheWorkerOn() {
        // another worker links the claim first: this one's claim fails, and it takes the next open chunk
        Table t = new Table() {
            boolean raced;

            @Override
            public boolean claim(int ichunk) {
                if (!raced) {
                    raced = true;
                    taken.set(ichunk);
                    return false;
                }
                return super.claim(ichunk);
            }
        }.takenUpTo(3);
        assertEquals(4, NextChunk.claimNext(t, 0, 10));
        assertTrue(t.taken.get(3) && t.taken.get(4));
    }

    @Test
    void workersTakingChunksInTurnsTakeEachOnceAndLookAFewTimesPerChunk() {
        // 64 workers each take a chunk in turn from where they last stood, as pull workers do
        Table t = new Table();
        int workers = 64;
        int chunks = 10_000;
        int[] at = new int[workers];
        int taken = 0;
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int w = 0; w < workers; w++) {
                int c = NextChunk.claimNext(t, at[w], chunks);
                if (c >= 0) {
                    at[w] = c + 1;
                    taken++;
                    progress = true;
                }
            }
        }
        assertEquals(chunks, taken);
        assertEquals(chunks, t.taken.cardinality());
        // a worker stepping one by one would look about 64 times per chunk
        assertTrue(t.looks < 16.0 * chunks, "looks per chunk: " + (double) t.looks / chunks);
    }
}
