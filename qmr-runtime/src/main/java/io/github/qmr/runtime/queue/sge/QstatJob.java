package io.github.qmr.runtime.queue.sge;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Grid Engine's {@code qstat -j N}: the lines that say why a job is in error; pure, tested on captured output. */
public final class QstatJob {
    private static final Pattern ERROR_REASON = Pattern.compile("^error reason\\s+([0-9]+):\\s*(.*)$");

    /**
     * The {@code error reason} lines of {@code qstat -j}, e.g. {@code 1: 11/25/2026 17:12:20 [0:4242]: error:
     * can't chdir to /nonexistent: No such file or directory} (the number is the array task, 1 for a plain job).
     */
    public static List<String> errorReasons(String qstatJ) {
        List<String> reasons = new ArrayList<>();
        for (String line : qstatJ.split("\n")) {
            Matcher m = ERROR_REASON.matcher(line.strip());
            if (m.matches()) {
                reasons.add(m.group(1) + ": " + m.group(2).strip());
            }
        }
        return reasons;
    }

    private QstatJob() {}
}
