package io.github.qmr.outputs.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@value #FILE}: {@code qmr:compare}'s view of two runs, one self-contained page like the report; the same view
 * is {@code report.html}'s comparison ({@link #view}).
 */
public final class ComparisonPage {
    public static final String FILE = "compare.html";

    private ComparisonPage() {}

    public static void write(Comparison c, Path here, Path there, Path file) throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>qmr comparison</title>\n")
                .append("<style>").append(Html.resource("report.css")).append("</style></head><body>\n")
                .append("<h1>qmr comparison</h1>\n");
        view(h, c, here.toString(), there.toString(), "", "h2");
        h.append("</body></html>\n");
        Files.writeString(file, h, StandardCharsets.UTF_8);
    }

    /**
     * The comparison's sections: its facts ({@code <ids>summary}), the result components ({@code <ids>components},
     * the table {@code <ids>changes}), then the tasks whose status changed and those in one run only.
     *
     * @param ids what the sections' ids start with, so the view fits in a page with ids of its own
     * @param heading the sections' heading element: h2 in a page of its own, h3 within the report's section
     */
    static void view(StringBuilder h, Comparison c, String here, String there, String ids, String heading) {
        h.append("<section id=\"").append(ids).append("summary\"><table class=\"facts\">");
        fact(h, "this run", here);
        fact(h, "other run", there);
        fact(h, "paired tasks", Long.toString(c.paired()));
        fact(h, "tolerance", c.tolerance() == 0 ? "0 (only equal values are unchanged)"
                : Html.num(c.tolerance()) + " (relative)");
        fact(h, "drift", c.drifted() ? "yes" : "none");
        fact(h, "task time (paired)", Html.num(c.secondsHere()) + " s here, " + Html.num(c.secondsThere())
                + " s there" + (c.secondsThere() > 0 ? String.format(java.util.Locale.ROOT, " (%+.1f %%)",
                        (c.secondsHere() / c.secondsThere() - 1) * 100) : ""));
        h.append("</table></section>\n<section id=\"").append(ids).append("components\"><").append(heading)
                .append(">Results</").append(heading).append("><table class=\"tasks changes\" id=\"").append(ids)
                .append("changes\">"
                + "<thead><tr><th>component</th><th>compared</th><th>equal</th><th>within tolerance</th>"
                + "<th>changed</th><th>largest change</th><th>largest relative change</th><th>largest at</th></tr>"
                + "</thead><tbody>");
        for (Comparison.Component k : c.components()) {
            h.append("<tr class=\"").append(k.changed() > 0 ? "failed" : "ok").append("\"><td>")
                    .append(Html.esc(k.name())).append("</td><td>").append(k.compared()).append("</td><td>")
                    .append(k.exact()).append("</td><td>").append(k.within()).append("</td><td>").append(k.changed())
                    .append("</td><td>").append(k.worst() == null ? "" : Html.num(k.maxAbsDelta()))
                    .append("</td><td>").append(k.worst() == null || Double.isInfinite(k.maxRelDelta()) ? ""
                            : String.format(java.util.Locale.ROOT, "%.3g %%", k.maxRelDelta() * 100))
                    .append("</td><td>").append(Html.esc(k.worst() == null ? "" : k.worst()))
                    .append("</td></tr>");
        }
        h.append("</tbody></table></section>\n");
        list(h, ids + "status", heading, "Tasks whose status changed (other -> this)", c.statusChanges(),
                c.statusChangeCount());
        list(h, ids + "only-here", heading, "Tasks only in this run", c.onlyHere(), c.onlyHereCount());
        list(h, ids + "only-there", heading, "Tasks only in the other run", c.onlyThere(), c.onlyThereCount());
    }

    private static void fact(StringBuilder h, String name, String value) {
        h.append("<tr><th>").append(Html.esc(name)).append("</th><td>").append(Html.esc(value))
                .append("</td></tr>");
    }

    private static void list(StringBuilder h, String id, String heading, String title, List<String> items,
            long count) {
        if (count == 0) {
            return;
        }
        h.append("<section id=\"").append(id).append("\"><").append(heading).append('>')
                .append(Html.esc(title)).append(": ").append(count).append("</").append(heading)
                .append("><ul>");
        items.forEach(i -> h.append("<li>").append(Html.esc(i)).append("</li>"));
        h.append("</ul>").append(count > items.size() ? "<p class=\"note\">and " + (count - items.size()) + " more</p>"
                : "").append("</section>\n");
    }
}
