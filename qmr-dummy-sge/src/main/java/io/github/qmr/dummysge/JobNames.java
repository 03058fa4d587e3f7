package io.github.qmr.dummysge;

import io.github.qmr.dummysge.QueueState.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** How qdel, qstat -j and qacct -j find jobs: by number, by name, or by a name pattern. */
final class JobNames {
    private JobNames() {}

    /** Jobs by number, by name, or by a name pattern with {@code *}, as qdel and qstat -j take them. */
    static List<Job> matching(QueueState state, String wanted) {
        List<Job> found = new ArrayList<>();
        if (wanted.matches("[0-9]+")) {
            Job job = state.job(Long.parseLong(wanted));
            if (job != null) {
                found.add(job);
            }
            return found;
        }
        Pattern pattern = wildcard(wanted);
        for (Job job : state.jobs) {
            if (pattern.matcher(job.name).matches()) {
                found.add(job);
            }
        }
        return found;
    }

    /** A job name pattern: {@code *} and {@code ?} are wildcards, everything else is literal. */
    static Pattern wildcard(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("((?<=[*?])|(?=[*?]))")) {
            regex.append(part.equals("*") ? ".*" : part.equals("?") ? "." : Pattern.quote(part));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
