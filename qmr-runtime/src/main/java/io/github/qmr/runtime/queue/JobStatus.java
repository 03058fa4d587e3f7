package io.github.qmr.runtime.queue;

/**
 * A queue-job's state as seen by one poll.
 *
 * @param state qmr's state
 * @param queueState the queue's own code, e.g. {@code Eqw}, for messages
 * @param exitCode the exit code once {@link JobState#FINISHED} and known, else {@code null}
 */
public record JobStatus(JobState state, String queueState, Integer exitCode) {
    public static JobStatus of(JobState state, String queueState) {
        return new JobStatus(state, queueState, null);
    }

    /**
     * A whole array job's status from its listed elements' (or pending groups'), the same for every flavour: the
     * most pressing state (error, then running, then pending, then finished), the elements' own codes each once
     * ({@code r,qw}), and when all are finished the first non-zero exit code, else 0. Null for no elements.
     */
    public static JobStatus rollUp(java.util.List<JobStatus> elements) {
        if (elements.isEmpty()) {
            return null;
        }
        java.util.Set<String> codes = new java.util.LinkedHashSet<>();
        JobState state = JobState.FINISHED;
        Integer exitCode = 0;
        for (JobStatus e : elements) {
            codes.add(e.queueState());
            if (rank(e.state()) > rank(state)) {
                state = e.state();
            }
            if (e.state() == JobState.FINISHED && e.exitCode() != null && e.exitCode() != 0 && exitCode == 0) {
                exitCode = e.exitCode();
            }
        }
        return new JobStatus(state, String.join(",", codes), state == JobState.FINISHED ? exitCode : null);
    }

    private static int rank(JobState state) {
        return switch (state) {
            case FINISHED -> 0;
            case PENDING -> 1;
            case RUNNING -> 2;
            case ERROR -> 3;
        };
    }
}
