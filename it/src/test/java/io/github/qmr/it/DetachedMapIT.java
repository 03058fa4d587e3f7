package io.github.qmr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A map run in the background (it/projects/detached-sweep, local queue): {@code -Dqmr.detach} returns once the map has
 * started, the map goes on without the build that started it, {@code qmr:status} says where it stands, a later build
 * collects it (waiting for it) with the same outputs as a plain run, and {@code qmr:cancel} stops another one.
 * The tasks from x = 3 on are held until the test creates {@code target/release}: the order is the test's. Meanwhile
 * the background map's report.html shows the two tasks done under its running banner.
 * It runs beside the other ITs (its own project copy and work dir; it mostly waits on its background builds).
 */
@Execution(ExecutionMode.CONCURRENT)
class DetachedMapIT {
    private static final Pattern SESSION = Pattern.compile("runs in the background as session "
            + "(qmr-\\d{8}T\\d{6}Z-[0-9a-f]{4})");

    private static long pid(MavenBuild build) throws Exception {
        Properties p = new Properties();
        try (var in = Files.newInputStream(build.project.resolve("target/qmr/sweep.detached"))) {
            p.load(in);
        }
        return Long.parseLong(p.getProperty("pid"));
    }

    @Test
    void aDetachedMapGoesOnAloneIsWatchedAndIsCollectedByALaterBuildWithThePlainRunsOutputs() throws Exception {
        MavenBuild build = MavenBuild.copyOf("detached-sweep", "detached-sweep");
        assertEquals(0, build.run(300, "-q", "compile"), build.log());

        assertEquals(0, build.run(300, "verify", "-Dqmr.detach"), build.log());
        Matcher m = SESSION.matcher(build.log());
        assertTrue(m.find(), build.log());
        String session = m.group(1);
        assertTrue(build.log().contains("cancel it: mvn qmr:cancel -Dqmr.execution=sweep"), build.log());
        long pid = pid(build);
        // the build that started it has ended; the map has not (tasks from x = 3 on are held)
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the background map ended");

        MavenBuild status = MavenBuild.sameProject(build, "status.log");
        assertEquals(0, status.run(300, "qmr:status"), status.log());
        assertTrue(status.log().contains(session + " ("), status.log());
        assertTrue(status.log().contains("of 8 chunks done"), status.log());
        assertTrue(status.log().contains("running now in host "), status.log());

        // the background map rewrites report.html as it goes: x = 1 and 2 done, the rest held
        Path report = build.project.resolve("target/qmr/sweep/report.html");
        long shown = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (!Files.exists(report) || !Files.readString(report).contains(">running: 2 of 8 tasks done, as of ")) {
            assertTrue(System.nanoTime() < shown, "300 s without x = 1 and 2 in " + report + ":\n"
                    + (Files.exists(report) ? Files.readString(report) : "(none)"));
            Thread.sleep(200);
        }
        assertTrue(Files.readString(report).contains("<meta http-equiv=\"refresh\""), "it reloads while running");

        MavenBuild look = MavenBuild.sameProject(build, "look.log");
        assertEquals(0, look.run(300, "verify", "-Dqmr.wait=false"), look.log());
        assertTrue(look.log().contains("Not waiting for it (-Dqmr.wait=false)"), look.log());
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the background map ended");

        // the collecting build waits for the map; only then are its held tasks released
        MavenBuild collect = MavenBuild.sameProject(build, "collect.log");
        Process collecting = collect.start(List.of("verify"));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            while (!Files.exists(collect.log) || !collect.log().contains("waiting for it to end")) {
                assertTrue(collecting.isAlive(), "the collecting build ended without waiting:\n" + collect.log());
                assertTrue(System.nanoTime() < deadline, "the collecting build never waited:\n" + collect.log());
                Thread.sleep(200);
            }
            Files.createFile(build.project.resolve("target/release"));
            assertTrue(collecting.waitFor(300, TimeUnit.SECONDS), collect.log());
            assertEquals(0, collecting.exitValue(), collect.log());
        } finally {
            collecting.destroyForcibly();
        }
        String said = collect.log();
        assertTrue(said.contains("the map 'sweep' runs in the background (pid " + pid + ", log "), said);
        assertTrue(said.contains("the map run in the background ended"), said);
        assertTrue(said.contains("up to date"), said);
        String background = Files.readString(build.project.resolve("target/qmr/sweep.detached.log"));
        assertTrue(background.contains("Tasks: 8, Succeeded: 8, Failed: 0"), background);
        String last = Files.readString(report);
        assertTrue(!last.contains("id=\"running\"") && !last.contains("http-equiv"), "the final report: " + last);

        // the same map run plainly gives the same results, task by task
        MavenBuild plain = MavenBuild.copyOf("detached-sweep", "detached-sweep-plain");
        Files.createDirectories(plain.project.resolve("target"));
        Files.createFile(plain.project.resolve("target/release"));
        assertEquals(0, plain.run(300, "verify"), plain.log());
        assertEquals(results(plain.project), results(build.project));
    }

    /** itask, x, value and status of each row of results.csv: what does not depend on when and where it ran. */
    private static List<String> results(Path project) throws Exception {
        return Files.readAllLines(project.resolve("target/qmr/sweep/results.csv")).stream()
                .map(l -> String.join(",", List.of(l.split(",", -1)).subList(0, 4))).toList();
    }

    @Test
    void cancelStopsADetachedMapAndLeavesNoWorkerRunning() throws Exception {
        MavenBuild build = MavenBuild.copyOf("detached-sweep", "detached-sweep-cancel");
        assertEquals(0, build.run(300, "-q", "compile"), build.log());
        assertEquals(0, build.run(300, "verify", "-Dqmr.detach"), build.log());
        Matcher m = SESSION.matcher(build.log());
        assertTrue(m.find(), build.log());
        String session = m.group(1);
        long pid = pid(build);
        List<ProcessHandle> workers = ProcessHandle.of(pid).orElseThrow().descendants().toList();

        MavenBuild cancel = MavenBuild.sameProject(build, "cancel.log");
        assertEquals(0, cancel.run(300, "qmr:cancel"), cancel.log());
        String said = cancel.log();
        assertTrue(said.contains("stopped the map 'sweep'"), said);
        assertTrue(said.contains(session + ": stopped before the end;"), said);
        assertTrue(said.contains(session + ": work dir kept at "), said);
        assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "the background map still runs");
        for (ProcessHandle w : workers) {
            assertTrue(w.onExit().get(30, TimeUnit.SECONDS) != null);
        }
        MavenBuild again = MavenBuild.sameProject(build, "again.log");
        assertEquals(0, again.run(300, "qmr:cancel"), again.log());
        assertTrue(again.log().contains("no map runs in the background"), again.log());
    }
}
