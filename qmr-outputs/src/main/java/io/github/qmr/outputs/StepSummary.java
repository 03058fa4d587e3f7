package io.github.qmr.outputs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A Markdown summary of a map appended to the file {@code GITHUB_STEP_SUMMARY} names (GitHub Actions shows it on the
 * run's page): the counts (succeeded, failed and not run apart), the failure groups (real causes first, the tasks not
 * run below them), and where the report is.
 */
public final class StepSummary {
    public static final String VARIABLE = "GITHUB_STEP_SUMMARY";

    private StepSummary() {}

    /** One group of failures as the report shows it: what was thrown, how often, by which tasks. */
    public record Group(String type, String message, long count, List<String> tasks) {}

    /**
     * @param groups the failure groups, real causes first, then those of tasks not run ({@code type} not-run)
     */
    public static void append(Path file, String execution, long tasks, long failed, long notRun,
            long resubmittedChunks, double wallSeconds, List<Group> groups, Path report) throws IOException {
        append(file, execution, tasks, failed, notRun, resubmittedChunks, wallSeconds, groups, report, List.of(),
                0);
    }

    /**
     * A suggestion about the memory request where it is clear: the largest peak against the request, e.g. {@code the
     * largest task's worker held 1.7 GiB at its peak (itask 12); h_vmem=8G holds 4.7x that: a smaller request may
     * start sooner}; null when nothing was measured, nothing requested, or the request fits (1.2x to 2x the peak).
     */
    public static String memorySuggestion(long maxPeakBytes, long itask, Long requestBytes, String requestText) {
        if (maxPeakBytes <= 0 || requestBytes == null || requestText == null) {
            return null;
        }
        double ratio = requestBytes / (double) maxPeakBytes;
        String peak = String.format(java.util.Locale.ROOT, "the largest task's worker held %.2f GiB at its peak"
                + " (itask %d); %s holds %.1fx that", maxPeakBytes / 1073741824.0, itask, requestText, ratio);
        if (ratio >= 2) {
            return peak + ": a smaller request may start sooner and leaves room to others";
        }
        if (ratio < 1.2) {
            return peak + ": close to the limit; raise it, or let qmr escalate (<escalateMemory>)";
        }
        return null;
    }


    /**
     * The line of what the map used, e.g. {@code CPU 0.52 h of 1.03 h of task time; 1.20 slot-hours held, 43 %
     * computing; queue wait 3.1 s per job; peak memory 1.70 GiB (itask 12)}.
     */
    public static String usage(io.github.qmr.outputs.report.ReportData.Resources r) {
        StringBuilder s = new StringBuilder("CPU ");
        s.append(Double.isNaN(r.efficiency()) && r.cpuHours() == 0 ? "not measured"
                : String.format(java.util.Locale.ROOT, "%.2f h", r.cpuHours()));
        s.append(String.format(java.util.Locale.ROOT, " of %.2f h of task time", r.taskHours()));
        if (!Double.isNaN(r.heldSlotHours())) {
            s.append(String.format(java.util.Locale.ROOT, "; %.2f slot-hours held", r.heldSlotHours()));
        }
        if (!Double.isNaN(r.efficiency())) {
            s.append(String.format(java.util.Locale.ROOT, ", %.0f %% computing", 100 * r.efficiency()));
        }
        if (!Double.isNaN(r.queueWaitSeconds())) {
            s.append(String.format(java.util.Locale.ROOT, "; queue wait %.1f s per job", r.queueWaitSeconds()));
        }
        if (r.maxPeakBytes() > 0) {
            s.append(String.format(java.util.Locale.ROOT, "; peak memory %.2f GiB (itask %d)",
                    r.maxPeakBytes() / 1073741824.0, r.maxPeakItask()));
        }
        return s.toString();
    }

    /**
     * The scheduler's own figures beside the workers' measures, e.g. {@code the scheduler's own figures (qacct cpu,
     * maxvmem) of 3 jobs: CPU 0.02 h, the largest job's memory 1.25 GiB}; null when it recorded none.
     */
    public static String schedulerUsage(RunFacts.SchedulerUsage s) {
        if (s == null) {
            return null;
        }
        return String.format(java.util.Locale.ROOT, "the scheduler's own figures (%s) of %d job%s: CPU %.2f h%s",
                s.source(), s.jobs(), s.jobs() == 1 ? "" : "s", s.cpuHours(), s.maxMemoryBytes() < 0 ? ""
                        : String.format(java.util.Locale.ROOT, ", the largest job's memory %.2f GiB",
                                s.maxMemoryBytes() / 1073741824.0));
    }

    /**
     * @param usage lines of what the map used and a suggestion (see {@link #usage}), below the table
     * @param kept how many of the tasks took a result kept from an earlier run (said under the counts when some did)
     */
    public static void append(Path file, String execution, long tasks, long failed, long notRun,
            long resubmittedChunks, double wallSeconds, List<Group> groups, Path report, List<String> usage,
            long kept)
            throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("### qmr: ").append(execution).append(' ').append(Counts.verdict(failed, notRun)).append("\n\n");
        md.append("| tasks | succeeded | failed | not run | chunks resubmitted | wall time |\n"
                + "|---:|---:|---:|---:|---:|---:|\n");
        md.append("| ").append(tasks).append(" | ").append(tasks - failed - notRun).append(" | ").append(failed)
                .append(" | ").append(notRun).append(" | ").append(resubmittedChunks).append(" | ")
                .append(String.format(java.util.Locale.ROOT, "%.1f s", wallSeconds)).append(" |\n\n");
        if (kept > 0) {
            md.append(Counts.keptLine(tasks, kept)).append("\n\n");
        }
        for (String line : usage) {
            md.append(cell(line)).append("\n\n");
        }
        if (!groups.isEmpty()) {
            md.append("| failures | exception | message | tasks |\n|---:|---|---|---|\n");
            for (Group g : groups.subList(0, Math.min(groups.size(), 20))) {
                md.append("| ").append(g.count()).append(" | `").append(cell(g.type())).append("` | ")
                        .append(cell(g.message())).append(" | ")
                        .append(cell(String.join("; ", g.tasks().subList(0, Math.min(3, g.tasks().size())))))
                        .append(g.count() > 3 ? "; ..." : "").append(" |\n");
            }
            md.append('\n');
        }
        md.append("Report: `").append(report).append("` (results.csv, results.jsonl beside it)\n\n");
        Files.writeString(file, md, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Text for a Markdown table cell: one line, no pipes. */
    private static String cell(String s) {
        if (s == null) {
            return "";
        }
        String line = s.lines().findFirst().orElse("").replace("|", "\\|").replace("`", "'");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
