package io.github.qmr.runtime.queue.slurm;

/**
 * One line of {@code sacct -P -o JobID,JobName,State,ExitCode,Reason,Elapsed,NodeList}.
 *
 * @param jobId e.g. {@code 123} or {@code 123_4}
 * @param name the job name
 * @param state e.g. {@code FAILED}, {@code CANCELLED by 0}
 * @param exitCode {@code exit:signal}, e.g. {@code 3:0}, {@code 0:9}
 * @param reason empty when the source has none (the job completion log keeps no reason)
 * @param elapsed how long the job ran, e.g. {@code 00:01:32}; empty when the line has none
 * @param nodes where it ran, e.g. {@code node[1-2]}; empty when the line has none
 */
public record SacctRecord(String jobId, String name, String state, String exitCode, String reason, String elapsed,
        String nodes) {
    /** A record of a line without {@code Elapsed} and {@code NodeList}. */
    public SacctRecord(String jobId, String name, String state, String exitCode, String reason) {
        this(jobId, name, state, exitCode, reason, "", "");
    }
}
