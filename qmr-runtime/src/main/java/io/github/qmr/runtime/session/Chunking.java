package io.github.qmr.runtime.session;

/** How many tasks go in a chunk: one pure rule for every mode and queue. */
public final class Chunking {
    /** Pull mode: chunks per worker by default, so the load balances and a slow chunk holds back little. */
    public static final int PULL_CHUNKS_PER_WORKER = 4;
    /** Tasks counted ahead to size the chunks of a stream whose length is not known. */
    public static final int LOOKAHEAD = 10_000;

    private Chunking() {}

    /**
     * Tasks per chunk.
     *
     * @param taskCount the number of tasks, or -1 if not known (then {@link #LOOKAHEAD} is assumed)
     * @param chunkSize as set by the user, or 0
     * @param numChunks as set by the user, or 0: ceil(n / numChunks) like the original (10 tasks in 4 chunks: 3,3,3,1)
     * @param pull pull mode: by default {@link #PULL_CHUNKS_PER_WORKER} chunks per worker
     * @param workers pull mode: the most workers; else the default number of chunks (one job each)
     */
    public static int chunkSize(long taskCount, int chunkSize, int numChunks, boolean pull, int workers) {
        if (chunkSize > 0) {
            return chunkSize;
        }
        long n = taskCount < 0 ? LOOKAHEAD : taskCount;
        if (n == 0) {
            return 1;
        }
        long target = numChunks > 0 ? numChunks : pull ? (long) PULL_CHUNKS_PER_WORKER * workers : workers;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (n + target - 1) / Math.max(1, target)));
    }
}
