package io.github.qmr.outputs.report;

import static io.github.qmr.outputs.report.Html.esc;
import static io.github.qmr.outputs.report.Html.fmt;
import static io.github.qmr.outputs.report.Html.num;
import static io.github.qmr.outputs.report.Html.tasks;
import static io.github.qmr.outputs.report.Svg.B;
import static io.github.qmr.outputs.report.Svg.H;
import static io.github.qmr.outputs.report.Svg.L;
import static io.github.qmr.outputs.report.Svg.R;
import static io.github.qmr.outputs.report.Svg.T;
import static io.github.qmr.outputs.report.Svg.W;
import static io.github.qmr.outputs.report.Svg.axes;
import static io.github.qmr.outputs.report.Svg.categoryLabels;
import static io.github.qmr.outputs.report.Svg.colour;

import io.github.qmr.outputs.Flattener;
import io.github.qmr.outputs.TaskRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every task against one parameter (a scatter with the mean), and the mean over two parameters as a heat map. */
final class ParameterPlots {
    private final ReportData d;
    private final StringBuilder h;

    ParameterPlots(ReportData d, StringBuilder h) {
        this.d = d;
        this.h = h;
    }

    void scatter(String v, String p) {
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
        axes(h, x, y, numericX ? null : xs, esc(p) + (kind == Axis.LOG ? " (log)" : ""), esc(v));
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
    void heatMap(String v, String px, String py) {
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
        categoryLabels(h, xs, cw, true);
        categoryLabels(h, ys, ch, false);
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
}
