package io.github.qmr.runtime.queue.slurm;

import io.github.qmr.runtime.queue.QueueException;
import io.github.qmr.runtime.queue.TaskRange;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Slurm's {@code squeue -O} output in qmr's format, read into {@link SqueueEntry}s; pure, tested on captured output. */
public final class Squeue {
    /** squeue's fields, in the order {@link #parse} reads them; {@code exit_code} is the raw wait status. */
    public static final String FORMAT = "JobID:|,ArrayJobID:|,ArrayTaskID:|,State:|,exit_code:|,Reason:|";
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private Squeue() {}

    /**
     * Reads the output of {@link SlurmDialect#statusArgs()}: {@code JobID|ArrayJobID|ArrayTaskID|State|exit_code|Reason|} per
     * line. Blank output counts as no jobs.
     *
     * @throws QueueException if a line does not have that shape
     */
    public static List<SqueueEntry> parse(String output) {
        List<SqueueEntry> entries = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.strip().split("\\|", 6);
            if (f.length < 6 || !DIGITS.matcher(f[0]).matches() || !DIGITS.matcher(f[1]).matches()
                    || !DIGITS.matcher(f[4]).matches() || f[3].isEmpty()) {
                throw new QueueException("cannot read squeue's line '" + line.strip() + "'; expected"
                        + " JobID|ArrayJobID|ArrayTaskID|State|exit_code|Reason| as asked by -O " + FORMAT
                        + "; is this Slurm's squeue (22.05 or later)?");
            }
            String reason = f[5].endsWith("|") ? f[5].substring(0, f[5].length() - 1) : f[5];
            entries.add(new SqueueEntry(f[0], f[1], f[2], f[3], Integer.parseInt(f[4]), reason));
        }
        return entries;
    }

    /**
     * Whether a line stands for array element {@code task}: its own index, or a pending group such as {@code 3-6},
     * {@code 3,5-9:2} or {@code 3-6%2} ({@code %2}: at most 2 running at once), as squeue prints without {@code -r}.
     */
    public static boolean coversTask(SqueueEntry entry, int task) {
        if (!entry.isArray()) {
            return false;
        }
        String tasks = entry.arrayTasks();
        int percent = tasks.indexOf('%');
        if (percent >= 0) {
            tasks = tasks.substring(0, percent);
        }
        try {
            return TaskRange.parseList(tasks).stream().anyMatch(range -> range.contains(task));
        } catch (IllegalArgumentException e) {
            throw new QueueException("squeue listed array job " + entry.arrayJobId() + " with elements '"
                    + entry.arrayTasks() + "', not a list like 1,3-5%2 (" + e.getMessage() + ")", e);
        }
    }
}
