package io.github.qmr.runtime.queue.sge;

import io.github.qmr.runtime.queue.QueueException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The job ids {@link SgeQueue} hands out: {@code 123} for a plain job, {@code 320.2} for task 2 of array job 320.
 * This is the form {@code qdel} accepts for a single task, so ids pass to SGE unchanged.
 *
 * @param jobNumber SGE's job number
 * @param task the array task id, or 0 for a whole job (SGE numbers tasks from 1)
 */
public record SgeJobId(String jobNumber, int task) {
    private static final Pattern FORM = Pattern.compile("([0-9]+)(?:\\.([0-9]+))?");

    public SgeJobId {
        if (!jobNumber.matches("[0-9]+") || task < 0) {
            throw new IllegalArgumentException("not an SGE job id: " + jobNumber + (task > 0 ? "." + task : ""));
        }
    }

    /** Reads {@code 123} or {@code 320.2}. */
    public static SgeJobId parse(String id) {
        Matcher m = FORM.matcher(id);
        if (!m.matches() || (m.group(2) != null && Integer.parseInt(m.group(2)) == 0)) {
            throw new QueueException("'" + id + "' is not an SGE job id; expected a job number like 123 or an array"
                    + " task like 320.2, as returned by submit");
        }
        return new SgeJobId(m.group(1), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
    }

    public boolean isTask() {
        return task > 0;
    }

    @Override
    public String toString() {
        return isTask() ? jobNumber + "." + task : jobNumber;
    }
}
