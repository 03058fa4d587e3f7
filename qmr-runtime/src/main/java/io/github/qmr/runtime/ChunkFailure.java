package io.github.qmr.runtime;

/**
 * A chunk that produced no results: its worker died (killed, {@code System.exit}, crashed), its queue-job stayed in
 * error past the resubmission limit, or its result file could not be read; or, with {@link #notRun()}, it never ran
 * because the map stopped early.
 *
 * @param ichunk the chunk
 * @param firstItask the first task of the chunk
 * @param taskCount how many tasks it holds (all without a result)
 * @param jobId the last queue-job id that ran it, or null
 * @param exitCode the worker's exit code if known, else null
 * @param reason what happened, in words; for a chunk not run why the map stopped, e.g. {@code the map stopped early,
 *     as the first 10 tasks to finish all failed, which looks systematic}
 * @param stderrTail the end of the chunk's stderr file ("" when it was not run)
 * @param notRun the chunk never ran (or was stopped before it finished) because the map stopped early: its tasks
 *     did not fail, they have no outcome
 */
public record ChunkFailure(int ichunk, long firstItask, int taskCount, String jobId, Integer exitCode, String reason,
        String stderrTail, boolean notRun) {
    /** A chunk that ran and failed. */
    public ChunkFailure(int ichunk, long firstItask, int taskCount, String jobId, Integer exitCode, String reason,
            String stderrTail) {
        this(ichunk, firstItask, taskCount, jobId, exitCode, reason, stderrTail, false);
    }

    /**
     * One line: {@code chunk 3 (itasks 9..11, queue-job 42): worker exited with code 3 ...}; a chunk not run names no
     * queue-job: {@code chunk 4 (itask 12): not run: the map stopped early, as ...}.
     */
    public String summary() {
        String tasks = taskCount == 1 ? "itask " + firstItask : "itasks " + firstItask + ".." + (firstItask + taskCount - 1);
        return "chunk " + ichunk + " (" + tasks + (jobId == null || notRun ? "" : ", queue-job " + jobId) + "): "
                + (notRun ? "not run: " : "") + reason;
    }

    /**
     * The chunks grouped by cause, in order of first appearance: chunks whose reason and stderr differ only in numbers
     * (chunk, job, line and file numbers) failed the same way, so each cause is shown once with its stderr, not once
     * per chunk.
     */
    public static java.util.List<java.util.List<ChunkFailure>> byCause(java.util.Collection<ChunkFailure> chunks) {
        return java.util.List.copyOf(chunks.stream().collect(java.util.stream.Collectors.groupingBy(ChunkFailure::cause,
                java.util.LinkedHashMap::new, java.util.stream.Collectors.toList())).values());
    }

    private String cause() {
        return (reason + "\n" + stderrTail).replaceAll("[0-9]+", "#");
    }

    /**
     * One line for the chunks of a cause after its first: {@code 13 more chunks failed the same way as chunk 2: 3..9,
     * 11..16}; empty for a cause of one chunk.
     */
    public static String sameWay(java.util.List<ChunkFailure> group) {
        if (group.size() < 2) {
            return "";
        }
        StringBuilder ranges = new StringBuilder();
        java.util.List<Integer> numbers = group.subList(1, group.size()).stream().map(ChunkFailure::ichunk).sorted()
                .toList();
        for (int i = 0; i < numbers.size(); ) {
            int j = i;
            while (j + 1 < numbers.size() && numbers.get(j + 1) == numbers.get(j) + 1) {
                j++;
            }
            ranges.append(ranges.isEmpty() ? "" : ", ").append(numbers.get(i))
                    .append(j > i ? ".." + numbers.get(j) : "");
            i = j + 1;
        }
        int more = group.size() - 1;
        return more + (more == 1 ? " more chunk" : " more chunks") + " failed the same way as chunk "
                + group.get(0).ichunk() + ": " + ranges;
    }
}
