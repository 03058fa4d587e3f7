package io.github.qmr.runtime.queue.slurm;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Slurm's {@code sacct -P} records: the argv that asks and the reader of its output; pure, tested on captured output. */
public final class Sacct {
    /**
     * sacct's fields, in the order {@link #parse} reads them; Reason (one of Slurm's reason names, never with a
     * {@code |}) before the fields added later, so a line of the first five still reads.
     */
    public static final String FORMAT = "JobID,JobName,State,ExitCode,Reason,Elapsed,NodeList";
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private Sacct() {}

    /**
     * sacct's record of one job or element: {@code sacct -X -P -n -j ID -o} {@link #FORMAT}, from
     * the accounting database; with {@code completionLog}, {@code -c} reads the job completion log instead
     * (jobcomp/filetxt, for sites without slurmdbd; it has no reason). Never {@code --json}.
     */
    public static List<String> args(String jobId, boolean completionLog) {
        List<String> argv = new ArrayList<>(List.of("sacct"));
        if (completionLog) {
            argv.add("-c");
        }
        argv.addAll(List.of("-X", "-P", "-n", "-j", SlurmDialect.FLAVOUR.parseId(jobId).toString(), "-o", FORMAT));
        return argv;
    }

    /** Whether sacct failed only because the site keeps no accounting database (then try {@code sacct -c}). */
    public static boolean accountingDisabled(String output) {
        return output.contains("accounting storage is disabled");
    }

    /**
     * Reads {@code sacct -P -n -o} {@link #FORMAT}, or its first five fields: one record per line, oldest first.
     */
    public static List<SacctRecord> parse(String output) {
        List<SacctRecord> records = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\\|", 7);
            if (f.length < 4) {
                continue; // not a record of the format asked for (e.g. a notice); explain is best effort
            }
            records.add(new SacctRecord(f[0], f[1], f[2], f[3], field(f, 4), field(f, 5), field(f, 6)));
        }
        return records;
    }

    private static String field(String[] f, int i) {
        return f.length > i ? f[i].strip() : "";
    }

    /** sacct's {@code exit:signal}, said in words: {@code 3:0} is "exit code 3", {@code 0:9} "signal 9". */
    public static String describeExitCode(String exitSignal) {
        String[] parts = exitSignal.split(":");
        if (parts.length != 2 || !DIGITS.matcher(parts[0]).matches() || !DIGITS.matcher(parts[1]).matches()) {
            return "exit code " + exitSignal;
        }
        return parts[1].equals("0") ? "exit code " + parts[0] : "signal " + parts[1];
    }
}
