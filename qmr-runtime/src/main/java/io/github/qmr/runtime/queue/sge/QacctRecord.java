package io.github.qmr.runtime.queue.sge;

/**
 * The fields of one {@code qacct -j} record that say how a job ended.
 *
 * @param jobNumber {@code jobnumber}
 * @param taskId {@code taskid}: an array task id, or {@code undefined}
 * @param failed {@code failed}: {@code 0}, or a code with SGE's reason, e.g. {@code 26  : opening input/output file}
 * @param exitStatus {@code exit_status} of the job script, or {@code null} if the record has none
 * @param wallclock {@code ru_wallclock}, e.g. {@code 3s}; "" if the record has none
 * @param maxvmem {@code maxvmem}, e.g. {@code 3.160MB}; "" if the record has none
 * @param cpu {@code cpu}, e.g. {@code 0.596s}; "" if the record has none
 * @param hostname {@code hostname}; "" if the record has none
 */
public record QacctRecord(String jobNumber, String taskId, String failed, Integer exitStatus, String wallclock,
        String maxvmem, String cpu, String hostname) {
    /** A record of how the job ended alone, without its usage. */
    public QacctRecord(String jobNumber, String taskId, String failed, Integer exitStatus) {
        this(jobNumber, taskId, failed, exitStatus, "", "", "", "");
    }

    /** Whether SGE itself reports a failure (the job did not start, or was killed by SGE). */
    public boolean failedBySge() {
        return !failed.isEmpty() && !failed.equals("0");
    }

    /**
     * Whether SGE killed the job for a limit: {@code failed 37 : qmaster enforced h_rt, h_cpu, or h_vmem limit}
     * (seen on this project's SGE 8.1.9 for an h_rt kill), or {@code 44 : execd enforced h_rt limit}.
     */
    public boolean killedForLimit() {
        return failed.startsWith("37") || failed.startsWith("44") || failed.contains("enforced");
    }

}
