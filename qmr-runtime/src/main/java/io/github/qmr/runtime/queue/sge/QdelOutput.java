package io.github.qmr.runtime.queue.sge;

import io.github.qmr.runtime.process.CommandResult;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Grid Engine's {@code qdel} output, read line by line for the jobs it deleted; pure, tested on captured output. */
public final class QdelOutput {
    /**
     * Lines of qdel output that mean a job is gone or going, which is all a delete wants; groups 1, 2, or 3 and 4
     * name it: {@code root has deleted job 20}, {@code root has deleted job-array task 25.3}, {@code root forced the deletion of job-array task 1.5},
     * {@code job 24 is already in
     * deletion}, {@code root has registered the job 24 for deletion}, {@code job "25" task "9" does not exist},
     * {@code denied: job "999" does not exist}.
     */
    private static final Pattern DELETE_OK = Pattern.compile(".*?(?:job(?:-array task)? ([0-9]+(?:\\.[0-9]+)?)"
            + " (?:is already in deletion|for deletion)|(?:has deleted|forced the deletion of) job(?:-array task)?"
            + " ([0-9]+(?:\\.[0-9]+)?)"
            + "|job \"([0-9]+)\"(?: task \"([0-9]+)\")? does not exist).*");

    private QdelOutput() {}

    /**
     * qdel exits 1 when any id is unknown, even if all the others were deleted: judged line by line. When every line
     * says a job is gone or going, the whole batch is; otherwise only the ids such a line names (a line about a whole
     * job covers its tasks).
     */
    public static Set<String> deleted(List<String> batch, CommandResult result) {
        if (result.timedOut()) {
            return Set.of();
        }
        Set<String> named = new LinkedHashSet<>();
        boolean allGoneOrGoing = true;
        for (String line : (result.stdout() + "\n" + result.stderr()).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Matcher m = DELETE_OK.matcher(line.strip());
            if (!m.matches()) {
                allGoneOrGoing = false;
            } else if (m.group(1) != null || m.group(2) != null) {
                named.add(m.group(1) != null ? m.group(1) : m.group(2));
            } else {
                named.add(m.group(3) + (m.group(4) != null ? "." + m.group(4) : ""));
            }
        }
        if (allGoneOrGoing) {
            return Set.copyOf(batch);
        }
        Set<String> deleted = new LinkedHashSet<>();
        for (String id : batch) {
            int dot = id.indexOf('.');
            if (named.contains(id) || (dot > 0 && named.contains(id.substring(0, dot)))) {
                deleted.add(id);
            }
        }
        return deleted;
    }
}
