package io.github.qmr.runtime.session;

import java.time.Duration;

/** How many tasks go in a chunk: one pure rule for every mode and queue. */
public final class Chunking {
    /** Pull mode: chunks per worker by default, so the load balances and a slow chunk holds back little. */
    public static final int PULL_CHUNKS_PER_WORKER = 4;
    /** Tasks counted ahead to size the chunks of a stream whose length is not known. */
    public static final int LOOKAHEAD = 10_000;
    /**
     * The most work a default chunk holds where the time of a task is known (e.g. from the pre-flight): a chunk is
     * what progress counts and what a stop may cost, so it should end every few minutes.
     */
    public static final Duration CHUNK_WORK = Duration.ofMinutes(3);
    /**
     * The most tasks a default chunk holds: where the time of a task is not known, this still keeps progress moving
     * (1,000,000 tasks on two local slots made 8 chunks of 125,000, and progress read 0/8 for hours).
     */
    public static final int MAX_DEFAULT_CHUNK = 10_000;

    private Chunking() {}

    /**
     * Tasks per chunk. A size or number of chunks the user gives is taken as given; by default the chunks are cut by
     * count (below), then bounded by {@link #MAX_DEFAULT_CHUNK} tasks and, where the time of a task is known, by
     * {@link #CHUNK_WORK} of work.
     *
     * @param taskCount the number of tasks, or -1 if not known (then {@link #LOOKAHEAD} is assumed)
     * @param chunkSize as set by the user, or 0
     * @param numChunks as set by the user, or 0: ceil(n / numChunks) like the original (10 tasks in 4 chunks: 3,3,3,1)
     * @param pull pull mode: by default {@link #PULL_CHUNKS_PER_WORKER} chunks per worker
     * @param workers pull mode: the most workers; else the default number of chunks (one job each)
     * @param taskTime about how long one task takes, or null if not known
     */
    public static int chunkSize(long taskCount, int chunkSize, int numChunks, boolean pull, int workers,
            Duration taskTime) {
        if (chunkSize > 0) {
            return chunkSize;
        }
        long n = taskCount < 0 ? LOOKAHEAD : taskCount;
        if (n == 0) {
            return 1;
        }
        long target = numChunks > 0 ? numChunks : pull ? (long) PULL_CHUNKS_PER_WORKER * workers : workers;
        long size = Math.max(1, Math.min(Integer.MAX_VALUE, (n + target - 1) / Math.max(1, target)));
        if (numChunks > 0) {
            return (int) size;
        }
        size = Math.min(size, MAX_DEFAULT_CHUNK);
        if (taskTime != null && taskTime.toNanos() > 0) {
            size = Math.min(size, Math.max(1, CHUNK_WORK.toNanos() / taskTime.toNanos()));
        }
        return (int) size;
    }
}
