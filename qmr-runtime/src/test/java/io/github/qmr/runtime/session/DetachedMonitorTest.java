package io.github.qmr.runtime.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.process.CommandRunner;
import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.CommandLineQueue;
import io.github.qmr.runtime.queue.ForwardingQueue;
import io.github.qmr.runtime.queue.QueueRecipe;
import io.github.qmr.runtime.queue.QueueTiming;
import io.github.qmr.runtime.queue.QueueTools;
import io.github.qmr.runtime.queue.local.LocalQueue;
import io.github.qmr.runtime.queue.sge.SgeDialect;
import io.github.qmr.runtime.queue.sge.SgeOptions;
import io.github.qmr.runtime.queue.slurm.SlurmDialect;
import io.github.qmr.runtime.queue.slurm.SlurmOptions;
import io.github.qmr.runtime.workdir.SessionDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a detached map's monitor may run, and what it is handed over, without starting one. */
class DetachedMonitorTest {
    private static final BatchQueue SGE = new CommandLineQueue(new SgeDialect(new SgeOptions("all.q",
            Map.of("h_vmem", "2G", "h_rt", "1:00:00"), null, 1, null, List.of("-P", "x"), 500, 4)),
            QueueTools.sge(), QueueTiming.DEFAULTS, new CommandRunner());

    @Test
    void aMonitorProcessMayRunOnTheLocalQueueButNotAMonitorJob() {
        assertNull(DetachedMonitor.problem(false, new LocalQueue(2)));
        String problem = DetachedMonitor.problem(true, new LocalQueue(2));
        assertTrue(problem.startsWith("the monitor cannot run as a job of the local queue: its jobs live in the JVM"
                + " that runs it"), problem);
        assertTrue(problem.endsWith("(MonitorHost.PROCESS, the default)"), problem);
    }

    @Test
    void aClusterQueueTakesTheMonitorEitherWay() {
        assertNull(DetachedMonitor.problem(false, SGE));
        assertNull(DetachedMonitor.problem(true, SGE));
    }

    @Test
    void aQueueThatCannotBeRebuiltInAnotherJvmIsRefusedWithTheFix() {
        BatchQueue own = new ForwardingQueue("watched", new LocalQueue(1)) {};
        String problem = DetachedMonitor.problem(false, own);
        assertTrue(problem.startsWith("the watched queue ("), problem);
        assertTrue(problem.contains("cannot be rebuilt in another JVM, which a detached map's monitor is; submit on"
                + " Queues.local(), Queues.sge(), Queues.slurm()"), problem);
    }

    @Test
    void anSgeQueueIsRebuiltWithItsOptionsToolsAndTiming() {
        QueueRecipe recipe = SGE.recipe();
        BatchQueue back = DetachedMonitor.open(recipe);
        assertEquals("sge", back.name());
        assertEquals(new SgeOptions("all.q", Map.of("h_vmem", "2G", "h_rt", "1:00:00"), null, 1, null,
                List.of("-P", "x"), 500, 4), recipe.dialectBack().options());
        assertEquals(QueueTools.sge(), recipe.toolsBack());
        assertEquals(QueueTiming.DEFAULTS, recipe.timingBack());
        assertEquals(Duration.ofHours(1), back.walltime());
    }

    @Test
    void aSlurmQueueAndTheLocalQueueAreRebuiltToo() {
        SlurmOptions options = new SlurmOptions("short", "0:10:00", "2G", 2, "acct", List.of(), 1000, 0);
        BatchQueue slurm = new CommandLineQueue(new SlurmDialect(options), QueueTools.slurm(), QueueTiming.DEFAULTS,
                new CommandRunner());
        assertEquals(options, slurm.recipe().dialectBack().options());
        BatchQueue local = DetachedMonitor.open(new LocalQueue(3, 7).recipe());
        assertEquals(3, ((LocalQueue) local).slots());
        assertEquals(7, local.maxArraySize());
    }

    @Test
    void theHandOverAndTheEndAreReadBackFromTheSessionFolder() throws Exception {
        SessionDir dir = SessionDir.scratch("qmr-handover");
        try {
            EngineSettings settings = new EngineSettings(true, 4, Duration.ofMinutes(10), null, true, 3,
                    Duration.ofMillis(250), Duration.ofSeconds(10), null, Path.of("/tmp/work here"),
                    Duration.ofMinutes(5), new io.github.qmr.runtime.policy.FailurePolicy.Rule(-1, true, 0),
                    new Verdicts.Escalate(2.0, null, 1.5, Duration.ofHours(2)), Duration.ofMinutes(2));
            new Handover(SGE.recipe(), settings, new ChunkLayout(11, 6, 2), true, true).write(dir);
            Handover back = Handover.read(dir);
            assertEquals(settings, back.settings());
            assertEquals(new ChunkLayout(11, 6, 2), back.layout());
            assertTrue(back.keepWorkDir() && back.asJob());
            assertEquals("sge", DetachedMonitor.open(back.queue()).name());
            ChunkFault fault = new ChunkFault(3, 6, 2, "42.1", 137, "killed", "tail", false);
            Handover.writeEnd(dir, List.of(fault));
            assertEquals(List.of(fault), Handover.readEnd(dir));
            assertTrue(Files.isRegularFile(dir.monitorEndFile()));
        } finally {
            dir.deleteScratch();
        }
    }

    @Test
    void theMonitorScriptExportsTheEnvironmentAndExecsTheMonitorJvm() throws Exception {
        SessionDir dir = SessionDir.scratch("qmr-script");
        try {
            String script = DetachedMonitor.script(dir, Path.of("/opt/java/bin/java"), List.of(Path.of("/a b.jar"),
                    Path.of("/c.jar")), List.of("-XX:+UseSerialGC", "-Xmx512m"), Map.of("PATH", "/usr/bin:/it's"));
            assertTrue(script.contains("export PATH='/usr/bin:/it'\\''s'\n"), script);
            assertTrue(script.endsWith("exec '/opt/java/bin/java' '-XX:+UseSerialGC' '-Xmx512m' -cp '/a b.jar:/c.jar'"
                    + " io.github.qmr.runtime.session.DetachedMonitor '" + dir.path() + "'\n"), script);
        } finally {
            dir.deleteScratch();
        }
    }
}
