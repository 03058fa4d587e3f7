package io.github.qmr.outputs.report;

import static io.github.qmr.outputs.report.Html.esc;
import static io.github.qmr.outputs.report.Html.fmt;
import static io.github.qmr.outputs.report.Html.num;
import static io.github.qmr.outputs.report.Html.secondsBetween;
import static io.github.qmr.outputs.report.Html.tasks;
import static io.github.qmr.outputs.report.Svg.B;
import static io.github.qmr.outputs.report.Svg.H;
import static io.github.qmr.outputs.report.Svg.L;
import static io.github.qmr.outputs.report.Svg.R;
import static io.github.qmr.outputs.report.Svg.T;
import static io.github.qmr.outputs.report.Svg.W;
import static io.github.qmr.outputs.report.Svg.axes;

import io.github.qmr.outputs.RunFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Where the time went: a timeline of chunks (queued, running) and a histogram of task times. */
final class TimePlots {
    /** More chunks than this make a timeline no one can read: the first ones are drawn, and the caption says so. */
    private static final int TIMELINE_CHUNKS = 400;

    private final ReportData d;
    private final StringBuilder h;

    TimePlots(ReportData d, StringBuilder h) {
        this.d = d;
        this.h = h;
    }

    void time() {
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
        axes(h, x, y, null, "seconds per task", "tasks");
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
}
