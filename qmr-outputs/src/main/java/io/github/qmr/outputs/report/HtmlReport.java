package io.github.qmr.outputs.report;

import io.github.qmr.outputs.Flattener;
import io.github.qmr.outputs.RunFacts;
import io.github.qmr.outputs.TaskRow;
import io.github.qmr.runtime.session.FailurePolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 */
public final class HtmlReport {
    public static final String FILE = "report.html";
    private static final String[] PALETTE = {"#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"};
    private static final int TIMELINE_CHUNKS = 400;

    private final ReportData d;
    private final StringBuilder h = new StringBuilder(1 << 16);

    private HtmlReport(ReportData data) {
        this.d = data;
    }

    public static void write(ReportData data, Path file) throws IOException {
        String html = new HtmlReport(data).render();
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, html, StandardCharsets.UTF_8);
        Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    String render() {
        RunFacts f = d.facts;
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>qmr report: ")
                .append(esc(f.execution())).append("</title>\n<style>").append(resource("report.css"))
                .append("</style></head><body>\n");
        h.append("<h1>qmr report: ").append(esc(f.execution())).append("</h1>\n");
        summary();
        failures();
        comparison();
        reduced();
        lines();
        plots();
        costs();
        time();
        table();
        // the lines' data for report.js; "<" escaped, so no text in it can end the script element
        h.append("<script type=\"application/json\" id=\"plot-data\">")
                .append(PlotData.of(d, d.numeric()).toString().replace("<", "\\u003c")).append("</script>\n");
        h.append("<script>").append(resource("report.js")).append("</script>\n</body></html>\n");
        return h.toString();
    }

    private void summary() {
        RunFacts f = d.facts;
        h.append("<section id=\"summary\"><table class=\"facts\">");
        fact("tasks", Long.toString(d.tasks));
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
        if (d.groups.isEmpty() && d.notRunGroups.isEmpty()) {
            return;
        }
        h.append("<section id=\"failures\"><h2>Failures</h2>\n");
        for (ReportData.FailureGroup g : ReportData.sorted(d.groups).toList()) {
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
        for (ReportData.FailureGroup g : ReportData.sorted(d.notRunGroups).toList()) {
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
    private String taskList(ReportData.FailureGroup g) {
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

    private static String message(ReportData.FailureGroup g) {
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
            axes(x, y, null, "key of " + esc(s.name()) + (kind == Axis.LOG ? " (log)" : ""), esc(e.getKey()));
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
                scatter(v, p);
            }
            if (heatMaps) {
                heatMap(v, heat.get(0), heat.get(1));
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

    private static final int W = 290;
    private static final int H = 240;
    private static final int L = 58;
    private static final int R = 12;
    private static final int T = 26;
    private static final int B = 42;

    private void scatter(String v, String p) {
        Axis kind = Axis.of(d.distinctOk.get(p));
        List<String> xs = PlotData.ordered(d.distinctOk.get(p), kind);
        boolean numericX = kind != Axis.CATEGORY;
        Map<String, Stats> stats = d.byParam.get(v).getOrDefault(p, Map.of());
        double xmin = 0;
        double xmax = xs.size() - 1;
        if (numericX) {
            xmin = Axis.number(xs.get(0));
            xmax = Axis.number(xs.get(xs.size() - 1));
        }
        double ymin = Double.POSITIVE_INFINITY;
        double ymax = Double.NEGATIVE_INFINITY;
        for (Stats s : stats.values()) {
            ymin = Math.min(ymin, s.min);
            ymax = Math.max(ymax, s.max);
        }
        Scale x = new Scale(xmin, xmax, L, W - R, kind == Axis.LOG);
        Scale y = new Scale(ymin, ymax, H - B, T);
        h.append("<figure class=\"plot\" data-y=\"").append(esc(v)).append("\" data-x=\"").append(esc(p))
                .append("\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(W).append(' ').append(H)
                .append("\" width=\"").append(W).append("\" height=\"").append(H).append("\" role=\"img\">");
        h.append("<title>").append(esc(v)).append(" against ").append(esc(p)).append("</title>");
        axes(x, y, numericX ? null : xs, esc(p) + (kind == Axis.LOG ? " (log)" : ""), esc(v));
        // the mean, in x order
        List<double[]> means = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
            Stats s = stats.get(xs.get(i));
            if (s != null) {
                double xv = numericX ? Axis.number(xs.get(i)) : i;
                means.add(new double[] {xv, s.mean, s.sd(), s.n});
            }
        }
        long missing = 0;
        for (TaskRow row : d.sample) {
            double yv = Flattener.number(row.values().get(v));
            if (Double.isNaN(yv)) {
                continue;
            }
            String xText = Flattener.cell(row.params().get(p));
            double xv = numericX ? Axis.number(xText) : xs.indexOf(xText);
            if (Double.isNaN(xv) || xv < 0 && !numericX) {
                missing++; // no value of this parameter: no place on its axis
                continue;
            }
            h.append("<circle class=\"pt\" cx=\"").append(fmt(x.at(xv))).append("\" cy=\"").append(fmt(y.at(yv)))
                    .append("\" r=\"2.5\"><title>itask ").append(row.itask()).append(" (").append(esc(row.label()))
                    .append("): ").append(esc(v)).append(" = ").append(num(yv)).append("</title></circle>");
        }
        if (!means.isEmpty()) {
            StringBuilder line = new StringBuilder();
            for (double[] m : means) {
                line.append(fmt(x.at(m[0]))).append(',').append(fmt(y.at(m[1]))).append(' ');
            }
            h.append("<polyline class=\"mean\" points=\"").append(line.toString().strip()).append("\"/>");
            for (double[] m : means) {
                h.append("<circle class=\"mean-pt\" cx=\"").append(fmt(x.at(m[0]))).append("\" cy=\"")
                        .append(fmt(y.at(m[1]))).append("\" r=\"3.5\"><title>").append(esc(p)).append(" = ")
                        .append(numericX ? num(m[0]) : esc(xs.get((int) m[0]))).append(": mean ").append(num(m[1]))
                        .append(", sd ").append(num(m[2])).append(", n ").append((long) m[3])
                        .append("</title></circle>");
            }
        }
        h.append("</svg><figcaption>").append(esc(v)).append(" against ").append(esc(p)).append(" (")
                .append(xs.size()).append(" values").append(missing > 0 ? "; " + tasks(missing) + " without a " + esc(p)
                        + " not drawn" : "").append(")</figcaption></figure>\n");
    }

    /** The mean of {@code v} over each pair of values of {@code px} and {@code py} (all other parameters pooled). */
    private void heatMap(String v, String px, String py) {
        List<String> xs = PlotData.ordered(d.distinctOk.get(px), Axis.of(d.distinctOk.get(px)));
        List<String> ys = PlotData.ordered(d.distinctOk.get(py), Axis.of(d.distinctOk.get(py)));
        int ix = d.grouping.indexOf(px);
        int iy = d.grouping.indexOf(py);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        Map<String, Stats> pooled = new LinkedHashMap<>();
        for (Map.Entry<List<String>, ReportData.Cell> e : d.cells.entrySet()) {
            Stats s = e.getValue().values.get(v);
            if (s != null) {
                pooled.computeIfAbsent(e.getKey().get(ix) + "\u0000" + e.getKey().get(iy), k -> new Stats()).merge(s);
            }
        }
        if (pooled.isEmpty()) {
            return;
        }
        for (Stats m : pooled.values()) {
            lo = Math.min(lo, m.mean);
            hi = Math.max(hi, m.mean);
        }
        double cw = (W - L - R) / (double) xs.size();
        double ch = (H - T - B) / (double) ys.size();
        h.append("<figure class=\"plot heat\" data-y=\"").append(esc(v)).append("\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(W + 72).append(' ').append(H).append("\" width=\"").append(W + 72).append("\" height=\"")
                .append(H).append("\" role=\"img\"><title>mean ").append(esc(v)).append(" over ").append(esc(px))
                .append(" and ").append(esc(py)).append("</title>");
        for (int i = 0; i < xs.size(); i++) {
            for (int j = 0; j < ys.size(); j++) {
                Stats st = pooled.get(xs.get(i) + "\u0000" + ys.get(j));
                if (st == null) {
                    continue;
                }
                double m = st.mean;
                h.append("<rect class=\"cell\" x=\"").append(fmt(L + i * cw)).append("\" y=\"")
                        .append(fmt(H - B - (j + 1) * ch)).append("\" width=\"").append(fmt(cw + 0.5))
                        .append("\" height=\"").append(fmt(ch + 0.5)).append("\" fill=\"").append(colour(lo, hi, m))
                        .append("\"><title>").append(esc(px)).append(" = ").append(esc(xs.get(i))).append(", ")
                        .append(esc(py)).append(" = ").append(esc(ys.get(j))).append(": mean ").append(esc(v))
                        .append(" ").append(num(m)).append(" (").append(tasks(st.n)).append(")</title></rect>");
            }
        }
        categoryLabels(xs, cw, true);
        categoryLabels(ys, ch, false);
        h.append("<text class=\"axis-title\" x=\"").append((L + W - R) / 2).append("\" y=\"").append(H - 4)
                .append("\" text-anchor=\"middle\">").append(esc(px)).append("</text>");
        h.append("<text class=\"axis-title\" transform=\"translate(12,").append((T + H - B) / 2)
                .append(") rotate(-90)\" text-anchor=\"middle\">").append(esc(py)).append("</text>");
        // the colour key
        for (int k = 0; k < 50; k++) {
            double m = lo + (hi - lo) * k / 49.0;
            h.append("<rect x=\"").append(W + 10).append("\" y=\"").append(fmt(H - B - (k + 1) * (H - T - B) / 50.0))
                    .append("\" width=\"14\" height=\"").append(fmt((H - T - B) / 50.0 + 0.5)).append("\" fill=\"")
                    .append(colour(lo, hi, m)).append("\"/>");
        }
        h.append("<text class=\"tick\" x=\"").append(W + 28).append("\" y=\"").append(T + 8).append("\">")
                .append(num(hi)).append("</text><text class=\"tick\" x=\"").append(W + 28).append("\" y=\"")
                .append(H - B).append("\">").append(num(lo)).append("</text>");
        h.append("</svg><figcaption>mean ").append(esc(v)).append(" by ").append(esc(px)).append(" and ")
                .append(esc(py)).append("</figcaption></figure>\n");
    }

    private void categoryLabels(List<String> values, double step, boolean horizontal) {
        int every = Math.max(1, (int) Math.ceil(values.size() / 10.0));
        for (int i = 0; i < values.size(); i += every) {
            if (horizontal) {
                h.append("<text class=\"tick\" x=\"").append(fmt(L + (i + 0.5) * step)).append("\" y=\"")
                        .append(H - B + 14).append("\" text-anchor=\"middle\">").append(esc(values.get(i)))
                        .append("</text>");
            } else {
                h.append("<text class=\"tick\" x=\"").append(L - 4).append("\" y=\"")
                        .append(fmt(H - B - (i + 0.5) * step + 4)).append("\" text-anchor=\"end\">")
                        .append(esc(values.get(i))).append("</text>");
            }
        }
    }

    private static String colour(double lo, double hi, double v) {
        double t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
        double pos = t * (PALETTE.length - 1);
        int i = Math.min(PALETTE.length - 2, (int) Math.floor(pos));
        double u = pos - i;
        int a = Integer.parseInt(PALETTE[i].substring(1), 16);
        int b = Integer.parseInt(PALETTE[i + 1].substring(1), 16);
        int r = (int) Math.round(((a >> 16) & 255) * (1 - u) + ((b >> 16) & 255) * u);
        int g = (int) Math.round(((a >> 8) & 255) * (1 - u) + ((b >> 8) & 255) * u);
        int bl = (int) Math.round((a & 255) * (1 - u) + (b & 255) * u);
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, bl);
    }

    private void axes(Scale x, Scale y, List<String> categories, String xTitle, String yTitle) {
        h.append("<line class=\"axis\" x1=\"").append(L).append("\" y1=\"").append(H - B).append("\" x2=\"")
                .append(W - R).append("\" y2=\"").append(H - B).append("\"/>");
        h.append("<line class=\"axis\" x1=\"").append(L).append("\" y1=\"").append(T).append("\" x2=\"").append(L)
                .append("\" y2=\"").append(H - B).append("\"/>");
        if (categories == null) {
            for (double t : x.ticks()) {
                h.append("<text class=\"tick\" x=\"").append(fmt(x.at(t))).append("\" y=\"").append(H - B + 14)
                        .append("\" text-anchor=\"middle\">").append(num(t)).append("</text>");
            }
        } else {
            int every = Math.max(1, (int) Math.ceil(categories.size() / 8.0));
            for (int i = 0; i < categories.size(); i += every) {
                h.append("<text class=\"tick\" x=\"").append(fmt(x.at(i))).append("\" y=\"").append(H - B + 14)
                        .append("\" text-anchor=\"middle\">").append(esc(categories.get(i))).append("</text>");
            }
        }
        for (double t : y.ticks()) {
            h.append("<line class=\"grid\" x1=\"").append(L).append("\" y1=\"").append(fmt(y.at(t))).append("\" x2=\"")
                    .append(W - R).append("\" y2=\"").append(fmt(y.at(t))).append("\"/>");
            h.append("<text class=\"tick\" x=\"").append(L - 4).append("\" y=\"").append(fmt(y.at(t) + 4))
                    .append("\" text-anchor=\"end\">").append(num(t)).append("</text>");
        }
        h.append("<text class=\"axis-title\" x=\"").append((L + W - R) / 2).append("\" y=\"").append(H - 6)
                .append("\" text-anchor=\"middle\">").append(xTitle).append("</text>");
        h.append("<text class=\"axis-title\" transform=\"translate(14,").append((T + H - B) / 2)
                .append(") rotate(-90)\" text-anchor=\"middle\">").append(yTitle).append("</text>");
    }

    // ---- where the time went ----

    private void time() {
        h.append("<section id=\"time\"><h2>Where the time went</h2><div class=\"plot-row\">\n");
        timeline();
        histogram();
        h.append("</div></section>\n");
    }

    private void timeline() {
        List<ReportData.Chunk> chunks = new ArrayList<>(d.chunks.values());
        Instant origin = d.facts.started() != null ? d.facts.started() : d.firstStart;
        if (origin == null) {
            h.append("<p class=\"note\">No task recorded its start time: no timeline.</p>");
            return;
        }
        boolean cut = chunks.size() > TIMELINE_CHUNKS;
        if (cut) {
            chunks = chunks.subList(0, TIMELINE_CHUNKS);
        }
        Instant end = d.facts.ended() != null ? d.facts.ended() : d.lastEnd;
        double total = Math.max(1e-3, secondsBetween(origin, end == null ? origin : end));
        int w = 760;
        int rowH = Math.max(3, Math.min(16, 360 / Math.max(1, chunks.size())));
        int hh = T + B + rowH * chunks.size();
        Scale x = new Scale(0, total, L, w - R);
        h.append("<figure class=\"plot timeline\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(w)
                .append(' ').append(hh).append("\" width=\"").append(w).append("\" height=\"").append(hh)
                .append("\" role=\"img\"><title>timeline of chunks</title>");
        for (double t : x.ticks()) {
            h.append("<line class=\"grid\" x1=\"").append(fmt(x.at(t))).append("\" y1=\"").append(T)
                    .append("\" x2=\"").append(fmt(x.at(t))).append("\" y2=\"").append(hh - B).append("\"/>")
                    .append("<text class=\"tick\" x=\"").append(fmt(x.at(t))).append("\" y=\"").append(hh - B + 14)
                    .append("\" text-anchor=\"middle\">").append(num(t)).append("</text>");
        }
        for (int i = 0; i < chunks.size(); i++) {
            ReportData.Chunk c = chunks.get(i);
            double yy = T + i * rowH;
            if (chunks.size() <= 40 && rowH >= 9) {
                h.append("<text class=\"tick\" x=\"").append(L - 4).append("\" y=\"").append(fmt(yy + rowH - 3))
                        .append("\" text-anchor=\"end\">").append(c.ichunk).append("</text>");
            }
            RunFacts.Job job = c.jobId == null ? null : d.facts.jobs().get(c.jobId);
            String what = "chunk " + c.ichunk + (c.jobId == null ? "" : ", job " + c.jobId)
                    + (c.host == null ? "" : ", " + c.host) + ", attempt " + c.attempt + ", " + tasks(c.tasks)
                    + (c.failed > 0 ? ", " + c.failed + " failed" : "");
            if (job != null && job.submitted() != null && c.start != null) {
                double s0 = secondsBetween(origin, job.submitted());
                double s1 = secondsBetween(origin, c.start);
                h.append("<rect class=\"queued\" x=\"").append(fmt(x.at(s0))).append("\" y=\"").append(fmt(yy))
                        .append("\" width=\"").append(fmt(Math.max(0.5, x.at(s1) - x.at(s0)))).append("\" height=\"")
                        .append(rowH - 1).append("\"><title>").append(esc(what)).append(": queued ")
                        .append(num(s1 - s0)).append(" s</title></rect>");
            }
            if (c.start != null) {
                double s0 = secondsBetween(origin, c.start);
                double s1 = secondsBetween(origin, c.end);
                String cls = c.failed > 0 ? "run failed" : c.attempt > 1 ? "run resubmitted" : "run";
                h.append("<rect class=\"").append(cls).append("\" x=\"").append(fmt(x.at(s0))).append("\" y=\"")
                        .append(fmt(yy)).append("\" width=\"").append(fmt(Math.max(1, x.at(s1) - x.at(s0))))
                        .append("\" height=\"").append(rowH - 1).append("\"><title>").append(esc(what))
                        .append(": ran ").append(num(s1 - s0)).append(" s from ").append(num(s0))
                        .append(" s</title></rect>");
            }
        }
        h.append("<line class=\"axis\" x1=\"").append(L).append("\" y1=\"").append(hh - B).append("\" x2=\"")
                .append(w - R).append("\" y2=\"").append(hh - B).append("\"/>");
        h.append("<text class=\"axis-title\" x=\"").append((L + w - R) / 2).append("\" y=\"").append(hh - 6)
                .append("\" text-anchor=\"middle\">seconds since the map started</text>");
        h.append("<text class=\"axis-title\" transform=\"translate(14,").append((T + hh - B) / 2)
                .append(") rotate(-90)\" text-anchor=\"middle\">chunk</text>");
        h.append("</svg><figcaption>Chunks: <span class=\"key queued\"></span> queued <span class=\"key run\"></span>"
                + " running <span class=\"key resubmitted\"></span> resubmitted <span class=\"key failed\"></span>"
                + " with failures").append(cut ? "; the first " + TIMELINE_CHUNKS + " of " + d.chunks.size() : "")
                .append("</figcaption></figure>\n");
    }

    private void histogram() {
        int n = d.timed;
        if (n == 0) {
            return;
        }
        double max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, d.seconds[i]);
        }
        int bins = 30;
        long[] first = new long[bins];
        long[] again = new long[bins];
        for (int i = 0; i < n; i++) {
            int b = max == 0 ? 0 : Math.min(bins - 1, (int) (d.seconds[i] / max * bins));
            if (d.resubmitted[i]) {
                again[b]++;
            } else {
                first[b]++;
            }
        }
        long top = 1;
        for (int b = 0; b < bins; b++) {
            top = Math.max(top, first[b] + again[b]);
        }
        Scale x = new Scale(0, Math.max(max, 1e-6), L, W - R);
        Scale y = new Scale(0, top, H - B, T);
        h.append("<figure class=\"plot histogram\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(W)
                .append(' ').append(H).append("\" width=\"").append(W).append("\" height=\"").append(H)
                .append("\" role=\"img\"><title>task times</title>");
        axes(x, y, null, "seconds per task", "tasks");
        double bw = (W - L - R) / (double) bins;
        for (int b = 0; b < bins; b++) {
            double lo = max * b / bins;
            double hi = max * (b + 1) / bins;
            if (first[b] > 0) {
                h.append("<rect class=\"bar\" x=\"").append(fmt(L + b * bw)).append("\" y=\"").append(fmt(y.at(first[b])))
                        .append("\" width=\"").append(fmt(bw - 1)).append("\" height=\"")
                        .append(fmt(y.at(0) - y.at(first[b]))).append("\"><title>").append(first[b])
                        .append(first[b] == 1 ? " task took " : " tasks took ").append(num(lo)).append("-").append(num(hi)).append(" s</title></rect>");
            }
            if (again[b] > 0) {
                h.append("<rect class=\"bar resubmitted\" x=\"").append(fmt(L + b * bw)).append("\" y=\"")
                        .append(fmt(y.at(first[b] + again[b]))).append("\" width=\"").append(fmt(bw - 1))
                        .append("\" height=\"").append(fmt(y.at(first[b]) - y.at(first[b] + again[b])))
                        .append("\"><title>").append(again[b]).append(again[b] == 1 ? " task of a resubmitted chunk took "
                                : " tasks of resubmitted chunks took ")
                        .append(num(lo)).append("-").append(num(hi)).append(" s</title></rect>");
            }
        }
        h.append("</svg><figcaption>Task times: <span class=\"key run\"></span> first attempt"
                + " <span class=\"key resubmitted\"></span> after a resubmission</figcaption></figure>\n");
    }

    // ---- the table ----

    /** The longest text a cell shows before it is cut (CSS max-width), in characters; the error's is wider. */
    private static final int CELL_CHARS = 30;
    private static final int ERROR_CHARS = 45;

    private void table() {
        List<String> params = d.paramColumns;
        List<String> values = d.valueColumns;
        List<String> costs = d.resources.stream().filter(c -> !c.equals(Resources.SECONDS)).toList();
        // each row's cells as text (numbers rounded for people) with the exact number to sort by
        List<String> names = new ArrayList<>();
        List<Integer> priority = new ArrayList<>();
        names.add("itask");
        priority.add(0);
        params.forEach(p -> {
            names.add(p);
            priority.add(1);
        });
        values.forEach(v -> {
            names.add(v);
            priority.add(3);
        });
        names.add("status");
        priority.add(2);
        names.add("attempt");
        priority.add(d.resubmittedTasks > 0 ? 4 : 9);
        names.add("seconds");
        priority.add(4);
        costs.forEach(c -> {
            names.add(c);
            priority.add(8);
        });
        names.add("host");
        priority.add(6);
        names.add("job");
        priority.add(7);
        names.add("error");
        priority.add(5);
        int[] chars = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            chars[i] = names.get(i).length() + 2; // the sort arrow
        }
        List<String[][]> rows = new ArrayList<>();
        for (TaskRow r : d.table) {
            String[][] cells = new String[names.size()][];
            int i = 0;
            cells[i++] = new String[] {Long.toString(r.itask()), null};
            for (String p : params) {
                cells[i++] = new String[] {Flattener.cell(r.params().get(p)), null};
            }
            for (String v : values) {
                cells[i++] = cell(r.values().get(v));
            }
            cells[i++] = new String[] {r.status(), null};
            cells[i++] = new String[] {Integer.toString(r.attempt()), null};
            cells[i++] = seconds(r.seconds());
            Map<String, Double> measured = Resources.of(r);
            for (String c : costs) {
                Double x = measured.get(c);
                cells[i++] = x == null ? new String[] {"", null} : seconds(x);
            }
            cells[i++] = new String[] {r.run() == null || r.run().host() == null ? "" : r.run().host(), null};
            cells[i++] = new String[] {r.run() == null || r.run().jobId() == null ? "" : r.run().jobId(), null};
            cells[i] = new String[] {r.error() == null ? "" : r.error(), null};
            for (int k = 0; k < cells.length; k++) {
                int cap = k == cells.length - 1 ? ERROR_CHARS : CELL_CHARS;
                chars[k] = Math.max(chars[k], Math.min(cap, cells[k][0].length()));
            }
            rows.add(cells);
        }
        List<TableColumns.Column> columns = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            // the index keeps two columns of one name (a parameter and a result both named "n") apart
            columns.add(new TableColumns.Column(i + "", chars[i], priority.get(i)));
        }
        java.util.Set<String> shown = TableColumns.shown(columns, TableColumns.BUDGET);
        h.append("<section id=\"tasks\"><h2>Tasks</h2><p><input id=\"filter\" type=\"search\" placeholder=\"filter"
                + " rows (any column)\" size=\"40\"> <span id=\"shown\"></span></p>\n");
        h.append("<details id=\"columns\"><summary>columns (").append(shown.size()).append(" of ").append(names.size())
                .append(" shown)</summary><p class=\"column-choice\">");
        StringBuilder hidden = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            boolean on = shown.contains(i + "");
            h.append("<label><input type=\"checkbox\" data-column=\"").append(i + 1).append('"')
                    .append(on ? " checked" : "").append("> ").append(esc(names.get(i))).append("</label> ");
            if (!on) {
                hidden.append("#task-table tr > :nth-child(").append(i + 1).append("){display:none}");
            }
        }
        h.append("</p></details><style id=\"hidden-columns\">").append(hidden).append("</style>\n");
        if (d.tasks > d.table.size()) {
            h.append("<p class=\"note\" id=\"cap\">The first ").append(d.table.size()).append(" of ").append(d.tasks)
                    .append(" tasks are listed; results.csv and results.jsonl have every task.</p>\n");
        }
        h.append("<table id=\"task-table\" class=\"tasks\"><thead><tr>");
        for (String n : names) {
            h.append("<th>").append(esc(n)).append("</th>");
        }
        h.append("</tr></thead><tbody>\n");
        for (int j = 0; j < rows.size(); j++) {
            h.append("<tr class=\"").append(d.table.get(j).status()).append("\">");
            for (String[] c : rows.get(j)) {
                if (c[1] == null) {
                    h.append("<td>");
                } else {
                    h.append("<td data-v=\"").append(c[1]).append("\" title=\"").append(c[1]).append("\">");
                }
                h.append(esc(c[0])).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table></section>\n");
    }

    /** A result's cell: a fraction rounded to 4 significant digits (the exact value to sort by and on hover). */
    private static String[] cell(Object leaf) {
        if (leaf instanceof Double || leaf instanceof Float) {
            double x = ((Number) leaf).doubleValue();
            String shown = num(x);
            return shown.equals(leaf.toString()) ? new String[] {shown, null} : new String[] {shown, leaf.toString()};
        }
        return new String[] {Flattener.cell(leaf), null};
    }

    private static String[] seconds(double s) {
        return new String[] {num(s), Double.toString(s)};
    }

    // ---- helpers ----

    /** A linear or logarithmic map from data to pixels, with round ticks. */
    static final class Scale {
        final double lo;
        final double hi;
        final double p0;
        final double p1;
        final boolean log;

        Scale(double lo, double hi, double p0, double p1) {
            this(lo, hi, p0, p1, false);
        }

        Scale(double lo, double hi, double p0, double p1, boolean log) {
            this.log = log && lo > 0 && hi > lo;
            if (this.log) {
                lo = Math.log10(lo);
                hi = Math.log10(hi);
            }
            if (!(hi > lo)) {
                double pad = lo == 0 || !Double.isFinite(lo) ? 1 : Math.abs(lo) * 0.1;
                lo = Double.isFinite(lo) ? lo - pad : 0;
                hi = Double.isFinite(hi) ? hi + pad : 1;
            } else {
                double pad = (hi - lo) * 0.05;
                lo -= pad;
                hi += pad;
            }
            this.lo = lo;
            this.hi = hi;
            this.p0 = p0;
            this.p1 = p1;
        }

        double at(double v) {
            double u = log ? Math.log10(v) : v;
            return p0 + (u - lo) / (hi - lo) * (p1 - p0);
        }

        List<Double> ticks() {
            List<Double> out = new ArrayList<>();
            if (log) {
                // powers of ten, and 2 and 5 between them when the axis spans few decades
                double[] steps = hi - lo < 2.5 ? new double[] {1, 2, 5} : new double[] {1};
                for (int e = (int) Math.floor(lo); e <= Math.ceil(hi); e++) {
                    for (double m : steps) {
                        double t = m * Math.pow(10, e);
                        double u = Math.log10(t);
                        if (u >= lo - 1e-9 && u <= hi + 1e-9) {
                            out.add(t);
                        }
                    }
                }
                return out;
            }
            double span = hi - lo;
            double step = Math.pow(10, Math.floor(Math.log10(span / 5)));
            for (double m : new double[] {1, 2, 5, 10}) {
                if (span / (step * m) <= 6) {
                    step *= m;
                    break;
                }
            }
            for (double t = Math.ceil(lo / step) * step; t <= hi + 1e-12; t += step) {
                out.add(Math.abs(t) < step * 1e-9 ? 0 : t);
            }
            return out;
        }
    }

    private static String tasks(long n) {
        return FailurePolicy.tasks(n);
    }

    private static double secondsBetween(Instant a, Instant b) {
        return Duration.between(a, b).toNanos() / 1e9;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** A number for people: up to 4 significant digits. */
    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains("e")) {
            return s;
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    private static String duration(double s) {
        if (s < 120) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        return s < 7200 ? String.format(Locale.ROOT, "%.1f min", s / 60) : String.format(Locale.ROOT, "%.1f h", s / 3600);
    }

    /** HTML text and attribute content. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A resource beside this class (report.css, report.js), for pages of its kind. */
    static String resourceText(String name) {
        return resource(name);
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the plugin's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
