package io.github.qmr.runtime.queue.slurm;

import io.github.qmr.runtime.queue.QueueException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The job ids {@link SlurmQueue} hands out: {@code 123} for a plain job (or a whole array job), {@code 123_4} for
 * element 4 of array job 123. This is the form squeue, scancel and sacct accept, so ids pass to Slurm unchanged.
 *
 * @param jobId Slurm's job id; for an array element, the array's base job id
 * @param task the array index, or 0 for a whole job (qmr numbers array elements from 1)
 */
public record SlurmJobId(String jobId, int task) {
    private static final Pattern FORM = Pattern.compile("([0-9]+)(?:_([0-9]+))?");

    public SlurmJobId {
        if (!jobId.matches("[0-9]+") || task < 0) {
            throw new IllegalArgumentException("not a Slurm job id: " + jobId + (task > 0 ? "_" + task : ""));
        }
    }

    /** Reads {@code 123} or {@code 123_4}. */
    public static SlurmJobId parse(String id) {
        Matcher m = FORM.matcher(id);
        if (!m.matches() || (m.group(2) != null && Integer.parseInt(m.group(2)) == 0)) {
            throw new QueueException("'" + id + "' is not a Slurm job id of qmr's; expected a job id like 123 or an"
                    + " array element like 123_4, as returned by submit");
        }
        return new SlurmJobId(m.group(1), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
    }

    public boolean isElement() {
        return task > 0;
    }

    @Override
    public String toString() {
        return isElement() ? jobId + "_" + task : jobId;
    }
}
