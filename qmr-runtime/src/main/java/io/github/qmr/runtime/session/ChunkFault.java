package io.github.qmr.runtime.session;

/**
 * A chunk that produced no results, as the engine found it (the API's {@code ChunkFailure} is made from it).
 *
 * @param ichunk the chunk
 * @param firstItask its first task
 * @param taskCount how many tasks it holds
 * @param jobId the last queue-job that ran it, or null
 * @param exitCode the worker's exit code if known
 * @param reason what happened, in words
 * @param stderrTail the end of the chunk's stderr file ("" when it was not run)
 * @param notRun the chunk never ran: the map stopped early
 */
public record ChunkFault(int ichunk, long firstItask, int taskCount, String jobId, Integer exitCode, String reason,
        String stderrTail, boolean notRun) {}
