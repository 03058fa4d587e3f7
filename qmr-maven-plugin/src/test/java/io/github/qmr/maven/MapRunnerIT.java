package io.github.qmr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.ReducedFile;
import io.github.qmr.runtime.ResultsFile;
import io.github.qmr.runtime.params.Params;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * MapRunner end to end on the embedded local queue, without Maven: what the mojo does after reading the POM. An IT:
 * it starts worker JVMs.
 */
class MapRunnerIT {
    @TempDir
    Path basedir;

    final LinesLog log = LinesLog.levelled();
    final List<String> lines = log.lines;

    /** A request as the mojo makes it: qmr's jars, then the "project" (this module's test classes). */
    GoalFixture request(String function) {
        List<Path> qmr = TestClasspath.qmr();
        List<Path> project = TestClasspath.project();
        GoalFixture r = new GoalFixture();
        r.executionId = "unit";
        r.basedir = basedir;
        r.queue = "local";
        r.function = function;
        r.qmrClasspath = qmr;
        r.projectClasspath = project;
        r.settings.put("numChunks", "2");
        return r;
    }

    /** The queue the map would run on, as it builds it. */
    io.github.qmr.runtime.queue.BatchQueue queue(GoalFixture r) throws ConfigurationException {
        MapGoal goal = r.goal();
        return goal.queue().queue(goal.jobRequest(), goal.workDir(), log);
    }

    private static LinkedHashMap<String, String> sweep(String name, String values) {
        LinkedHashMap<String, String> m = new LinkedHashMap<>();
        m.put(name, values);
        return m;
    }

    @Test
    void aSweepWritesEveryOutput() throws Exception {
        GoalFixture r = request("io.github.qmr.maven.fixtures.Square");
        r.sweep = sweep("x", "1,2,4");
        r.reducer = "io.github.qmr.maven.fixtures.Total";
        MapRunner.Outcome outcome = new MapRunner(log).run(r.goal());

        Path out = basedir.resolve("target/qmr/unit");
        assertEquals(out, outcome.resultsDirectory());
        assertEquals(3, outcome.tasks());
        assertEquals(0, outcome.failed());
        assertNull(outcome.keptWorkDir());
        assertEquals(List.of("itask,x,result,status,error,attempt", "0,1,1,ok,,1", "1,2,4,ok,,1", "2,4,16,ok,,1"),
                Files.readAllLines(out.resolve("results.csv")).stream()
                        .map(l -> String.join(",", Arrays.asList(l.split(",", -1)).subList(0, 6))).toList());
        assertEquals(21L, ReducedFile.read(out.resolve("reduced.qmr"), getClass().getClassLoader()));
        assertEquals(21, new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("reduced.json").toFile())
                .get("result").asInt());
        assertEquals(out.resolve("reduced.qmr"), outcome.reducedFile());
        assertTrue(Files.isRegularFile(out.resolve("results.jsonl")));
        assertTrue(Files.isRegularFile(out.resolve("report.html")));
        assertTrue(Files.isRegularFile(out.resolve("run.json")));

        List<ResultsFile.Entry> entries = ResultsFile.readAll(outcome.resultsFile(), getClass().getClassLoader());
        assertEquals(Params.of("x", "4"), entries.get(2).task());
        assertEquals(16L, entries.get(2).result().value());

        Document report = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(out.resolve("TEST-qmr.unit.xml").toFile());
        assertEquals("3", report.getDocumentElement().getAttribute("tests"));
        assertEquals("[1] x=2", ((org.w3c.dom.Element) report.getElementsByTagName("testcase").item(1))
                .getAttribute("name"));
        assertTrue(Files.readString(out.resolve("provenance.json")).contains("\"tasks\": \"sweep x=1,2,4\""));

        assertTrue(lines.stream().anyMatch(l -> l.startsWith("INFO Tasks: 3, Succeeded: 3, Failed: 0 (of 2 chunks on the local queue, ")),
                String.join("\n", lines));
        assertTrue(lines.contains("INFO Reduced: 21"));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("INFO worker classpath: ")));
    }

    @Test
    void failedTasksFailTheMapUnlessAllowed() throws Exception {
        GoalFixture r = request("io.github.qmr.maven.fixtures.Square");
        r.sweep = sweep("x", "1..4");
        MapFailedException e = assertThrows(MapFailedException.class, () -> new MapRunner(log).run(r.goal()));
        assertTrue(e.getMessage().startsWith("1 of 4 tasks failed; the failures are listed above, every task is in "),
                e.getMessage());
        assertTrue(lines.contains("ERROR itask 2 (x=3), chunk 1: java.lang.IllegalArgumentException: x = 3 is refused <&>"),
                String.join("\n", lines));
        // a sporadic failure does not stop the map: the other chunk runs whichever a worker claims first
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("ERROR Tasks: 4, Succeeded: 3, Failed: 1 (of 2 chunks on"
                + " the local queue, ")), String.join("\n", lines));
        Path report = basedir.resolve("target/qmr/unit/TEST-qmr.unit.xml");
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
        org.w3c.dom.Element failure = (org.w3c.dom.Element) xml.getElementsByTagName("failure").item(0);
        assertEquals("x = 3 is refused <&>", failure.getAttribute("message"));
        assertTrue(failure.getTextContent().contains("at io.github.qmr.maven.fixtures.Square.apply"));

        lines.clear();
        GoalFixture allowed = request("io.github.qmr.maven.fixtures.Square");
        allowed.sweep = sweep("x", "1..4");
        allowed.maxFailedTasks = 1;
        MapRunner.Outcome outcome = new MapRunner(log).run(allowed.goal());
        assertEquals(1, outcome.failed());
        // the three results of the first run are kept: only the failed task runs again, in a chunk of its own, and
        // not in the pre-flight (it failed last time: the queue retries it, where <maxFailedTasks> counts it)
        assertTrue(lines.contains("INFO 4 tasks: 3 from kept results, 1 computed"), String.join("\n", lines));
        assertTrue(lines.contains("WARN itask 2 (x=3), chunk 0: java.lang.IllegalArgumentException: x = 3 is refused <&>"),
                String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("WARN Tasks: 4, Succeeded: 3, Failed: 1 (of 1 chunk on the local queue, ")),
                String.join("\n", lines));
    }

    /** Issue 24: a failure met by many tasks or chunks is shown once, with the others named, not once per chunk. */
    @Test
    void eachDistinctFailureIsShownOnceWithTheTasksAndChunksThatFailedTheSameWay() throws Exception {
        GoalFixture r = request("io.github.qmr.maven.fixtures.RefusesThenExits");
        r.sweep = sweep("x", "1..7");
        r.settings.put("numChunks", "7");
        assertThrows(MapFailedException.class, () -> new MapRunner(log).run(r.goal()));
        String all = String.join("\n", lines);
        assertTrue(lines.contains("ERROR ----- stack trace of itask 1 (x=2), chunk 1: java.lang.IllegalStateException:"
                + " x = 2 is refused; 1 more task failed the same way: itask 2 -----"), all);
        assertEquals(1, lines.stream().filter(l -> l.startsWith("ERROR ----- stack trace of ")).count(), all);
        assertEquals(1, lines.stream().filter(l -> l.startsWith("ERROR ----- stderr of chunk ")).count(), all);
        assertEquals(1, lines.stream().filter(l -> l.startsWith("ERROR exiting on x = ")).count(), all);
        // results are read in task order, so the first chunk of the cause is the lowest
        assertTrue(lines.contains("ERROR 3 more chunks failed the same way as chunk 3: 4..6"), all);
    }

    @Test
    void aSystematicFailureStopsTheMapAndTheTasksNotRunAreCountedApart() throws Exception {
        GoalFixture r = request("io.github.qmr.maven.fixtures.NoInputThenHeld");
        r.sweep = sweep("x", "1..40");
        r.settings.put("numChunks", "40");
        r.settings.put("maxWorkers", "1");
        r.preflight = 0;
        r.environment = Map.of("QMR_TEST_RELEASE", basedir.resolve("never-released").toString());
        MapFailedException e = assertThrows(MapFailedException.class, () -> new MapRunner(log).run(r.goal()));
        assertTrue(e.getMessage().startsWith("10 of 40 tasks failed and 30 were not run (the map stopped early, as the"
                + " first 10 tasks to finish all failed, which looks systematic); the failures are listed above"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("Fix the function, or set <maxFailedTasks> (-Dqmr.maxFailedTasks) to accept"
                + " failed tasks; <stopOnSystematicFailure>false</stopOnSystematicFailure>"
                + " (-Dqmr.stopOnSystematicFailure=false) runs every task however many fail"), e.getMessage());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("ERROR Tasks: 40, Succeeded: 0, Failed: 10, Not run: 30"
                + " (of 40 chunks on the local queue, ")), String.join("\n", lines));
        int cause = lines.indexOf("ERROR itask 0 (x=1), chunk 0: java.lang.IllegalStateException: x = 1: no input file");
        int notRun = lines.indexOf("ERROR 30 tasks not run: the map stopped early, as the first 10 tasks to finish all"
                + " failed, which looks systematic");
        assertTrue(cause >= 0 && notRun > cause, "the cause above the tasks not run: " + String.join("\n", lines));
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(basedir.resolve("target/qmr/unit/TEST-qmr.unit.xml").toFile());
        assertEquals("10", xml.getDocumentElement().getAttribute("failures"));
        assertEquals("0", xml.getDocumentElement().getAttribute("errors"));
        assertEquals("30", xml.getDocumentElement().getAttribute("skipped"));
        List<String> csv = Files.readAllLines(basedir.resolve("target/qmr/unit/results.csv"));
        assertTrue(csv.get(11).startsWith("10,11,,not-run,\"the map stopped early, as the first 10 tasks"), csv.get(11));
    }

    /**
     * While the map runs, report.html shows the tasks done so far (tasks 3 to 5 wait for a file the test makes, so
     * the map is provably running): the banner, the browser's reload, the failure so far with its parameters, the
     * plot of the tasks that succeeded; once released, the final report has neither banner nor reload.
     */
    @Test
    void whileTheMapRunsItsReportShowsTheTasksDoneSoFar() throws Exception {
        try (HeldMap map = new HeldMap(basedir, "held", log)) {
            String html = map.midRun();
            assertTrue(html.contains("<meta http-equiv=\"refresh\" content=\""), html);
            assertTrue(html.matches("(?s).*>running: 3 of 6 tasks done, as of \\d{4}-\\d\\d-\\d\\dT[0-9:]{8}Z\\. The page"
                    + " reloads every \\d+ s and the final report replaces it when the map ends.*"), html);
            assertTrue(html.contains("<tr><th>succeeded</th><td>2</td></tr>"), html);
            assertTrue(html.contains("<code>java.lang.IllegalStateException</code> x = 2: no convergence</h3>\n"
                    + "<p class=\"tasks\">itask 2 (x=2)</p>"), "the failure so far, with its parameters: " + html);
            assertTrue(html.contains("<figure class=\"plot\" data-y=\"result\" data-x=\"x\""), html);
            assertEquals(3, html.split("<rect class=\"run", -1).length - 1, "the timeline of the 3 chunks done: " + html);

            MapRunner.Outcome outcome = map.release();
            assertEquals(6, outcome.tasks());
            assertEquals(1, outcome.failed());
            String last = Files.readString(map.report);
            assertFalse(last.contains("http-equiv"), "the final report does not reload");
            assertFalse(last.contains("id=\"running\""), "nor has it a banner");
            assertTrue(last.contains("<tr><th>succeeded</th><td>5</td></tr>"), last);
        }
    }

    @Test
    void noJUnitReportWhenTurnedOff() throws Exception {
        GoalFixture r = request("io.github.qmr.maven.fixtures.Length");
        r.taskSource = "io.github.qmr.maven.fixtures.Words";
        r.junitReport = "off";
        new MapRunner(log).run(r.goal());
        assertTrue(Files.notExists(basedir.resolve("target/qmr/unit/TEST-qmr.unit.xml")));
        assertTrue(Files.isRegularFile(basedir.resolve("target/qmr/unit/report.html")));
        GoalFixture bad = request("io.github.qmr.maven.fixtures.Length");
        bad.taskSource = "io.github.qmr.maven.fixtures.Words";
        bad.junitReport = "sometimes";
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new MapRunner(log).run(bad.goal()));
        assertEquals("junitReport", e.parameter());
    }

    @Test
    void aTaskSourceAndABrokenReducer() throws Exception {
        GoalFixture r = request("io.github.qmr.maven.fixtures.Length");
        r.taskSource = "io.github.qmr.maven.fixtures.Words";
        r.reducer = "io.github.qmr.maven.fixtures.BrokenReducer";
        MapFailedException e = assertThrows(MapFailedException.class, () -> new MapRunner(log).run(r.goal()));
        assertTrue(e.getMessage().startsWith("the reducer io.github.qmr.maven.fixtures.BrokenReducer failed on itask 0:"
                + " java.lang.UnsupportedOperationException: cannot add; the map's results are in "), e.getMessage());
        assertEquals(List.of("itask,task,result,status,error,attempt", "0,a,1,ok,,1", "1,bb,2,ok,,1", "2,ccc,3,ok,,1"),
                Files.readAllLines(basedir.resolve("target/qmr/unit/results.csv")).stream()
                        .map(l -> String.join(",", Arrays.asList(l.split(",", -1)).subList(0, 6))).toList());
    }

    @Test
    void classesAreCheckedBeforeAnythingRuns() {
        Map<String, String[]> cases = new LinkedHashMap<>();
        cases.put("function", new String[] {"com.example.Missing", null, null,
                "<function> com.example.Missing is not on the project's classpath; check the class name (package"
                        + " included), that the project compiles it before this goal runs, and <classpathScope>"});
        cases.put("function ", new String[] {"io.github.qmr.maven.fixtures.Words", null, null,
                "<function> io.github.qmr.maven.fixtures.Words does not implement io.github.qmr.runtime.TaskFunction;"
                        + " name a class that does"});
        cases.put("taskSource", new String[] {"io.github.qmr.maven.fixtures.Length",
                "io.github.qmr.maven.fixtures.Length", null, "<taskSource> io.github.qmr.maven.fixtures.Length does not"
                        + " implement io.github.qmr.runtime.TaskSource; name a class that does"});
        cases.put("reducer", new String[] {"io.github.qmr.maven.fixtures.Length",
                "io.github.qmr.maven.fixtures.Words", "io.github.qmr.maven.fixtures.Missing$Inner",
                "<reducer> io.github.qmr.maven.fixtures.Missing$Inner is not on the project's classpath; check the"
                        + " class name (package included), that the project compiles it before this goal runs, and"
                        + " <classpathScope>"});
        cases.forEach((parameter, c) -> {
            GoalFixture r = request(c[0]);
            if (c[1] != null) {
                r.taskSource = c[1];
            } else {
                r.sweep = sweep("x", "1");
            }
            r.reducer = c[2];
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> new MapRunner(log).run(r.goal()),
                    Arrays.toString(c));
            assertEquals(parameter.strip(), e.parameter());
            assertEquals(c[3], e.getMessage());
        });
        assertTrue(!Files.exists(basedir.resolve("target/qmr-work")), "nothing staged");
    }

    @Test
    void autoIsSgeWhenQsubIsOnPathElseSlurmWhenSbatchIsElseLocal() throws Exception {
        Path bin = Files.createDirectories(basedir.resolve("bin"));
        Path qsub = Files.writeString(bin.resolve("qsub"), "#!/bin/sh\necho 'SGE 8.1.9'\n"); // as its -help begins
        qsub.toFile().setExecutable(true);
        Path slurmBin = Files.createDirectories(basedir.resolve("slurm-bin"));
        Path sbatch = Files.writeString(slurmBin.resolve("sbatch"), "#!/bin/sh\n");
        sbatch.toFile().setExecutable(true);
        GoalFixture r = request("io.github.qmr.maven.fixtures.Square");
        r.queue = "auto";
        r.sweep = sweep("x", "1");
        r.pathEnv = "/nonexistent" + File.pathSeparator + bin;
        assertEquals("sge", queue(r).name());
        assertTrue(lines.contains("INFO <queue>auto</queue>: using SGE, qsub is " + qsub), String.join("\n", lines));
        r.pathEnv = slurmBin + File.pathSeparator + bin; // both: SGE wins, as documented
        assertEquals("sge", queue(r).name());
        r.pathEnv = "/nonexistent" + File.pathSeparator + slurmBin;
        assertEquals("slurm", queue(r).name());
        assertTrue(lines.contains("INFO <queue>auto</queue>: using Slurm, sbatch is " + sbatch + " (no qsub on PATH)"),
                String.join("\n", lines));
        r.pathEnv = "/nonexistent";
        assertEquals("local", queue(r).name());
        assertTrue(lines.contains("INFO <queue>auto</queue>: using the embedded local queue, neither qsub nor sbatch"
                + " on PATH"), String.join("\n", lines));
    }

    @Test
    void slurmResourcesOutsideWhatSlurmTakesNameTheParameter() throws Exception {
        GoalFixture r = request("io.github.qmr.maven.fixtures.Square");
        r.queue = "slurm";
        r.sweep = sweep("x", "1");
        r.resources = new java.util.LinkedHashMap<>(java.util.Map.of("h_vmem", "4G"));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> queue(r));
        assertTrue(e.getMessage().contains("Slurm takes the resources mem, time, cpus-per-task and account; [h_vmem]"
                + " is not among them"), e.getMessage());
    }

    @Test
    void aRequestGivenBothAsItsOwnSettingAndInResourcesIsAConfigurationErrorNamingBoth() throws Exception {
        GoalFixture r = request("io.github.qmr.maven.fixtures.Square");
        r.queue = "sge";
        r.sweep = sweep("x", "1");
        r.resources = new java.util.LinkedHashMap<>(java.util.Map.of("h_vmem", "2G"));
        r.settings.put("memory", "4G");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> queue(r));
        assertEquals("memory", e.parameter());
        assertEquals("<memory> and h_vmem=2G of the SGE resources (the goal's <resources>, or SgeOptions.resources) are"
                + " both set; keep one", e.getMessage());
        GoalFixture slurm = request("io.github.qmr.maven.fixtures.Square");
        slurm.queue = "slurm";
        slurm.sweep = sweep("x", "1");
        slurm.resources = new java.util.LinkedHashMap<>(java.util.Map.of("time", "30"));
        slurm.settings.put("walltime", "1h");
        e = assertThrows(ConfigurationException.class, () -> queue(slurm));
        assertEquals("<walltime> and the Slurm option --time=30 (the goal's <resources>, or SlurmOptions) are both"
                + " set; keep one", e.getMessage());
        // alone, it reaches the queue
        GoalFixture alone = request("io.github.qmr.maven.fixtures.Square");
        alone.queue = "slurm";
        alone.sweep = sweep("x", "1");
        alone.settings.put("walltime", "1h");
        assertEquals(java.time.Duration.ofHours(1), queue(alone)
                .withRequest(alone.goal().jobRequest().toQueueRequest()).walltime());
    }

    @Test
    void anUnchangedMapIsUpToDateRewritesNothingAndForceRunsItAgain() throws Exception {
        GoalFixture first = request("io.github.qmr.maven.fixtures.Square");
        first.sweep = sweep("x", "1,2");
        new MapRunner(log).run(first.goal());
        Path out = basedir.resolve("target/qmr/unit");
        Map<Path, FileTime> written = new LinkedHashMap<>();
        try (var files = Files.list(out)) {
            for (Path f : files.toList()) {
                written.put(f, Files.getLastModifiedTime(f));
                Files.setLastModifiedTime(f, FileTime.fromMillis(1_000_000)); // any rewrite would change it
            }
        }
        lines.clear();

        GoalFixture second = request("io.github.qmr.maven.fixtures.Square");
        second.sweep = sweep("x", "1,2");
        MapRunner.Outcome outcome = new MapRunner(log).run(second.goal());
        assertEquals(2, outcome.tasks());
        assertEquals(out.resolve("results.qmr"), outcome.resultsFile());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("INFO up to date (key ")), String.join("\n", lines));
        assertTrue(lines.stream().noneMatch(l -> l.contains("Tasks: ")), String.join("\n", lines));
        for (Path f : written.keySet()) {
            assertEquals(FileTime.fromMillis(1_000_000), Files.getLastModifiedTime(f), f.toString());
        }
        lines.clear();

        GoalFixture forced = request("io.github.qmr.maven.fixtures.Square");
        forced.sweep = sweep("x", "1,2");
        forced.force = true;
        new MapRunner(log).run(forced.goal());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("INFO Tasks: 2, Succeeded: 2")), String.join("\n", lines));
    }

    @Test
    void anotherSweepIsNotUpToDate() throws Exception {
        GoalFixture first = request("io.github.qmr.maven.fixtures.Square");
        first.sweep = sweep("x", "1,2");
        new MapRunner(log).run(first.goal());
        lines.clear();
        GoalFixture second = request("io.github.qmr.maven.fixtures.Square");
        second.sweep = sweep("x", "1,2,4");
        assertEquals(3, new MapRunner(log).run(second.goal()).tasks());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("INFO running the map: the inputs changed (key ")),
                String.join("\n", lines));
    }

    @Test
    void aFirstTaskThatFailsStopsTheMapBeforeAnySessionExists() throws Exception {
        GoalFixture r = request("io.github.qmr.maven.fixtures.Square");
        r.sweep = sweep("x", "3,1");
        MapFailedException e = assertThrows(MapFailedException.class, () -> new MapRunner(log).run(r.goal()));
        assertTrue(e.getMessage().startsWith("pre-flight: task 0 (x=3) failed in the pre-flight check on this machine,"
                + " before anything was submitted: java.lang.IllegalArgumentException: x = 3 is refused <&> (at"
                + " io.github.qmr.maven.fixtures.Square.apply("), e.getMessage());
        Path work = basedir.resolve("target/qmr-work");
        try (var entries = Files.exists(work) ? Files.list(work) : java.util.stream.Stream.<Path>empty()) {
            assertEquals(List.of(), entries.filter(p -> p.getFileName().toString().startsWith("qmr-")).toList());
        }
        assertTrue(lines.contains("ERROR ----- stack trace of task 0 in the pre-flight check -----"));
    }

    @Test
    void aSystemExitInTheFirstTaskFailsThePreflightAndNotTheBuildsJvm() throws Exception {
        GoalFixture r = request("io.github.qmr.maven.fixtures.ExitsOnFirst");
        r.sweep = sweep("x", "1,2");
        // were the pre-flight run in this JVM, System.exit(3) would end the test run here
        MapFailedException e = assertThrows(MapFailedException.class, () -> new MapRunner(log).run(r.goal()));
        assertTrue(e.getMessage().startsWith("pre-flight: task 0 (x=1) ended the pre-flight check's JVM with exit code"
                + " 3: System.exit(3) in the function, or a crash of the JVM, before anything was submitted"),
                e.getMessage());
        Path work = basedir.resolve("target/qmr-work");
        try (var entries = Files.exists(work) ? Files.list(work) : java.util.stream.Stream.<Path>empty()) {
            assertEquals(List.of(), entries.filter(p -> p.getFileName().toString().startsWith("qmr-")).toList());
        }
    }

    @Test
    void aTaskSourceIsUpToDateWhenItMakesTheSameTasksAndNotWhenTheyChange() throws Exception {
        String property = io.github.qmr.maven.fixtures.WordsFromProperty.PROPERTY;
        try {
            System.setProperty(property, "a,bb");
            GoalFixture first = request("io.github.qmr.maven.fixtures.Length");
            first.taskSource = "io.github.qmr.maven.fixtures.WordsFromProperty";
            assertEquals(2, new MapRunner(log).run(first.goal()).tasks());
            lines.clear();

            GoalFixture same = request("io.github.qmr.maven.fixtures.Length");
            same.taskSource = "io.github.qmr.maven.fixtures.WordsFromProperty";
            new MapRunner(log).run(same.goal());
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("INFO up to date (key ")), String.join("\n", lines));
            lines.clear();

            System.setProperty(property, "a,bb,ccc");
            GoalFixture changed = request("io.github.qmr.maven.fixtures.Length");
            changed.taskSource = "io.github.qmr.maven.fixtures.WordsFromProperty";
            assertEquals(3, new MapRunner(log).run(changed.goal()).tasks());
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("INFO running the map: the inputs changed")),
                    String.join("\n", lines));
        } finally {
            System.clearProperty(property);
        }
    }
}
