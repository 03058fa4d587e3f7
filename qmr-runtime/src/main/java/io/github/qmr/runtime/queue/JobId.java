package io.github.qmr.runtime.queue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job id as a command-line queue hands it out: {@code 123} for a plain job (or a whole array job), and for element
 * 4 of array job 123 the queue's own form, {@code 123.4} on Grid Engine, {@code 123_4} on Slurm. That is the form the
 * queue's programs accept, so ids pass to them unchanged.
 *
 * @param number the queue's job number; for an array element, the array's number
 * @param element the array element (1-based, the queue's task id), or 0 for a whole job
 * @param separator what stands between number and element: {@code .} (SGE) or {@code _} (Slurm)
 */
public record JobId(String number, int element, char separator) {
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    public JobId {
        if (!DIGITS.matcher(number).matches() || element < 0) {
            throw new IllegalArgumentException("not a job id: " + number + (element > 0 ? separator + element : ""));
        }
    }

    /**
     * Reads {@code 123} or {@code 123<separator>4}; anything else (an option, a name pattern) is a bug, not a job.
     *
     * @param flavour the queue's name for messages, e.g. {@code SGE}
     * @param member what the queue calls an array's members, e.g. {@code task}
     */
    public static JobId parse(String id, char separator, String flavour, String member) {
        Matcher m = Pattern.compile("([0-9]+)(?:" + Pattern.quote(String.valueOf(separator)) + "([0-9]+))?")
                .matcher(id);
        if (!m.matches() || (m.group(2) != null && Integer.parseInt(m.group(2)) == 0)) {
            throw new QueueException("'" + id + "' is not an " + flavour + " job id of qmr's; expected a job id like"
                    + " 123 or an array " + member + " like 123" + separator + "4, as returned by submit");
        }
        return new JobId(m.group(1), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)), separator);
    }

    /** Whether this is one element of an array job rather than a whole job. */
    public boolean isElement() {
        return element > 0;
    }

    @Override
    public String toString() {
        return isElement() ? number + separator + element : number;
    }
}
