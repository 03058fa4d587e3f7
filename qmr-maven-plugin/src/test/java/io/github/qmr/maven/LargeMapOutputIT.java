package io.github.qmr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The caps of the outputs on a real map of 100,000 tasks on the local queue (slow: an IT). */
class LargeMapOutputIT {
    @TempDir
    Path basedir;

    private final MapRunnerIT runner = new MapRunnerIT();

    private static LinkedHashMap<String, String> sweep(String name, String values) {
        LinkedHashMap<String, String> m = new LinkedHashMap<>();
        m.put(name, values);
        return m;
    }

    @Test
    void aHundredThousandTaskMapKeepsItsJUnitReportAndItsHtmlReportSmall() throws Exception {
        runner.basedir = basedir;
        GoalFixture r = runner.request("io.github.qmr.maven.fixtures.Square");
        r.sweep = sweep("x", "1..100000");
        r.settings.put("numChunks", "40");
        r.maxFailedTasks = 1;
        Path summary = basedir.resolve("step-summary.md");
        r.stepSummary = summary.toString();
        MapRunner.Outcome outcome = new MapRunner(runner.log).run(r.goal());
        assertEquals(100_000, outcome.tasks());
        Path out = outcome.resultsDirectory();
        Path junit = out.resolve("TEST-qmr.unit.xml");
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        assertEquals("40", xml.getDocumentElement().getAttribute("tests"), "one case per chunk past 10,000 tasks");
        assertEquals("1", xml.getDocumentElement().getAttribute("failures"));
        assertEquals(100_001, Files.readAllLines(out.resolve("results.csv")).size(), "the CSV has every task");
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("The first 10000 of 100000 tasks are listed; results.csv and results.jsonl have every"
                + " task."), "the table is capped with a note");
        System.out.println("100,000-task map: TEST-qmr.unit.xml " + Files.size(junit) + " bytes, report.html "
                + Files.size(out.resolve("report.html")) + " bytes, results.csv " + Files.size(out.resolve("results.csv"))
                + " bytes");
        String md = Files.readString(summary);
        assertTrue(md.contains("| 100000 | 99999 | 1 | 0 |"), md);
        assertTrue(md.contains("itask 2 (x=3)"), md);
    }

}
