package io.github.qmr.outputs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.outputs.RunFacts;
import io.github.qmr.outputs.RunFactsCollector;
import io.github.qmr.outputs.TaskRow;
import io.github.qmr.runtime.ChunkFailure;
import io.github.qmr.runtime.MapListener;
import io.github.qmr.runtime.TaskFailure;
import io.github.qmr.runtime.TaskResult;
import io.github.qmr.runtime.TaskRun;
import io.github.qmr.runtime.params.Params;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What report.html says about a map that stopped early: the counts apart, the real cause first. */
class HtmlReportTest {
    private static final Instant T0 = Instant.parse("2026-12-07T05:00:00Z");
    private static final String NOT_RUN = "the map stopped early, as a task failed, and the map stops at its"
            + " first failed task";

    /** Task 0 succeeded, task 1 threw, chunk 1 (tasks 2, 3) died, chunks 2 to 4 (tasks 4 to 9) never ran. */
    private static ReportData stoppedEarly() {
        RunFacts facts = new RunFactsCollector(MapListener.none()).facts("sweep", "s", "example.Model", "local",
                "pull", T0, T0.plusSeconds(30), 10, 5, 2);
        ReportData d = new ReportData(facts, List.of("n"), List.of("result"));
        TaskRun run = new TaskRun(T0.plusSeconds(1), T0.plusSeconds(3), "node1", null);
        d.add(row(0, 0, new TaskResult<>(0, 0L, null, null, 2_000_000_000L, run)));
        d.add(row(1, 0, new TaskResult<>(1, null, new TaskFailure(1, 0, "java.lang.IllegalStateException", "n is 1",
                "java.lang.IllegalStateException: n is 1\n\tat example.Model.apply(Model.java:9)"), null,
                1_500_000_000L, run)));
        ChunkFailure died = new ChunkFailure(1, 2, 2, "7", 3, "the worker JVM exited with code 3", "bye from n=3");
        d.add(row(2, 1, new TaskResult<>(2, null, null, died, 0)));
        d.add(row(3, 1, new TaskResult<>(3, null, null, died, 0)));
        for (int itask = 4; itask < 10; itask++) {
            ChunkFailure notRun = new ChunkFailure(itask / 2, itask / 2 * 2, 2, null, null, NOT_RUN, "", true);
            d.add(row(itask, itask / 2, new TaskResult<>(itask, null, null, notRun, 0)));
        }
        return d;
    }

    @TempDir
    Path dir;

    /** The page as written, through the one way a map writes it. */
    private String render(ReportData d) throws Exception {
        Path file = dir.resolve(HtmlReport.FILE);
        HtmlReport.write(d, file);
        return Files.readString(file);
    }

    private static TaskRow row(long itask, int ichunk, TaskResult<?> r) {
        return TaskRow.of(Params.of("n", Long.toString(itask)), r, ichunk, 1);
    }

    @Test
    void theSummaryCountsSucceededFailedAndNotRunApartAndNamesTaskTimeAsWallTime() throws Exception {
        ReportData d = stoppedEarly();
        assertEquals(3, d.failed());
        assertEquals(6, d.notRun());
        String html = render(d);
        assertTrue(html.contains("<tr><th>succeeded</th><td>1</td></tr>"), html);
        assertTrue(html.contains("<tr><th>failed</th><td><span class=\"bad\">3</span></td></tr>"), html);
        assertTrue(html.contains("<tr><th>not run</th><td><span class=\"bad\">6</span> (the map stopped early)</td>"
                + "</tr>"), html);
        assertTrue(html.contains("<tr><th>task wall time</th><td>3.5 s (wall time of the function, summed over"
                + " tasks)</td></tr>"), html);
        assertFalse(html.contains("CPU time"), "the workers measure no CPU time");
    }

    @Test
    void theRealCausesComeFirstAndTasksNotRunHaveNoStackTrace() throws Exception {
        String html = render(stoppedEarly());
        String failures = html.substring(html.indexOf("<section id=\"failures\">"),
                html.indexOf("</section>", html.indexOf("<section id=\"failures\">")));
        int thrown = failures.indexOf("<code>java.lang.IllegalStateException</code> n is 1");
        int died = failures.indexOf("<code>chunk-failed</code> chunk 1 (itasks 2..3, queue-job 7): the worker JVM"
                + " exited with code 3");
        int notRun = failures.indexOf("<div class=\"failure-group not-run\"><h3><span class=\"count\">6 &times;"
                + " </span>not run</h3>\n<p class=\"reason\">the map stopped early, as a task failed, and the map"
                + " stops at its first failed task</p><p class=\"tasks\">itask 4 (n=4) &middot; itask 5 (n=5)");
        assertTrue(thrown >= 0 && died >= 0 && notRun >= 0, failures);
        assertTrue(thrown < notRun && died < notRun, "the causes above the tasks not run: " + failures);
        assertTrue(failures.contains("<summary>stack trace of itask 1</summary>"), failures);
        assertTrue(failures.contains("<summary>end of the stderr of chunk 1</summary><pre>bye from n=3</pre>"),
                failures);
        assertEquals(2, failures.split("<details>", -1).length - 1, "a details block per cause, none for not run");
        assertFalse(failures.substring(notRun).contains("<details>"), "a task that never ran has no stack trace");
    }

    @Test
    void theTimeHistogramCountsOnlyTasksThatRan() throws Exception {
        String html = render(stoppedEarly());
        assertTrue(html.contains("<title>1 task took 1.467-1.533 s</title>"), html);
        assertFalse(html.contains("tasks took 0-"), "tasks without a run are not in the histogram");
    }

    /**
     * A rerun that kept 8 of 16 results, compared with a run where task 3 gave 4: the summary says both, and the
     * comparison section shows the changed value with qmr:compare's view.
     */
    @Test
    void theSummarySaysTheKeptResultsAndTheComparisonShowsWhatChanged() throws Exception {
        RunFacts facts = new RunFactsCollector(MapListener.none()).facts("sweep", "s", "example.Model", "local",
                "pull", T0, T0.plusSeconds(30), 16, 2, 4).withKept(new RunFacts.Kept(8, 2, List.of(8L, 8L)));
        ReportData d = new ReportData(facts, List.of("n"), List.of("result"));
        TaskRun run = new TaskRun(T0.plusSeconds(1), T0.plusSeconds(3), "node1", null);
        List<TaskRow> other = new java.util.ArrayList<>();
        for (int itask = 0; itask < 16; itask++) {
            TaskRow row = row(itask, facts.chunkOf(itask), new TaskResult<>(itask, (long) itask, null, null,
                    1_000_000_000L, run));
            d.add(row);
            other.add(row(itask, 0, new TaskResult<>(itask, itask == 3 ? 4L : (long) itask, null, null,
                    2_000_000_000L, run)));
        }
        List<TaskRow> here = new java.util.ArrayList<>(d.table);
        d.compared(Comparison.of(here, other, 0), "../before/target/qmr/sweep/results.qmr");
        String html = render(d);
        assertTrue(html.contains("<tr><th>kept</th><td>16 tasks: 8 from kept results, 8 computed (2 of the kept by an"
                + " earlier version of the function: -Dqmr.rerun=failed)</td></tr>"), html);
        assertTrue(html.contains("<tr><th>compared with</th><td><a href=\"#comparison\">../before/target/qmr/sweep/"
                + "results.qmr</a>: <span class=\"bad\">drifted</span></td></tr>"), html);
        String section = html.substring(html.indexOf("<section id=\"comparison\">"));
        assertTrue(section.contains("<tr class=\"failed\"><td>result</td><td>16</td><td>15</td><td>0</td><td>1</td>"
                + "<td>1</td><td>25.0 %</td><td>itask 3 (n=3): 4 -&gt; 3</td></tr>"), section);
        assertTrue(section.contains("<tr><th>task time (paired)</th><td>16 s here, 32 s there (-50.0 %)</td></tr>"),
                section);
        assertEquals(1, html.split("id=\"summary\"", -1).length - 1, "the view's ids are its own: "
                + html.substring(0, 400));
    }

    @Test
    void aComparisonThatCannotBeReadSaysWhyAndARerunWithoutKeptResultsSaysNothingOfThem() throws Exception {
        ReportData d = stoppedEarly();
        d.notCompared("other/results.qmr", "cannot read other/results.qmr with this project's classes: no class");
        String html = render(d);
        assertTrue(html.contains("<section id=\"comparison\"><h2>Compared with another run</h2>\n<p class=\"note\">"
                + "cannot read other/results.qmr with this project&#39;s classes: no class</p>"), html);
        assertTrue(html.contains("other/results.qmr</a>: <span class=\"bad\">not read</span>"), html);
        assertFalse(html.contains("<th>kept</th>"), "no result was kept");
    }

    /** A parameter's value is data: in the embedded plot data it cannot end the script element. */
    @Test
    void textInThePlotDataCannotEndItsScript() throws Exception {
        RunFacts facts = new RunFactsCollector(MapListener.none()).facts("sweep", "s", "example.Model", "local",
                "pull", T0, T0.plusSeconds(30), 2, 1, 2);
        ReportData d = new ReportData(facts, List.of("name"), List.of("result"));
        TaskRun run = new TaskRun(T0.plusSeconds(1), T0.plusSeconds(3), "node1", null);
        for (String name : List.of("</script><script>alert(1)</script>", "b")) {
            d.add(TaskRow.of(Params.of("name", name), new TaskResult<>(name.length(), 1L, null, null, 1L, run), 0, 1));
        }
        String html = render(d);
        String data = html.substring(html.indexOf("<script type=\"application/json\" id=\"plot-data\">"));
        data = data.substring(0, data.indexOf("</script>"));
        assertTrue(data.contains("\\u003c/script>\\u003cscript>alert(1)\\u003c/script>"), data);
    }
}
