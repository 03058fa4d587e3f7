package io.github.qmr.runtime.session;

/** How a session's tasks fall into chunks: {@code chunkSize} tasks each, in order; the last chunk may hold fewer. */
public record ChunkLayout(long taskCount, int chunks, int chunkSize) {
    public long firstItask(int ichunk) {
        return (long) ichunk * chunkSize;
    }

    public int tasksIn(int ichunk) {
        return (int) Math.min(chunkSize, taskCount - firstItask(ichunk));
    }

    public int chunkOf(long itask) {
        return (int) (itask / chunkSize);
    }
}
