package io.github.qmr.maven;

import io.github.qmr.maven.classpath.WorkerClasspath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.outputs.RunFacts;
import io.github.qmr.outputs.RunFactsCollector;
import io.github.qmr.runtime.MapEvent;
import io.github.qmr.runtime.MapListener;
import io.github.qmr.runtime.ReducedFile;
import io.github.qmr.runtime.ResultsFile;
import io.github.qmr.runtime.TaskResult;
import io.github.qmr.runtime.TaskRun;
import io.github.qmr.runtime.params.Params;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** qmr:report and qmr:reduce over a results.qmr and run.json made here, as a map with one resubmission leaves them. */
class ExistingResultsTest {
    @TempDir
    Path dir;

    final LinesLog log = LinesLog.bare();
    final List<String> lines = log.lines;

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    /** 4 tasks x = 1..4 in 2 chunks; chunk 1 was resubmitted once (the engine's events, through the collector). */
    private Path results() throws Exception {
        Path out = Files.createDirectories(dir.resolve("target/qmr/sweep"));
        Path file = out.resolve("results.qmr");
        try (ResultsFile.Writer w = ResultsFile.create(file)) {
            for (int i = 0; i < 4; i++) {
                TaskRun run = new TaskRun(T0.plusSeconds(5 + i), T0.plusSeconds(6 + i), "node1", i < 2 ? "7.1" : "9");
                w.add(Params.of("x", Integer.toString(i + 1)), new TaskResult<>(i, (long) (i + 1) * (i + 1), null,
                        null, 1_000_000_000L, run));
            }
            w.finish();
        }
        MapListener none = e -> {};
        RunFactsCollector c = new RunFactsCollector(none);
        c.onEvent(new MapEvent.JobSubmitted("s", "7.1", T0));
        c.onEvent(new MapEvent.JobSubmitted("s", "7.2", T0));
        c.onEvent(new MapEvent.ChunkResubmitted("s", 1, 2, "7.2", "the worker was killed by signal 9"));
        c.onEvent(new MapEvent.JobSubmitted("s", "9", T0.plusSeconds(3)));
        c.facts("sweep", "s", "io.github.qmr.maven.fixtures.Square", "sge", "one array job per session", T0,
                T0.plusSeconds(10), 4, 2, 2).write(out);
        return file;
    }

    /** This module's test classes as the project, qmr's own classes from this JVM's classpath. */
    private static WorkerClasspath.Composed testClasses() {
        List<WorkerClasspath.Jar> qmr = TestClasspath.qmr().stream()
                .map(entry -> new WorkerClasspath.Jar(entry.toString(), "", entry)).toList();
        return new WorkerClasspath.Composed(qmr, TestClasspath.project(), List.of());
    }

    @Test
    void theReportOfEarlierResultsShowsTheirResubmissionsWithoutRunningAnything() throws Exception {
        Path file = results();
        Path located = ExistingResults.locate(null, null, dir.resolve("target/qmr"));
        assertEquals(file, located, "the most recent results");
        new ExistingResults(log).report(located, testClasses());
        Path out = file.getParent();
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<th>resubmitted</th><td>1 chunk (2 tasks)</td>"), html);
        assertTrue(html.contains("<rect class=\"run resubmitted\""), "the resubmitted chunk is marked on the timeline");
        assertTrue(html.contains("<rect class=\"queued\""), "queue-jobs with a submit time show their wait");
        assertTrue(html.contains("<rect class=\"bar resubmitted\""), "and in the histogram");
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals("itask,x,result,status,error,attempt,seconds,start,host,job,cpu_seconds,peak_mib,job_cpu_seconds,job_mem_mib", csv.get(0));
        assertTrue(csv.get(1).startsWith("0,1,1,ok,,1,1.000,2026-11-27T10:00:05Z,node1,7.1"), csv.get(1));
        assertTrue(csv.get(3).startsWith("2,3,9,ok,,2,"), "chunk 1's tasks came from attempt 2: " + csv.get(3));
        assertTrue(lines.get(0).endsWith("4 tasks, 0 failed; no task was run"), lines.toString());
    }

    @Test
    void reduceGivesTheReducersResultTypedAndAsJson() throws Exception {
        Path file = results();
        Path reduced = new ExistingResults(log).reduce(file, "io.github.qmr.maven.fixtures.Total", testClasses());
        assertEquals(30L, ReducedFile.read(reduced, getClass().getClassLoader()));
        assertEquals("{\n  \"result\": 30\n}", Files.readString(file.resolveSibling("reduced.json")));
        assertTrue(lines.contains("Reduced: 30"), lines.toString());
    }

    /** reduce then report: the reduced result in the page; a reduced.json older than the results is not this run's. */
    @Test
    void theReportShowsTheReducedResultOfTheseResultsOnly() throws Exception {
        Path file = results();
        new ExistingResults(log).reduce(file, "io.github.qmr.maven.fixtures.Total", testClasses());
        new ExistingResults(log).report(file, testClasses());
        String html = Files.readString(file.resolveSibling("report.html"));
        assertTrue(html.contains("<section id=\"reduced\"><h2>Reduced result</h2>"), html);
        assertTrue(html.contains("<tr><th>result</th><td>30</td></tr>"), html);
        Path json = file.resolveSibling("reduced.json");
        Files.setLastModifiedTime(json, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(file).toMillis() - 60_000));
        new ExistingResults(log).report(file, testClasses());
        html = Files.readString(file.resolveSibling("report.html"));
        assertTrue(html.contains("is older than results.qmr: it is from an earlier run, not shown"), html);
        assertFalse(html.contains("<tr><th>result</th><td>30</td></tr>"), "not shown as this run's");
    }

    /** The results of {@link #results()} in another run, x=3 giving 10 instead of 9, each task taking 2 s. */
    private Path baseline() throws Exception {
        Path other = Files.createDirectories(dir.resolve("baseline"));
        try (ResultsFile.Writer w = ResultsFile.create(other.resolve("results.qmr"))) {
            for (int i = 0; i < 4; i++) {
                w.add(Params.of("x", Integer.toString(i + 1)), new TaskResult<>(i, i == 2 ? 10L : (long) (i + 1)
                        * (i + 1), null, null, 2_000_000_000L, null));
            }
            w.finish();
        }
        return other;
    }

    /** A copy of the results with one value changed: compare.html shows the change, and the drift names it. */
    @Test
    void compareWritesTheChangesOfTwoRunsAndTheirDrift() throws Exception {
        Path file = results();
        Path other = baseline();
        io.github.qmr.outputs.report.Comparison c = new ExistingResults(log).compare(file, other, 0, testClasses());
        assertEquals(4, c.paired());
        assertTrue(c.drifted());
        assertEquals("result changed in 1 of 4 paired tasks (largest: itask 2 (x=3): 10 -> 9)", c.drift());
        String html = Files.readString(file.resolveSibling("compare.html"));
        assertTrue(html.contains("<tr class=\"failed\"><td>result</td><td>4</td><td>3</td><td>0</td><td>1</td>"
                + "<td>1</td><td>10.0 %</td><td>itask 2 (x=3): 10 -&gt; 9</td></tr>"), html);
        assertTrue(html.contains("4 s here, 8 s there (-50.0 %)"), html);
        assertTrue(lines.contains("  result: 3 equal, 0 within the tolerance, 1 changed of 4; largest: itask 2"
                + " (x=3): 10 -> 9"), lines.toString());
        assertFalse(new ExistingResults(log).compare(file, file.getParent(), 0, testClasses()).drifted(),
                "a run against itself");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new ExistingResults(log).compare(file, dir.resolve("nowhere"), 0, testClasses()));
        assertEquals("compareWith", e.parameter());
    }

    /**
     * qmr:report with another run to compare with: the comparison inside report.html, the log saying what changed;
     * with a tolerance set the drift fails, within it nothing does.
     */
    @Test
    void theReportComparesWithAnotherRunAndATolerancedDriftFails() throws Exception {
        Path file = results();
        Path other = baseline();
        io.github.qmr.outputs.report.ReportData data = new ExistingResults(log).report(file, testClasses(), null, other,
                0);
        String html = Files.readString(file.resolveSibling("report.html"));
        assertTrue(html.contains("<section id=\"comparison\">"), html);
        assertTrue(html.contains("<td>itask 2 (x=3): 10 -&gt; 9</td>"), html);
        assertTrue(lines.contains("  result: 3 equal, 0 within the tolerance, 1 changed of 4; largest: itask 2"
                + " (x=3): 10 -> 9"), lines.toString());
        Path report = file.resolveSibling("report.html");
        MapFailedException drift = assertThrows(MapFailedException.class,
                () -> ExistingResults.failOnDrift(data, other.resolve("results.qmr"), report));
        assertEquals("the results drifted from " + other.resolve("results.qmr") + ": result changed in 1 of 4 paired"
                + " tasks (largest: itask 2 (x=3): 10 -> 9). See " + report + "; if the change is expected, compare"
                + " with a new baseline, or allow numeric noise with -Dqmr.compareTolerance=1e-9 (relative)",
                drift.getMessage());
        io.github.qmr.outputs.report.ReportData within = new ExistingResults(log).report(file, testClasses(), null,
                other, 0.2);
        ExistingResults.failOnDrift(within, other.resolve("results.qmr"), report); // 9 against 10: within 20 %
        assertTrue(Files.readString(report).contains("<td>result</td><td>4</td><td>3</td><td>1</td><td>0</td>"));
    }

    /** qmr:site-report's reading: the report's counts, nothing written; every execution's results found by id. */
    @Test
    void theSummaryOfEarlierResultsWritesNothing() throws Exception {
        Path file = results();
        Path other = Files.createDirectories(dir.resolve("target/qmr/another"));
        Files.copy(file, other.resolve("results.qmr"));
        Files.createDirectories(dir.resolve("target/qmr/no-results"));
        assertEquals(List.of(other.resolve("results.qmr"), file), ExistingResults.all(dir.resolve("target/qmr")));
        assertEquals(List.of(), ExistingResults.all(dir.resolve("nothing")));
        io.github.qmr.outputs.report.ReportData data = new ExistingResults(log).summary(file, testClasses());
        assertEquals(4, data.tasks());
        assertEquals(0, data.failed());
        assertEquals(10.0, data.wallSeconds(), "the run's frame from run.json");
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of("results.qmr", "run.json"), files.map(p -> p.getFileName().toString()).sorted()
                    .toList());
        }
    }

    @Test
    void aMissingExecutionOrReducerNamesTheSettingAndTheFix() throws Exception {
        results();
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> ExistingResults.locate(null, "other", dir.resolve("target/qmr")));
        assertEquals("execution", e.parameter());
        assertTrue(e.getMessage().contains("-Dqmr.execution=ID"), e.getMessage());
        ConfigurationException none = assertThrows(ConfigurationException.class,
                () -> ExistingResults.locate(null, null, dir.resolve("nothing")));
        assertTrue(none.getMessage().startsWith("no results under "), none.getMessage());
        ConfigurationException reducer = assertThrows(ConfigurationException.class,
                () -> new ExistingResults(log).reduce(dir.resolve("target/qmr/sweep/results.qmr"), " ", testClasses()));
        assertEquals("reducer", reducer.parameter());
    }

    @Test
    void resultsWithoutRunJsonStillGiveAReport() throws Exception {
        Path file = results();
        Files.delete(file.resolveSibling(RunFacts.FILE));
        new ExistingResults(log).report(file, testClasses());
        assertTrue(Files.readString(file.resolveSibling("report.html")).contains("<th>tasks</th><td>4</td>"));
    }
}
