package io.github.qmr.maven;

import io.github.qmr.outputs.report.ReportData;
import io.github.qmr.outputs.Counts;
import io.github.qmr.outputs.StepSummary;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.maven.doxia.sink.Sink;

/**
 * The {@code mvn site} pages of {@code qmr:site-report}, written to a Doxia sink (the site's skin decorates them): an
 * index of the executions, and per execution its summary (the counts, wall time, queue), its failures by cause (real
 * causes first, the tasks not run below them, as {@code report.html} orders them) and a link to its full
 * {@code report.html}. Only what the map's outputs say: nothing is run or rewritten.
 */
public final class SitePage {
    /** Failure groups shown; the full report has them all. */
    static final int GROUPS = 20;
    /** Tasks named per failure group. */
    static final int GROUP_TASKS = 3;

    private SitePage() {}

    /**
     * One execution's last run as the page shows it.
     *
     * @param page the execution's page, relative to the index ({@code qmr-sweep.html}, or {@code #sweep} when the
     *     executions are sections of the index)
     * @param report the link to its copied {@code report.html}, relative to the page; null when there is none
     * @param note why the counts are missing (its results could not be read) or the report is; null when all is well
     * @param function the function's class; null when {@code run.json} did not say
     * @param queue the queue and how it was used; null when {@code run.json} did not say
     * @param ended when the map ended; null when unknown
     * @param groups failure groups, real causes first (see {@link ReportData#groups()}); empty for none
     */
    public record Execution(String id, String page, String report, String note, String function, String queue,
            Instant ended, long tasks, long failed, long notRun, long kept, long resubmittedChunks,
            double wallSeconds, List<StepSummary.Group> groups) {
        public Execution {
            groups = groups == null ? List.of() : List.copyOf(groups);
        }

        /** The page of an execution whose results were read. */
        public static Execution of(String id, String page, String report, String note, ReportData data) {
            var f = data.facts();
            String queue = f.queue() == null ? null : f.mode() == null ? f.queue() : f.queue() + " (" + f.mode() + ")";
            return new Execution(id, page, report, note, f.function(), queue, f.ended(), data.tasks(), data.failed(),
                    data.notRun(), data.keptTasks(), f.resubmittedChunks(), data.wallSeconds(), data.groups());
        }

        /** The page of an execution whose results could not be read: the note says why, the report is linked. */
        public static Execution unread(String id, String page, String report, String note) {
            return new Execution(id, page, report, note, null, null, null, -1, -1, -1, 0, 0, Double.NaN, List.of());
        }

        public boolean read() {
            return tasks >= 0;
        }

        public long succeeded() {
            return tasks - failed - notRun;
        }
    }

    /** The index: one row per execution, linking its page and its report. */
    public static void index(Sink sink, String title, String folder, List<Execution> runs) {
        sink.section1();
        sink.sectionTitle1();
        sink.text(title);
        sink.sectionTitle1_();
        paragraph(sink, "The last run of each qmr:map execution under " + folder + ", as its outputs recorded it"
                + " (nothing was run for this page); with each execution, its failures by cause and a link to its"
                + " full report.");
        sink.table();
        sink.tableRows();
        header(sink, "execution", "tasks", "succeeded", "failed", "not run", "wall time", "queue", "report");
        for (Execution e : runs) {
            sink.tableRow();
            sink.tableCell();
            link(sink, e.page(), e.id());
            sink.tableCell_();
            if (e.read()) {
                cells(sink, Long.toString(e.tasks()), Long.toString(e.succeeded()), Long.toString(e.failed()),
                        Long.toString(e.notRun()), seconds(e.wallSeconds()), orUnknown(e.queue()));
            } else {
                cells(sink, "?", "?", "?", "?", "?", "?");
            }
            sink.tableCell();
            if (e.report() != null) {
                link(sink, e.report(), "report.html");
            } else {
                sink.text("none");
            }
            sink.tableCell_();
            sink.tableRow_();
        }
        sink.tableRows_();
        sink.table_();
        sink.section1_();
    }

    /**
     * One execution: its summary, its failures by cause, the link to its full report.
     *
     * @param level the section level: 1 on a page of its own, 2 as a section of the index
     */
    public static void execution(Sink sink, Execution e, int level) {
        sink.section(level, null);
        // the index links a section of its own page by this anchor (the page's name with no file)
        sink.anchor(e.page().startsWith("#") ? e.page().substring(1) : e.id());
        sink.anchor_();
        sink.sectionTitle(level, null);
        sink.text("qmr: " + e.id() + (e.read() ? " " + Counts.verdict(e.failed(), e.notRun()) : ""));
        sink.sectionTitle_(level);
        if (e.note() != null) {
            paragraph(sink, e.note());
        }
        if (e.report() != null) {
            sink.paragraph();
            link(sink, e.report(), "Full report (report.html)");
            sink.text(": plots of every result against the parameters, the task table, the timeline; one"
                    + " self-contained file.");
            sink.paragraph_();
        }
        if (e.read()) {
            summary(sink, e);
            failures(sink, e, level + 1);
        }
        sink.section_(level);
    }

    private static void summary(Sink sink, Execution e) {
        sink.table();
        sink.tableRows();
        row(sink, "tasks", Long.toString(e.tasks()));
        row(sink, "succeeded", Long.toString(e.succeeded()));
        row(sink, "failed", Long.toString(e.failed()));
        row(sink, "not run", Long.toString(e.notRun()));
        if (e.kept() > 0) {
            row(sink, "kept", Counts.keptLine(e.tasks(), e.kept()));
        }
        row(sink, "chunks resubmitted", Long.toString(e.resubmittedChunks()));
        row(sink, "wall time", seconds(e.wallSeconds()));
        row(sink, "queue", orUnknown(e.queue()));
        row(sink, "function", orUnknown(e.function()));
        row(sink, "ended", e.ended() == null ? "unknown"
                : e.ended().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        sink.tableRows_();
        sink.table_();
    }

    private static void failures(Sink sink, Execution e, int level) {
        sink.section(level, null);
        sink.sectionTitle(level, null);
        sink.text("Failures by cause");
        sink.sectionTitle_(level);
        if (e.groups().isEmpty()) {
            paragraph(sink, "None: every task succeeded.");
            sink.section_(level);
            return;
        }
        sink.table();
        sink.tableRows();
        header(sink, "tasks", "exception", "message", "for example");
        for (StepSummary.Group g : e.groups().subList(0, Math.min(GROUPS, e.groups().size()))) {
            List<String> some = g.tasks().subList(0, Math.min(GROUP_TASKS, g.tasks().size()));
            cellsRow(sink, Long.toString(g.count()), g.type(), message(g),
                    String.join("; ", some) + (g.count() > some.size() ? "; ..." : ""));
        }
        sink.tableRows_();
        sink.table_();
        if (e.groups().size() > GROUPS) {
            paragraph(sink, (e.groups().size() - GROUPS) + " more groups in the full report.");
        }
        sink.section_(level);
    }

    /** The group's message without the exception class it starts with (the column beside says it). */
    static String message(StepSummary.Group g) {
        if (g.message() == null) {
            return "";
        }
        String m = g.type() != null && g.message().startsWith(g.type() + ": ")
                ? g.message().substring(g.type().length() + 2) : g.message();
        String line = m.lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    static String seconds(double s) {
        return Double.isNaN(s) ? "unknown" : String.format(Locale.ROOT, "%.1f s", s);
    }

    private static String orUnknown(String s) {
        return s == null ? "unknown" : s;
    }

    private static void paragraph(Sink sink, String text) {
        sink.paragraph();
        sink.text(text);
        sink.paragraph_();
    }

    private static void link(Sink sink, String href, String text) {
        sink.link(href);
        sink.text(text);
        sink.link_();
    }

    private static void header(Sink sink, String... names) {
        sink.tableRow();
        for (String n : names) {
            sink.tableHeaderCell();
            sink.text(n);
            sink.tableHeaderCell_();
        }
        sink.tableRow_();
    }

    private static void row(Sink sink, String name, String value) {
        sink.tableRow();
        sink.tableHeaderCell();
        sink.text(name);
        sink.tableHeaderCell_();
        sink.tableCell();
        sink.text(value);
        sink.tableCell_();
        sink.tableRow_();
    }

    private static void cells(Sink sink, String... values) {
        for (String v : values) {
            sink.tableCell();
            sink.text(v);
            sink.tableCell_();
        }
    }

    private static void cellsRow(Sink sink, String... values) {
        sink.tableRow();
        cells(sink, values);
        sink.tableRow_();
    }
}
