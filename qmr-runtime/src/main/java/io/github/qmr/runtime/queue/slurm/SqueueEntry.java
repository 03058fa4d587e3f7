package io.github.qmr.runtime.queue.slurm;

/**
 * One line of {@link SlurmDialect#statusArgs()}: a job, one array element, or (without {@code -r}) a group of
 * pending array elements.
 *
 * @param jobId {@code JobID}: the job's own id; a running array element has one of its own
 * @param arrayJobId {@code ArrayJobID}: the array's base id, or the job id again for a job that is not an array
 * @param arrayTasks {@code ArrayTaskID}: the element's index, a pending group such as {@code 3-6%2}, or {@code N/A}
 * @param state Slurm's state name, e.g. {@code RUNNING}, {@code SPECIAL_EXIT}; see {@link SlurmStates#stateOf}
 * @param waitStatus {@code exit_code}: the raw wait status, e.g. 768 for exit 3, 9 for signal 9
 * @param reason {@code Reason}: why it waits or how it ended, e.g. {@code JobHeldUser}, {@code NonZeroExitCode}
 */
public record SqueueEntry(String jobId, String arrayJobId, String arrayTasks, String state, int waitStatus,
        String reason) {
    /** Whether this line is (part of) an array job. */
    public boolean isArray() {
        return !arrayTasks.equals("N/A");
    }

    /**
     * The qmr id of a single job or element ({@code 123}, {@code 123_4}); {@code null} for a group of elements,
     * which {@link Squeue#coversTask} reads instead.
     */
    public String qmrId() {
        if (!isArray()) {
            return jobId;
        }
        return arrayTasks.matches("[0-9]+") ? arrayJobId + "_" + arrayTasks : null;
    }

    /** The exit code the wait status stands for: its exit status, or 128 + the signal that ended it, as a shell says. */
    public int exitCode() {
        return SlurmStates.exitCode(waitStatus);
    }
}
