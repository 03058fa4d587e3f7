package io.github.qmr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.outputs.report.ReportData;
import io.github.qmr.outputs.RunFacts;
import io.github.qmr.outputs.TaskRow;
import io.github.qmr.runtime.TaskRun;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.maven.doxia.sink.Sink;
import org.apache.maven.doxia.sink.impl.Xhtml5BaseSink;
import org.junit.jupiter.api.Test;

/** The mvn site pages of qmr:site-report as a Doxia sink writes them (the site's skin only wraps them). */
class SitePageTest {
    private static final Instant T0 = Instant.parse("2026-12-07T09:00:00Z");

    private static String html(Consumer<Sink> write) {
        StringWriter out = new StringWriter();
        Xhtml5BaseSink sink = new Xhtml5BaseSink(out);
        write.accept(sink);
        sink.flush();
        return out.toString().replaceAll("\\R", "");
    }

    /** 5 tasks: 2 ok, 2 threw the same, 1 not run because the map stopped; as the report reads them. */
    private static SitePage.Execution sweep() {
        RunFacts facts = new RunFacts("sweep", "s", "com.example.Model", "sge", "pull", T0, T0.plusMillis(83_400), 5, 1,
                5, Map.of(), Map.of());
        ReportData data = new ReportData(facts, List.of("x"), List.of("result"));
        TaskRun run = new TaskRun(T0, T0.plusSeconds(1), "node1", "7");
        data.add(new TaskRow(0, 0, Map.of("x", 1L), Map.of("result", 1L), "ok", null, null, null, 1, 1, run));
        data.add(new TaskRow(1, 0, Map.of("x", 2L), Map.of(), TaskRow.NOT_RUN, TaskRow.NOT_RUN,
                "the map stopped early: 2 tasks failed", null, 1, 0, null));
        for (int i = 2; i < 4; i++) {
            data.add(new TaskRow(i, 0, Map.of("x", (long) i + 1), Map.of(), "failed", "java.lang.IllegalStateException",
                    "java.lang.IllegalStateException: diverged\n  at step 3", "trace", 1, 1, run));
        }
        data.add(new TaskRow(4, 0, Map.of("x", 5L), Map.of("result", 25L), "ok", null, null, null, 1, 1, run));
        return SitePage.Execution.of("sweep", "qmr-sweep.html", "qmr/sweep/report.html", null, data);
    }

    @Test
    void anExecutionsPageHasItsCountsItsFailuresByCauseAndItsReport() {
        String page = html(sink -> SitePage.execution(sink, sweep(), 1));
        assertTrue(page.contains("<h1>qmr: sweep had failures</h1>"), page);
        assertTrue(page.contains("<a href=\"qmr/sweep/report.html\">Full report (report.html)</a>"), page);
        for (String[] row : new String[][] {{"tasks", "5"}, {"succeeded", "2"}, {"failed", "2"}, {"not run", "1"},
                {"chunks resubmitted", "0"}, {"wall time", "83.4 s"}, {"queue", "sge (pull)"},
                {"function", "com.example.Model"}, {"ended", "2026-12-07T09:01:23Z"}}) {
            assertTrue(page.contains("<th>" + row[0] + "</th><td>" + row[1] + "</td>"), row[0] + " in " + page);
        }
        assertFalse(page.contains("<th>kept</th>"), "no kept results, no line");
        // the real cause first, its message without the class beside it and on one line; the tasks not run below
        int real = page.indexOf("<td>2</td><td>java.lang.IllegalStateException</td><td>diverged</td>"
                + "<td>itask 2 (x=3); itask 3 (x=4)</td>");
        int notRun = page.indexOf("<td>1</td><td>not-run</td><td>the map stopped early: 2 tasks failed</td>"
                + "<td>itask 1 (x=2)</td>");
        assertTrue(real > 0 && notRun > real, page);
    }

    @Test
    void aPassedExecutionSaysSoAndHasNoFailureTable() {
        RunFacts facts = new RunFacts("ok", null, null, null, null, null, null, 1, 1, 1, null, null);
        ReportData data = new ReportData(facts, List.of("x"), List.of("result"));
        data.add(new TaskRow(0, 0, Map.of("x", 1L), Map.of("result", 1L), "ok", null, null, null, 1, 2.5,
                new TaskRun(T0, T0.plusMillis(2500), "h", null)));
        String page = html(sink -> SitePage.execution(sink, SitePage.Execution.of("ok", "qmr-ok.html", null,
                "There is no report.html", data), 1));
        assertTrue(page.contains("<h1>qmr: ok passed</h1>"), page);
        assertTrue(page.contains("<p>There is no report.html</p>"), page);
        assertFalse(page.contains("Full report"), "no report, no link");
        assertTrue(page.contains("<th>wall time</th><td>2.5 s</td>"), "first start to last end without run.json");
        assertTrue(page.contains("<th>queue</th><td>unknown</td>"), page);
        assertTrue(page.contains("<p>None: every task succeeded.</p>"), page);
    }

    @Test
    void theIndexListsEveryExecutionWithItsPageAndReport() {
        SitePage.Execution unread = SitePage.Execution.unread("old", "#old", "qmr/old/report.html",
                "cannot read target/qmr/old/results.qmr: class com.example.Gone not found");
        String index = html(sink -> SitePage.index(sink, "qmr results", "target/qmr", List.of(sweep(), unread)));
        assertTrue(index.contains("under target/qmr"), index);
        assertTrue(index.contains("<tr class=\"b\"><td><a href=\"qmr-sweep.html\">sweep</a></td><td>5</td><td>2</td>"
                + "<td>2</td><td>1</td><td>83.4 s</td><td>sge (pull)</td><td><a href=\"qmr/sweep/report.html\">"
                + "report.html</a></td></tr>"), index);
        assertTrue(index.contains("<td><a href=\"#old\">old</a></td><td>?</td><td>?</td>"), index);
        String page = html(sink -> SitePage.execution(sink, unread, 2));
        assertTrue(page.contains("<h2>qmr: old</h2><p>cannot read target/qmr/old/results.qmr: class"
                + " com.example.Gone not found</p>"), page);
        assertFalse(page.contains("<table"), "no counts it could not read");
        assertEquals(1, page.split("Full report", -1).length - 1, "the report is still linked");
    }
}
