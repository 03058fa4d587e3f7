package io.github.qmr.runtime.queue;

/**
 * The queue refused a submission because a limit on the number of jobs is reached (SGE's {@code max_u_jobs} or
 * {@code max_jobs}, Slurm's {@code MaxSubmitJobs} of an account or QOS): nothing is wrong with the job, and it can be
 * submitted once some of the user's jobs have ended. The map submits what fits and the rest as jobs end.
 */
public class JobLimitException extends QueueException {
    private static final long serialVersionUID = 1L;

    public JobLimitException(String message) {
        super(message);
    }
}
