package io.github.qmr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two {@code mvn qmr:map} of one project at once (it/projects/slow-sweep): the second is refused at once (the first
 * holds the execution's output lock; plain-Java runs of one map meet the session lease instead, see
 * SessionLifecycleIT), and the first is left alone and completes with intact output.
 */
class ConcurrentBuildsIT {
    private static final String GOAL = "io.github.qmr:qmr-maven-plugin:" + System.getProperty("qmr.version")
            + ":map@sweep";

    @Test
    void theSecondOfTwoSimultaneousMapsIsRefusedAtOnceAndTheFirstCompletes() throws Exception {
        MavenBuild first = MavenBuild.copyOf("slow-sweep", "slow-sweep");
        assertEquals(0, first.run(300, "-q", "compile"), first.log());
        Process a = first.start(List.of("-Dqmr.progressInterval=1s", GOAL));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            // the second build starts as soon as the first map's progress shows (its lease is taken before that),
            // while most of its 10 s of work is left: a Maven start on a loaded machine took longer than the ~5 s
            // left once 9 tasks were done, and found the first map's results already there
            while (!first.log().matches("(?s).*chunks: [0-4]/20 done.*")) {
                assertTrue(a.isAlive(), "the first map ended early:\n" + first.log());
                assertTrue(System.nanoTime() < deadline, "the first map never got going:\n" + first.log());
                Thread.sleep(200);
            }
            MavenBuild second = MavenBuild.sameProject(first, "second.log");
            long start = System.nanoTime();
            int exit = second.run(120, GOAL);
            double seconds = (System.nanoTime() - start) / 1e9;
            String log = second.log();
            assertNotEquals(0, exit, log);
            assertTrue(log.contains("another build is running the map 'sweep' of this project now and writes "), log);
            assertTrue(log.contains("two builds at once would tear each other's output. Wait for it to end and run"
                    + " again"), log);
            assertTrue(a.isAlive(), "the first map is still running when the second has been refused ("
                    + seconds + " s)");
            assertEquals(0, a.waitFor(180, TimeUnit.SECONDS) ? a.exitValue() : -1, first.log());
        } finally {
            a.destroyForcibly();
        }
        assertTrue(first.log().contains("Tasks: 20, Succeeded: 20, Failed: 0"), first.log());
        assertEquals(21, Files.readAllLines(first.project.resolve("target/qmr/sweep/results.csv")).size());
    }
}
