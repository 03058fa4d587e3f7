package io.github.qmr.outputs.report;

import static io.github.qmr.outputs.report.Html.esc;
import static io.github.qmr.outputs.report.Html.fmt;
import static io.github.qmr.outputs.report.Html.num;

import java.util.List;
import java.util.Locale;

/** The report's static plots: one frame size and margins, axes with ticks, category labels, the colour scale. */
final class Svg {
    private static final String[] PALETTE = {"#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"};
    /** A plot's width and height, and its margins left, right, top and bottom. */
    static final int W = 290;
    static final int H = 240;
    static final int L = 58;
    static final int R = 12;
    static final int T = 26;
    static final int B = 42;

    static void categoryLabels(StringBuilder h, List<String> values, double step, boolean horizontal) {
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

    static String colour(double lo, double hi, double v) {
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

    static void axes(StringBuilder h, Scale x, Scale y, List<String> categories, String xTitle, String yTitle) {
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

    private Svg() {}
}
