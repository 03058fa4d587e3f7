package io.github.qmr.outputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.ChunkFailure;
import io.github.qmr.runtime.MapEvent;
import io.github.qmr.runtime.MapListener;
import io.github.qmr.runtime.TaskFailure;
import io.github.qmr.runtime.TaskResult;
import io.github.qmr.runtime.TaskRun;
import io.github.qmr.runtime.params.Params;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The JUnit XML as a CI server reads it: failures, flaky passes after a resubmission, and the cap. */
class JUnitReportTest {
    @TempDir
    Path dir;

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    /** Chunk 1 (tasks 2, 3) was resubmitted once: the engine's events, as the collector receives them. */
    private RunFacts facts(long tasks, int chunks, long chunkSize) {
        List<MapEvent> passedOn = new ArrayList<>();
        MapListener next = passedOn::add;
        RunFactsCollector c = new RunFactsCollector(next);
        c.onEvent(new MapEvent.JobSubmitted("s", "41.2", T0));
        c.onEvent(new MapEvent.ChunkResubmitted("s", 1, 2, "41.2", "Eqw: the queue put the job in an error state"));
        c.onEvent(new MapEvent.JobEnded("s", "41.2", T0.plusSeconds(3)));
        c.onEvent(new MapEvent.JobSubmitted("s", "42", T0.plusSeconds(4)));
        c.onEvent(new MapEvent.Notice(false, "hello"));
        assertEquals(5, passedOn.size(), "every event reaches the build log's listener too");
        assertEquals(2, c.attempt(1));
        assertEquals(1, c.attempt(0));
        return c.facts("sweep", "s", "example.Model", "sge", "one array job per session", T0, T0.plusSeconds(20),
                tasks, chunks, chunkSize);
    }

    private TaskRow row(long itask, int ichunk, RunFacts facts, boolean fail) {
        TaskRun run = new TaskRun(T0.plusSeconds(10 + itask), T0.plusSeconds(11 + itask), "node" + ichunk,
                ichunk == 1 ? "42" : "41.1");
        TaskFailure f = fail ? new TaskFailure(itask, ichunk, "java.lang.ArithmeticException", "/ by zero",
                "java.lang.ArithmeticException: / by zero\n\tat example.Model.apply(Model.java:3)") : null;
        return TaskRow.of(Params.of("seed", Long.toString(itask)), new TaskResult<>(itask, fail ? null : itask * 2,
                f, null, 1_000_000_000L, run), ichunk, facts.attempt(ichunk));
    }

    static final String NOT_RUN = "the map stopped early, as the first 10 tasks to finish all failed, which"
            + " looks systematic";

    /** A task of a chunk the map never ran, as the runtime gives it. */
    private TaskRow notRun(long itask, int ichunk, long firstItask, int tasksInChunk) {
        ChunkFailure c = new ChunkFailure(ichunk, firstItask, tasksInChunk, null, null, NOT_RUN, "", true);
        return TaskRow.of(Params.of("seed", Long.toString(itask)), new TaskResult<>(itask, null, null, c, 0), ichunk,
                1);
    }

    private Document write(JUnitReport.Mode mode, RunFacts facts, List<TaskRow> rows) throws Exception {
        Path file = dir.resolve("TEST-qmr.sweep.xml");
        try (JUnitReport r = new JUnitReport(file, mode, "qmr.sweep", "example.Model", facts)) {
            for (TaskRow row : rows) {
                r.add(row);
            }
            r.finish();
        }
        assertTrue(Files.notExists(dir.resolve("TEST-qmr.sweep.xml.cases")), "the side file is removed");
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    @Test
    void aTaskThatPassedAfterItsChunkWasResubmittedIsAFlakyPassWithItsRunFacts() throws Exception {
        RunFacts facts = facts(4, 2, 2);
        List<TaskRow> rows = List.of(row(0, 0, facts, false), row(1, 0, facts, true), row(2, 1, facts, false),
                row(3, 1, facts, false));
        Document xml = write(JUnitReport.Mode.AUTO, facts, rows);
        Element suite = xml.getDocumentElement();
        assertEquals("4", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("2", suite.getAttribute("flakes"));
        NodeList cases = xml.getElementsByTagName("testcase");
        Element failed = (Element) cases.item(1);
        assertEquals("[1] seed=1", failed.getAttribute("name"));
        Element failure = (Element) failed.getElementsByTagName("failure").item(0);
        assertEquals("/ by zero", failure.getAttribute("message"));
        assertEquals("java.lang.ArithmeticException", failure.getAttribute("type"));
        assertTrue(failure.getTextContent().contains("at example.Model.apply"));
        Element flaky = (Element) cases.item(2);
        assertEquals(0, flaky.getElementsByTagName("failure").getLength(), "a flaky case passed");
        Element mark = (Element) flaky.getElementsByTagName("flakyFailure").item(0);
        assertTrue(mark.getAttribute("message").contains("chunk 1 attempt 1 (queue-job 41.2) did not finish: Eqw"),
                mark.getAttribute("message"));
        assertEquals(1, mark.getElementsByTagName("stackTrace").getLength());
        assertEquals("2", property(flaky, "attempt"));
        assertEquals("42", property(flaky, "job"));
        assertEquals("node1", property(flaky, "host"));
        assertEquals("8.000", property(flaky, "queueWait"), "job 42 submitted at 4 s, its first task started at 12 s");
        assertEquals("1.000", property(flaky, "runTime"));
        Element plain = (Element) cases.item(0);
        assertEquals(0, plain.getChildNodes().getLength(), "a first-attempt pass carries nothing");
    }

    private static String property(Element testcase, String name) {
        NodeList props = testcase.getElementsByTagName("property");
        for (int i = 0; i < props.getLength(); i++) {
            Element p = (Element) props.item(i);
            if (p.getAttribute("name").equals(name)) {
                return p.getAttribute("value");
            }
        }
        throw new AssertionError("no property " + name);
    }

    @Test
    void aHundredThousandTasksGiveOneCasePerChunk() throws Exception {
        long tasks = 100_000;
        RunFacts facts = facts(tasks, 1000, 100);
        Path file = dir.resolve("TEST-qmr.big.xml");
        try (JUnitReport r = new JUnitReport(file, JUnitReport.Mode.AUTO, "qmr.big", "example.Model", facts)) {
            for (long i = 0; i < tasks; i++) {
                r.add(row(i, (int) (i / 100), facts, i == 12_345));
            }
            r.finish();
        }
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        assertEquals("1000", xml.getDocumentElement().getAttribute("tests"));
        assertEquals("1", xml.getDocumentElement().getAttribute("failures"));
        Element chunk123 = (Element) xml.getElementsByTagName("testcase").item(123);
        assertEquals("chunk 123: itasks 12300..12399", chunk123.getAttribute("name"));
        assertEquals("1 of 100 tasks failed; first: itask 12345 (seed=12345): / by zero",
                ((Element) chunk123.getElementsByTagName("failure").item(0)).getAttribute("message"));
        long size = Files.size(file);
        System.out.println("JUnit XML of a 100,000-task map in 1,000 chunks: " + size + " bytes");
        assertTrue(size < 1_000_000, "capped: " + size + " bytes");
    }

    @Test
    void pastTenThousandChunksOnlyFailedTasksAreCasesAndOneCaseHoldsTheRest() throws Exception {
        long tasks = 20_000;
        RunFacts facts = facts(tasks, 20_000, 1);
        Path file = dir.resolve("TEST-qmr.huge.xml");
        try (JUnitReport r = new JUnitReport(file, JUnitReport.Mode.AUTO, "qmr.huge", "example.Model", facts)) {
            for (long i = 0; i < tasks; i++) {
                r.add(row(i, (int) i, facts, i % 5000 == 7));
            }
            r.finish();
        }
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        assertEquals("5", xml.getDocumentElement().getAttribute("tests"));
        assertEquals("4", xml.getDocumentElement().getAttribute("failures"));
        assertTrue(((Element) xml.getElementsByTagName("testcase").item(4)).getAttribute("name")
                .startsWith("19996 other tasks passed"));
    }

    @Test
    void tasksModeKeepsOneCasePerTaskWhateverTheCount() throws Exception {
        RunFacts facts = facts(12_000, 12, 1000);
        Path file = dir.resolve("TEST-qmr.all.xml");
        try (JUnitReport r = new JUnitReport(file, JUnitReport.Mode.TASKS, "qmr.all", "example.Model", facts)) {
            for (long i = 0; i < 12_000; i++) {
                r.add(row(i, (int) (i / 1000), facts, false));
            }
            r.finish();
        }
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        assertEquals("12000", xml.getDocumentElement().getAttribute("tests"));
    }

    @Test
    void aTaskNotRunIsSkippedWithTheReasonNotAnError() throws Exception {
        RunFacts facts = facts(4, 4, 1);
        List<TaskRow> rows = List.of(row(0, 0, facts, true), notRun(1, 1, 1, 1), notRun(2, 2, 2, 1),
                notRun(3, 3, 3, 1));
        Document xml = write(JUnitReport.Mode.TASKS, facts, rows);
        Element suite = xml.getDocumentElement();
        assertEquals("4", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("0", suite.getAttribute("errors"));
        assertEquals("3", suite.getAttribute("skipped"));
        Element second = (Element) xml.getElementsByTagName("testcase").item(1);
        Element skipped = (Element) second.getElementsByTagName("skipped").item(0);
        assertEquals(NOT_RUN, skipped.getAttribute("message"));
        assertEquals(0, second.getElementsByTagName("error").getLength());
    }

    @Test
    void aChunkNotRunIsASkippedCaseAndPastTheCapTheTasksNotRunAreOneSkippedCase() throws Exception {
        RunFacts facts = facts(6, 3, 2);
        List<TaskRow> rows = List.of(row(0, 0, facts, true), row(1, 0, facts, false), notRun(2, 1, 2, 2),
                notRun(3, 1, 2, 2), notRun(4, 2, 4, 2), notRun(5, 2, 4, 2));
        Document chunks = write(JUnitReport.Mode.CHUNKS, facts, rows);
        assertEquals("3", chunks.getDocumentElement().getAttribute("tests"));
        assertEquals("1", chunks.getDocumentElement().getAttribute("failures"));
        assertEquals("2", chunks.getDocumentElement().getAttribute("skipped"));
        assertEquals("2 of 2 tasks not run: " + NOT_RUN, ((Element) chunks.getElementsByTagName("skipped").item(0))
                .getAttribute("message"));

        long tasks = 20_000;
        RunFacts many = facts(tasks, 20_000, 1);
        Path file = dir.resolve("TEST-qmr.huge.xml");
        try (JUnitReport r = new JUnitReport(file, JUnitReport.Mode.AUTO, "qmr.huge", "example.Model", many)) {
            for (long i = 0; i < tasks; i++) {
                r.add(i < 10 ? row(i, (int) i, many, true) : i < 15 ? row(i, (int) i, many, false)
                        : notRun(i, (int) i, i, 1));
            }
            r.finish();
        }
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        assertEquals("12", xml.getDocumentElement().getAttribute("tests"));
        assertEquals("10", xml.getDocumentElement().getAttribute("failures"));
        assertEquals("1", xml.getDocumentElement().getAttribute("skipped"));
        Element rest = (Element) xml.getElementsByTagName("testcase").item(11);
        assertEquals("19985 tasks not run", rest.getAttribute("name"));
        assertEquals(NOT_RUN, ((Element) rest.getElementsByTagName("skipped").item(0)).getAttribute("message"));
    }

    @Test
    void settingsParseCaseInsensitively() {
        assertEquals(JUnitReport.Mode.OFF, JUnitReport.Mode.parse(" off "));
        assertEquals(JUnitReport.Mode.CHUNKS, JUnitReport.Mode.parse("Chunks"));
    }
}
