package io.github.qmr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.RealQueues;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A research project as a user writes one (it/projects/epidemic-sweep: a stochastic SIR model on Commons Math, a
 * record result, a reducer, a 30-task sweep) built with {@code mvn verify} through the installed plugin, on the
 * embedded local queue and on the real SGE and Slurm, with nothing tuned but the queue.
 */
class ExampleProjectIT {
    @ParameterizedTest
    @ValueSource(strings = {"local", "sge", "slurm"})
    void theEpidemicSweepRunsEndToEndOnEveryQueue(String queue) throws Exception {
        RealQueues.require(queue);
        MavenBuild build = MavenBuild.copyOf("epidemic-sweep", "epidemic-sweep-" + queue);
        int exit = build.run(600, "-Dqmr.queue=" + queue, "verify");
        String log = build.log();
        assertEquals(0, exit, log);
        // pull mode by default: on a cluster 4 chunks per worker of at most 100 (one task each here), locally 4 per slot
        assertTrue(log.matches("(?s).*: 30 tasks in \\d+ chunks of up to \\d+ on the " + queue + " queue, pull mode.*"),
                log);
        assertTrue(log.contains("Tasks: 30, Succeeded: 30, Failed: 0"), log);
        Path out = build.project.resolve("target/qmr/sweep");
        assertTrue(Files.size(out.resolve("results.qmr")) > 0, "the typed results are written");
        assertTrue(Files.readString(out.resolve("provenance.json")).contains("\"name\": \"" + queue + "\""),
                "provenance names the queue");
        System.out.printf("example project on %s: %s%n", queue, log.lines()
                .filter(l -> l.contains("Tasks: 30")).findFirst().orElse("?"));
    }
}
