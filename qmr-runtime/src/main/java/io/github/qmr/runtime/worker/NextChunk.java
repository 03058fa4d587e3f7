package io.github.qmr.runtime.worker;

/**
 * Which chunk a pull worker takes next: the first from where it stands that no worker holds and none has finished.
 *
 * <p>Workers take chunks in order, so the taken ones form a prefix that grows; a worker back from a chunk finds the
 * frontier moved on by about as many chunks as there are workers. Stepping over them one by one costs a look (a
 * stat on the shared file system) per taken chunk, so every chunk was looked at by every worker: metadata calls
 * that grew with chunks x workers. From a taken chunk this looks 1, 2, 4, 8... ahead until a chunk is open, then
 * halves back to the first open one: a few looks per chunk taken, whatever the number of workers. A chunk the
 * halving steps over (taken ones are not quite a prefix: a worker lost mid-chunk leaves a hole) is left as before to
 * the process node, which starts its next workers at the first open chunk.
 */
public final class NextChunk {
    private NextChunk() {}

    /** What a worker can ask of the work dir about a chunk. */
    public interface Chunks {
        /** Whether the chunk is held by a worker, finished by one, or blocked (its claim file is there). */
        boolean taken(int ichunk);

        /** Takes the chunk; false when another worker took it first. */
        boolean claim(int ichunk);
    }

    /** Takes the first open chunk in {@code [from, end)}; returns it, or -1 when none is left there. */
    public static int claimNext(Chunks chunks, int from, int end) {
        int i = from;
        boolean seenOpen = false;
        while (i < end) {
            if ((seenOpen || !chunks.taken(i)) && chunks.claim(i)) {
                return i;
            }
            i = firstOpenAfter(chunks, i, end);
            seenOpen = true; // firstOpenAfter returns a chunk it saw open, or the end
        }
        return -1;
    }

    /** {@code taken} is taken: the first chunk after it seen open, looking 1, 2, 4... ahead, then halving; or end. */
    static int firstOpenAfter(Chunks chunks, int taken, int end) {
        int lo = taken; // seen taken
        int hi;
        long step = 1;
        while (true) {
            long probe = taken + step;
            if (probe >= end) {
                hi = end;
                break;
            }
            if (!chunks.taken((int) probe)) {
                hi = (int) probe;
                break;
            }
            lo = (int) probe;
            step <<= 1;
        }
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (chunks.taken(mid)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }
}
