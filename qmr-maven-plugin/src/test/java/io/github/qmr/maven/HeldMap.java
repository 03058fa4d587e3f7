package io.github.qmr.maven;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A map of {@code HeldFromThree} over x = 0..5 on the local queue (6 chunks, 1 worker), run on a thread of its own:
 * tasks 0 to 2 end (2 throws), 3 to 5 wait for the release file, so until {@link #release} the map is provably
 * running. {@link #midRun} waits for report.html to show the first three tasks.
 */
final class HeldMap implements AutoCloseable {
    final Path basedir;
    final Path report;
    private final Path release;
    private final CompletableFuture<MapRunner.Outcome> outcome;

    HeldMap(Path basedir, String execution, LinesLog log) throws ConfigurationException {
        this.basedir = basedir;
        this.report = basedir.resolve("target/qmr/" + execution + "/report.html");
        this.release = basedir.resolve("release");
        GoalFixture r = new GoalFixture();
        r.executionId = execution;
        r.basedir = basedir;
        r.queue = "local";
        r.function = "io.github.qmr.maven.fixtures.HeldFromThree";
        r.qmrClasspath = TestClasspath.qmr();
        r.projectClasspath = TestClasspath.project();
        LinkedHashMap<String, String> sweep = new LinkedHashMap<>();
        sweep.put("x", "0..5");
        r.sweep = sweep;
        r.settings.put("numChunks", "6");
        r.settings.put("maxWorkers", "1");
        r.preflight = 0;
        r.maxFailedTasks = 1;
        r.stepSummary = null;
        r.progressInterval = Duration.ofMillis(200);
        r.environment = Map.of("QMR_TEST_RELEASE", release.toString());
        MapGoal goal = r.goal();
        outcome = CompletableFuture.supplyAsync(() -> {
            try {
                return new MapRunner(log).run(goal);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** report.html once it shows tasks 0 to 2 done (the failure of x = 2 among them), with the map still running. */
    String midRun() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            String html = Files.exists(report) ? Files.readString(report) : "";
            if (html.contains("itask 2 (x=2)")) {
                assertFalse(outcome.isDone(), "tasks 3 to 5 wait for the release file: the map cannot have ended");
                return html;
            }
            assertFalse(outcome.isDone(), "the map ended before its report showed the first three tasks: " + html);
            assertTrue(System.nanoTime() < deadline, "120 s without the first three tasks in " + report + ":\n"
                    + html);
            Thread.sleep(50);
        }
    }

    /** Lets tasks 3 to 5 end; the map's outcome. */
    MapRunner.Outcome release() throws Exception {
        if (Files.notExists(release)) {
            Files.createFile(release);
        }
        return outcome.get(120, TimeUnit.SECONDS);
    }

    /** A test that failed early still lets the held workers go. */
    @Override
    public void close() throws Exception {
        if (Files.notExists(release)) {
            Files.createFile(release);
        }
        outcome.handle((o, e) -> null).get(120, TimeUnit.SECONDS);
    }
}
