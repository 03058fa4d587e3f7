package io.github.qmr.runtime.queue.sge;

/**
 * The fields of one {@code qacct -j} record that say how a job ended.
 *
 * @param jobNumber {@code jobnumber}
 * @param taskId {@code taskid}: an array task id, or {@code undefined}
 * @param failed {@code failed}: {@code 0}, or a code with SGE's reason, e.g. {@code 26  : opening input/output file}
 * @param exitStatus {@code exit_status} of the job script, or {@code null} if the record has none
 */
public record QacctRecord(String jobNumber, String taskId, String failed, Integer exitStatus) {
    /** Whether SGE itself reports a failure (the job did not start, or was killed by SGE). */
    public boolean failedBySge() {
        return !failed.isEmpty() && !failed.equals("0");
    }
}
