package io.github.qmr.outputs.report;

import static io.github.qmr.outputs.report.Html.duration;
import static io.github.qmr.outputs.report.Html.esc;
import static io.github.qmr.outputs.report.Html.fmt;
import static io.github.qmr.outputs.report.Html.num;
import static io.github.qmr.outputs.report.Html.resource;
import static io.github.qmr.outputs.report.Html.tasks;
import static io.github.qmr.outputs.report.Svg.B;
import static io.github.qmr.outputs.report.Svg.H;
import static io.github.qmr.outputs.report.Svg.L;
import static io.github.qmr.outputs.report.Svg.R;
import static io.github.qmr.outputs.report.Svg.T;
import static io.github.qmr.outputs.report.Svg.W;
import static io.github.qmr.outputs.report.Svg.axes;

import io.github.qmr.outputs.RunFacts;
import io.github.qmr.outputs.TaskRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code report.html}: one self-contained file (inline CSS, SVG and JavaScript, the plot data embedded; nothing
 * fetched) that opens from the file system. In order: the summary, failures grouped by exception and message (then the
 * tasks not run, grouped by why the map stopped: real causes first), the reduced result ({@link ReducedView}), the
 * results by parameter (drawn by report.js from {@link PlotData}: a line per value of a second parameter, the band over
 * the {@link Replicates}), every task against each swept parameter but the replicates with a heat map, what the tasks
 * cost ({@link Resources}) drawn as the results are, where the time went (a timeline of chunks, a histogram of task
 * times with resubmissions marked), and the task table (sortable, filterable, the columns that fit shown
 * ({@link TableColumns}), first {@value ReportData#TABLE_ROWS} rows).
 *
 * <p>This class writes the page and its text sections; the drawn parts are classes of their own, each appending to
 * the same page: {@link ParameterPlots}, {@link TimePlots}, {@link TaskTable}, on {@link Svg}'s frame and
 * {@link Scale}s, with {@link Html}'s text helpers.
 */
public final class HtmlReport {
    public static final String FILE = "report.html";

    private final ReportData d;
    /** Of a map not ended ({@link LiveReport}); null for the final report, which has no banner and no reload. */
    private final Running running;
    private final StringBuilder h = new StringBuilder(1 << 16);

    HtmlReport(ReportData data, Running running) {
        this.d = data;
        this.running = running;
    }

    public static void write(ReportData data, Path file) throws IOException {
        write(new HtmlReport(data, null).render(), file);
    }

    /** Replaces {@code file} with {@code html} at once (a temporary file moved over it): never read half written. */
    static void write(String html, Path file) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, html, StandardCharsets.UTF_8);
        // one rename(2): a plain REPLACE_EXISTING move deletes the old file first, and a reload between the two
        // would find none
        Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    String render() {
        RunFacts f = d.facts;
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
        if (running != null && running.reload() != null) {
            h.append("<meta http-equiv=\"refresh\" content=\"").append(running.reloadSeconds()).append("\">\n");
        }
        h.append("<title>qmr report: ").append(esc(f.execution())).append("</title>\n<style>")
                .append(resource("report.css")).append("</style></head><body>\n");
        h.append("<h1>qmr report: ").append(esc(f.execution())).append("</h1>\n");
        if (running != null) {
            // styled here, so the final report's stylesheet stays as it was
            h.append("<p id=\"running\" style=\"border-left: 4px solid #bf8700; background: #fff8c5; padding: 8px"
                    + " 12px; margin: 0 0 12px\">").append(esc(running.banner())).append("</p>\n");
        }
        summary();
        failures();
        comparison();
        reduced();
        lines();
        plots();
        costs();
        new TimePlots(d, h).time();
        new TaskTable(d, h).table();
        // the lines' data for report.js; "<" escaped, so no text in it can end the script element
        h.append("<script type=\"application/json\" id=\"plot-data\">")
                .append(PlotData.of(d, d.numeric()).toString().replace("<", "\\u003c")).append("</script>\n");
        h.append("<script>").append(resource("report.js")).append("</script>\n</body></html>\n");
        return h.toString();
    }

    private void summary() {
        RunFacts f = d.facts;
        h.append("<section id=\"summary\"><table class=\"facts\">");
        // a running map's page counts the tasks it shows; the banner says of how many
        fact("tasks", d.tasks + (running == null ? "" : " so far, of " + running.tasks()));
        if (d.keptTasks() > 0) {
            // the tasks that did not run now: their results are an earlier run's
            fact("kept", io.github.qmr.outputs.Counts.keptLine(d.tasks, d.keptTasks())
                    + (d.keptFromEarlierFunction() > 0 ? " (" + d.keptFromEarlierFunction() + " of the kept by an"
                            + " earlier version of the function: -Dqmr.rerun=failed)" : ""));
        }
        fact("succeeded", Long.toString(d.tasks - d.failed - d.notRun));
        fact("failed", "<span class=\"" + (d.failed > 0 ? "bad" : "good") + "\">" + d.failed + "</span>", true);
        fact("not run", "<span class=\"" + (d.notRun > 0 ? "bad" : "good") + "\">" + d.notRun + "</span>"
                + (d.notRun > 0 ? " (the map stopped early)" : ""), true);
        fact("resubmitted", f.resubmittedChunks() + (f.resubmittedChunks() == 1 ? " chunk (" : " chunks (")
                + tasks(d.resubmittedTasks) + ")");
        fact("wall time", duration(d.wallSeconds()));
        fact("task wall time", duration(d.taskSeconds) + " (wall time of the function, summed over tasks)");
        if (d.cpuMeasured > 0) {
            fact("task CPU time", duration(d.cpuSecondsTotal) + " (CPU time of the thread that ran the function, summed"
                    + " over " + tasks(d.cpuMeasured) + ")");
        }
        String scheduler = io.github.qmr.outputs.StepSummary.schedulerUsage(f.schedulerUsage());
        if (scheduler != null) {
            fact("scheduler's figures", scheduler.substring(scheduler.indexOf('(')));
        }
        if (d.comparedWith != null) {
            fact("compared with", "<a href=\"#comparison\">" + esc(d.comparedWith) + "</a>: " + (d.comparison == null
                    ? "<span class=\"bad\">not read</span>" : d.comparison.drifted()
                            ? "<span class=\"bad\">drifted</span>" : "<span class=\"good\">no drift</span>"), true);
        }
        if (!d.replicates.isEmpty()) {
            fact("replicates", String.join(", ", d.replicates) + " (the spread of the lines below, never an axis)");
        }
        fact("queue", f.queue() == null ? "unknown" : f.queue());
        fact("mode", f.mode() == null ? "unknown" : f.mode());
        fact("chunks", f.chunks() + " (" + tasks(f.chunkSize()) + " each)");
        fact("function", f.function() == null ? "" : f.function());
        fact("session", f.session() == null ? "" : f.session());
        fact("started", f.started() == null ? "" : f.started().toString());
        h.append("</table></section>\n");
    }

    private void fact(String name, String value) {
        fact(name, esc(value), true);
    }

    private void fact(String name, String html, boolean raw) {
        h.append("<tr><th>").append(esc(name)).append("</th><td>").append(html).append("</td></tr>");
    }

    private void failures() {
        if (d.failures.isEmpty()) {
            return;
        }
        h.append("<section id=\"failures\"><h2>Failures</h2>\n");
        for (FailureGroups.Group g : d.failures.causes()) {
            h.append("<div class=\"failure-group\"><h3><span class=\"count\">").append(g.count).append(" &times; ")
                    .append("</span><code>").append(esc(g.type)).append("</code> ").append(esc(message(g)))
                    .append("</h3>\n<p class=\"tasks\">").append(taskList(g));
            TaskRow first = g.tasks.get(0);
            String detail = first.status().equals("chunk-failed") ? "end of the stderr of chunk " + first.ichunk()
                    : "stack trace of itask " + first.itask();
            h.append("</p><details><summary>").append(detail).append("</summary><pre>")
                    .append(esc(g.detail == null ? "" : g.detail)).append("</pre></details></div>\n");
        }
        // below the causes, and without a stack trace: these tasks never ran, so they have none
        for (FailureGroups.Group g : d.failures.notRun()) {
            h.append("<div class=\"failure-group not-run\"><h3><span class=\"count\">").append(g.count)
                    .append(" &times; ").append("</span>not run</h3>\n<p class=\"reason\">")
                    .append(esc(g.message)).append("</p><p class=\"tasks\">")
                    .append(taskList(g)).append("</p></div>\n");
        }
        h.append("</section>\n");
    }

    /** This run against another ({@code <compareWith>}): the view {@code qmr:compare} writes to compare.html. */
    private void comparison() {
        if (d.comparedWith == null) {
            return;
        }
        h.append("<section id=\"comparison\"><h2>Compared with another run</h2>\n");
        if (d.comparison == null) {
            h.append("<p class=\"note\">").append(esc(d.comparisonNote)).append("</p></section>\n");
            return;
        }
        h.append("<p class=\"note\">The tasks of both runs paired by their parameters; per result component the"
                + " values that are equal, within the tolerance, or changed (other -&gt; this).</p>\n");
        ComparisonPage.view(h, d.comparison, d.facts.execution() + " (this report)", d.comparedWith, "compare-",
                "h3");
        h.append("</section>\n");
    }

    /** The group's first tasks by their parameters: {@code itask 3 (n=4) · itask 5 (n=6) · and 12 more}. */
    private String taskList(FailureGroups.Group g) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < g.tasks.size(); i++) {
            TaskRow t = g.tasks.get(i);
            s.append(i == 0 ? "" : " &middot; ").append("itask ").append(t.itask()).append(" (").append(esc(t.label()))
                    .append(')');
        }
        if (g.count > g.tasks.size()) {
            s.append(" &middot; and ").append(g.count - g.tasks.size()).append(" more");
        }
        return s.toString();
    }

    private static String message(FailureGroups.Group g) {
        String m = g.message == null ? "" : g.message;
        return m.startsWith(g.type + ": ") ? m.substring(g.type.length() + 2) : m.equals(g.type) ? "" : m;
    }

    // ---- the reduced result ----

    private void reduced() {
        if (d.reduced == null && d.reducedNote == null) {
            return;
        }
        h.append("<section id=\"reduced\"><h2>Reduced result</h2>\n");
        if (d.reduced == null) {
            h.append("<p class=\"note\">").append(esc(d.reducedNote)).append("</p></section>\n");
            return;
        }
        h.append("<p class=\"note\">The reducer's result (reduced.json; reduced.qmr has it typed).</p>\n"
                + "<div class=\"plot-row top\">");
        for (ReducedView.Part part : ReducedView.parts(d.reduced)) {
            if (part instanceof ReducedView.Values v) {
                h.append("<table class=\"facts reduced-values\">");
                v.values().forEach((name, value) -> h.append("<tr><th>").append(esc(name)).append("</th><td>")
                        .append(jsonCell(value)).append("</td></tr>"));
                h.append("</table>\n");
            } else if (part instanceof ReducedView.Table t) {
                h.append("<div class=\"reduced-table\"><h3>").append(esc(t.name()))
                        .append("</h3><table class=\"tasks\"><thead><tr>");
                t.header().forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
                h.append("</tr></thead><tbody>");
                int shown = Math.min(t.rows().size(), 200);
                for (List<com.fasterxml.jackson.databind.JsonNode> row : t.rows().subList(0, shown)) {
                    h.append("<tr>");
                    row.forEach(c -> h.append("<td>").append(jsonCell(c)).append("</td>"));
                    h.append("</tr>");
                }
                h.append("</tbody></table>").append(shown < t.rows().size() ? "<p class=\"note\">The first 200 of "
                        + t.rows().size() + " rows; reduced.json has all.</p>" : "").append("</div>\n");
            } else if (part instanceof ReducedView.Series series) {
                reducedPlot(series);
            } else if (part instanceof ReducedView.Text text) {
                h.append("<div class=\"reduced-json\"><h3>").append(esc(text.name())).append("</h3><pre>")
                        .append(esc(text.json())).append("</pre></div>\n");
            }
        }
        h.append("</div></section>\n");
    }

    private static String jsonCell(com.fasterxml.jackson.databind.JsonNode v) {
        if (v.isFloatingPointNumber()) {
            String shown = num(v.asDouble());
            return shown.equals(v.asText()) ? shown : "<span title=\"" + esc(v.asText()) + "\">" + shown + "</span>";
        }
        return esc(v.isTextual() ? v.asText() : v.isNull() ? "" : v.toString());
    }

    /** Each numeric component of a map by number against its key, one panel each. */
    private void reducedPlot(ReducedView.Series s) {
        Axis kind = Axis.ofRange(s.xs()[0], s.xs()[s.xs().length - 1], s.xs().length);
        for (Map.Entry<String, double[]> e : s.ys().entrySet()) {
            double[] ys = e.getValue();
            double lo = java.util.Arrays.stream(ys).min().orElse(0);
            double hi = java.util.Arrays.stream(ys).max().orElse(1);
            Scale x = new Scale(s.xs()[0], s.xs()[s.xs().length - 1], L, W - R, kind == Axis.LOG);
            Scale y = new Scale(lo, hi, H - B, T);
            h.append("<figure class=\"plot reduced-plot\" data-y=\"").append(esc(e.getKey()))
                    .append("\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(W).append(' ')
                    .append(H).append("\" width=\"").append(W).append("\" height=\"").append(H)
                    .append("\" role=\"img\"><title>").append(esc(e.getKey())).append(" by ").append(esc(s.name()))
                    .append("'s key</title>");
            axes(h, x, y, null, "key of " + esc(s.name()) + (kind == Axis.LOG ? " (log)" : ""), esc(e.getKey()));
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < ys.length; i++) {
                line.append(fmt(x.at(s.xs()[i]))).append(',').append(fmt(y.at(ys[i]))).append(' ');
            }
            h.append("<polyline class=\"mean\" points=\"").append(line.toString().strip()).append("\"/>");
            for (int i = 0; i < ys.length; i++) {
                h.append("<circle class=\"mean-pt\" cx=\"").append(fmt(x.at(s.xs()[i]))).append("\" cy=\"")
                        .append(fmt(y.at(ys[i]))).append("\" r=\"3.5\"><title>").append(num(s.xs()[i])).append(": ")
                        .append(num(ys[i])).append("</title></circle>");
            }
            h.append("</svg><figcaption>").append(e.getKey().equals(s.name()) ? esc(s.name())
                    : esc(e.getKey()) + " in " + esc(s.name())).append(" by its key</figcaption></figure>\n");
        }
    }

    // ---- plots ----

    private void plots() {
        List<String> swept = d.swept();
        List<String> numeric = d.numeric();
        h.append("<section id=\"plots\"><h2>Every task against each parameter</h2>\n");
        if (numeric.isEmpty() || swept.isEmpty()) {
            h.append("<p class=\"note\">").append(numeric.isEmpty() ? "No numeric result component to plot."
                    : "No parameter but the replicates takes more than one value: nothing to plot against.")
                    .append("</p></section>\n");
            return;
        }
        h.append("<p class=\"note\">Each point is a task that succeeded");
        if (d.stride > 1) {
            h.append(" (every ").append(d.stride).append("th task is drawn; means use all)");
        }
        h.append("; the line is the mean over every other parameter").append(d.replicates.isEmpty() ? ""
                : " (" + esc(String.join(", ", d.replicates)) + " never an x axis: "
                        + (d.replicates.size() == 1 ? "a replicate" : "replicates") + ")");
        List<String> heat = PlotData.defaults(counts(swept));
        boolean heatMaps = heat.size() == 2 && !d.tooManyCells;
        if (heatMaps) {
            h.append("; the heat map is the mean by ").append(esc(heat.get(0))).append(" and ")
                    .append(esc(heat.get(1)));
        }
        h.append(".</p>\n");
        for (String v : numeric) {
            h.append("<div class=\"plot-row\">");
            for (String p : swept) {
                new ParameterPlots(d, h).scatter(v, p);
            }
            if (heatMaps) {
                new ParameterPlots(d, h).heatMap(v, heat.get(0), heat.get(1));
            }
            h.append("</div>\n");
        }
        h.append("</section>\n");
    }

    private Map<String, Integer> counts(List<String> params) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String p : params) {
            out.put(p, PlotData.ordered(d.distinctOk.get(p), Axis.LINEAR).size());
        }
        return out;
    }

    /** Result components against parameters, one line per value of another, the band over the replicates. */
    private void lines() {
        h.append("<section id=\"lines\"><h2>Results by parameter</h2>\n");
        explorer("lines", "results", "result");
        h.append("</section>\n");
    }

    /** What the tasks cost against the parameters: time, CPU, and whatever else the workers measured. */
    private void costs() {
        if (d.resources.isEmpty()) {
            return;
        }
        h.append("<section id=\"costs\"><h2>What the tasks cost</h2>\n<p class=\"note\">Measured per task that"
                + " ran (succeeded or threw): ").append(esc(String.join(", ", d.resources)))
                .append(" (seconds: the function's wall time").append(d.resources.contains("cpu")
                        ? "; cpu: its thread's CPU time in seconds" : "").append(").</p>\n");
        explorer("costs", "costs", "cost");
        h.append("</section>\n");
    }

    /** The controls and the place of one set of line plots, which report.js draws from the page's plot data. */
    private void explorer(String id, String series, String what) {
        h.append("<form class=\"controls\" id=\"").append(id).append("-controls\" data-series=\"").append(series)
                .append("\"><label>").append(what).append(" <select name=\"y\"></select></label>")
                .append("<label>x <select name=\"x\"></select></label>")
                .append("<label>colour by <select name=\"colour\"></select></label>")
                .append("<label>panels by <select name=\"panel\"></select></label>")
                .append("<label>band <select name=\"band\"><option value=\"sd\">&plusmn;1 SD</option>")
                .append("<option value=\"ci\">95 % interval of the mean</option></select></label>")
                .append("<label>x scale <select name=\"xscale\"><option value=\"auto\">auto</option>")
                .append("<option value=\"linear\">linear</option><option value=\"log\">log</option></select></label>")
                .append("<label>y scale <select name=\"yscale\"><option value=\"auto\">auto</option>")
                .append("<option value=\"linear\">linear</option><option value=\"log\">log</option></select></label>")
                .append("</form>\n<p class=\"note\" id=\"").append(id).append("-note\"></p><div class=\"legend\" id=\"")
                .append(id).append("-legend\"></div><div class=\"plot-row\" id=\"").append(id)
                .append("-panels\"></div>\n");
    }
}
