package io.github.qmr.outputs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.outputs.RunFactsCollector;
import io.github.qmr.runtime.MapEvent;
import io.github.qmr.runtime.MapListener;
import io.github.qmr.runtime.TaskFailure;
import io.github.qmr.runtime.TaskResult;
import io.github.qmr.runtime.TaskRun;
import io.github.qmr.runtime.params.Params;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html while its map runs ({@link LiveReport}): the banner and the reload, the results so far, the last page
 * of a map that stopped; and how often it is written ({@link Running}).
 */
class LiveReportTest {
    private static final Instant T0 = Instant.parse("2026-12-07T05:00:00Z");

    @TempDir
    Path dir;

    final List<MapEvent> events = java.util.Collections.synchronizedList(new ArrayList<>());

    private LiveReport live(Path file, Duration every) {
        return new LiveReport(file, LiveReport.frame("sweep", "example.Model", "local", "pull", T0, 6), null,
                new RunFactsCollector(events::add), every);
    }

    /** 6 tasks in 6 chunks: 3 done (x=0 and x=1 succeeded, x=2 threw), 3 running. */
    private static MapEvent.Progress threeDone() {
        return new MapEvent.Progress("qmr-s", 6, 0, 3, 2, 1, Duration.ofSeconds(9), 0, 6, 3, 0);
    }

    private static void addThree(LiveReport live) {
        for (int x = 0; x < 3; x++) {
            TaskRun run = new TaskRun(T0.plusSeconds(x), T0.plusSeconds(x + 2), "node1", null);
            TaskResult<Long> r = x == 2
                    ? new TaskResult<>(x, null, new TaskFailure(x, x, "java.lang.IllegalStateException", "x is 2",
                            "java.lang.IllegalStateException: x is 2"), null, 2_000_000_000L, run)
                    : new TaskResult<>(x, (long) x * x, null, null, 2_000_000_000L, run);
            live.add(Params.of("x", Integer.toString(x)), r);
        }
    }

    @Test
    void aRunningPageHasTheBannerTheReloadAndTheResultsSoFar() {
        try (LiveReport live = live(dir.resolve("never-written.html"), Duration.ofHours(1))) {
            addThree(live);
            // no progress event: no thread, the page is only rendered here
            String html = live.page(T0.plusSeconds(9), Duration.ofSeconds(10));
            assertTrue(html.contains("<meta http-equiv=\"refresh\" content=\"10\">"), html);
            assertTrue(html.contains("<p id=\"running\""), html);
            assertTrue(html.contains(">running: 3 of 6 tasks done, as of 2026-12-07T05:00:09Z. The page reloads"
                    + " every 10 s"), html);
            assertTrue(html.contains("<tr><th>succeeded</th><td>2</td></tr>"), html);
            assertTrue(html.contains("<code>java.lang.IllegalStateException</code> x is 2</h3>\n<p class=\"tasks\">"
                    + "itask 2 (x=2)"), "the failure so far, with its parameters: " + html);
            assertTrue(html.contains("<figure class=\"plot\" data-y=\"result\" data-x=\"x\""),
                    "the plot of the tasks done: " + html);
            assertFalse(Files.exists(dir.resolve("never-written.html")), "never written before any progress");
        }
        assertFalse(Files.exists(dir.resolve("never-written.html")), "nor on closing: no page to say it stopped");
    }

    @Test
    void tasksDoneBeyondThoseReadInTaskOrderAreSaid() {
        try (LiveReport live = live(dir.resolve("r.html"), Duration.ofHours(1))) {
            addThree(live);
            live.onEvent(new MapEvent.Progress("qmr-s", 6, 0, 1, 5, 0, Duration.ofSeconds(9), 0, 6, 5, 0));
            String html = live.page(T0.plusSeconds(9), Duration.ofSeconds(10));
            assertTrue(html.contains("running: 5 of 6 tasks done, as of 2026-12-07T05:00:09Z. This page shows the"
                    + " first 3 in task order (a result shows once those before it are in)."), html);
        }
    }

    @Test
    void theRunningPageIsTheFinalPageWithTheBannerAndTheReload() {
        try (LiveReport live = live(dir.resolve("r.html"), Duration.ofHours(1))) {
            addThree(live);
            String running = live.page(T0.plusSeconds(9), Duration.ofSeconds(10));
            String last = new HtmlReport(live.data(), null).render();
            assertFalse(last.contains("http-equiv"), last);
            assertFalse(last.contains("id=\"running\""), last);
            assertTrue(running.contains("<tr><th>tasks</th><td>3 so far, of 6</td></tr>"), running);
            assertEquals(last, running.replace("<meta http-equiv=\"refresh\" content=\"10\">\n", "")
                    .replaceFirst("<p id=\"running\"[^\n]*\n", "").replace("3 so far, of 6", "3"),
                    "the rest of the page as the final report has it");
        }
    }

    @Test
    void thePageIsWrittenAtTheFirstProgressAndAMapThatStopsLeavesItSayingSo() throws Exception {
        Path file = dir.resolve("report.html");
        LiveReport live = live(file, Duration.ofHours(1));
        live.onEvent(threeDone());
        assertEquals(List.of(threeDone()), events, "every event goes on to the collector's listener");
        await(() -> Files.exists(file), "the first page, written at once");
        assertTrue(Files.readString(file).contains("running: 3 of 6 tasks done"));
        live.close();
        String html = Files.readString(file);
        assertTrue(html.contains(">stopped: 3 of 6 tasks done, as of "), html);
        assertTrue(html.contains("The map ended before it finished (its log says why); running the same map again"
                + " resumes it."), html);
        assertFalse(html.contains("http-equiv"), "a stopped map's page does not reload");
        assertFalse(Files.exists(dir.resolve("report.html.tmp")), "only the page is left");
    }

    @Test
    void aCompletedMapLeavesThePageToTheFinalReport() throws Exception {
        Path file = dir.resolve("report.html");
        LiveReport live = live(file, Duration.ofHours(1));
        live.onEvent(threeDone());
        await(() -> Files.exists(file), "the first page");
        String running = Files.readString(file);
        live.complete();
        live.close();
        assertEquals(running, Files.readString(file), "closing after the last result writes nothing");
    }

    @Test
    void aPageThatCannotBeWrittenIsSaidOnceAndTheMapGoesOn() throws Exception {
        Path file = dir.resolve("missing/report.html");
        try (LiveReport live = live(file, Duration.ofMillis(10))) {
            live.onEvent(threeDone());
            await(() -> events.size() > 1, "the warning");
            MapEvent.Notice warning = (MapEvent.Notice) events.get(1);
            assertTrue(warning.warning());
            assertTrue(warning.text().startsWith("cannot write " + file + " while the map runs ("), warning.text());
            assertTrue(warning.text().endsWith("); the map goes on and writes its report when it ends"),
                    warning.text());
            live.onEvent(threeDone());
        }
        assertEquals(3, events.size(), "two progress events and one warning, however many writes failed: " + events);
    }

    /** Results handed over faster than pages are written: every one becomes a row, in task order, whoever takes it. */
    @Test
    void manyResultsAreAllTakenInTheirOrder() {
        int n = 3 * LiveReport.PENDING + 7;
        try (LiveReport live = new LiveReport(dir.resolve("r.html"), LiveReport.frame("big", "example.Model", "local",
                "pull", T0, n), null, new RunFactsCollector(events::add), Duration.ofHours(1))) {
            live.onEvent(new MapEvent.Progress("qmr-s", n, 0, 0, n, 0, Duration.ofSeconds(9), 0, n, n, 0));
            for (int x = 0; x < n; x++) {
                live.add(Params.of("x", Integer.toString(x)), new TaskResult<>(x, (long) x, null, null, 1000L));
            }
            String html = live.page(T0.plusSeconds(9), Duration.ofSeconds(10));
            assertTrue(html.contains("<tr><th>tasks</th><td>" + n + " so far, of " + n + "</td></tr>"), html);
            assertTrue(html.contains(">running: " + n + " of " + n + " tasks done"), html);
            List<io.github.qmr.outputs.TaskRow> table = live.data().table;
            assertEquals(java.util.stream.LongStream.range(0, ReportData.TABLE_ROWS).boxed().toList(),
                    table.stream().map(io.github.qmr.outputs.TaskRow::itask).toList(), "the table's rows in task order");
            live.complete();
        }
    }

    @Test
    void thePauseBetweenWritesGrowsWithTheTimeAWriteTakes() {
        assertEquals(Duration.ofSeconds(10), Running.pause(Duration.ofSeconds(10), Duration.ofMillis(200)));
        assertEquals(Duration.ofSeconds(10), Running.pause(Duration.ofSeconds(10), Duration.ofMillis(500)));
        assertEquals(Duration.ofSeconds(40), Running.pause(Duration.ofSeconds(10), Duration.ofSeconds(2)),
                "a write of 2 s: 5 % of the time at most");
        assertEquals(5, new Running(0, 0, 1, T0, Duration.ofMillis(10)).reloadSeconds(), "the browser's least");
        assertEquals(11, new Running(0, 0, 1, T0, Duration.ofMillis(10_200)).reloadSeconds(), "rounded up");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "60 s without " + what);
            Thread.sleep(10);
        }
    }
}
