package io.github.qmr.runtime;

/**
 * A chunk that produced no results: its worker died (killed, {@code System.exit}, crashed), its queue-job stayed in
 * error past the resubmission limit, or its result file could not be read.
 *
 * @param ichunk the chunk
 * @param firstItask the first task of the chunk
 * @param taskCount how many tasks it holds (all without a result)
 * @param jobId the last queue-job id that ran it
 * @param exitCode the worker's exit code if known, else null
 * @param reason what happened, in words
 * @param stderrTail the end of the chunk's stderr file
 */
public record ChunkFailure(int ichunk, long firstItask, int taskCount, String jobId, Integer exitCode, String reason,
        String stderrTail) {
    /** One line: {@code chunk 3 (itasks 9..11, queue-job 42): worker exited with code 3 ...}. */
    public String summary() {
        return "chunk " + ichunk + " (itasks " + firstItask + ".." + (firstItask + taskCount - 1) + ", queue-job "
                + jobId + "): " + reason;
    }
}
