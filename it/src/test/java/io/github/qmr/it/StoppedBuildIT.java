package io.github.qmr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.qmr.runtime.RealQueues;
import io.github.qmr.runtime.process.CommandResult;
import io.github.qmr.runtime.process.CommandRunner;
import io.github.qmr.runtime.queue.sge.QstatEntry;
import io.github.qmr.runtime.queue.sge.QstatXml;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C or a cancelled CI build stops {@code mvn} with SIGTERM while {@code qmr:map} runs on the real SGE
 * (it/projects/stop-mid-map): every queue-job of the session must be gone within 30 s, and the log says so.
 */
class StoppedBuildIT {
    private static final Pattern SESSION = Pattern.compile("(qmr-\\d{8}T\\d{6}Z-[0-9a-f]{4}): \\d+ tasks in");

    private static List<QstatEntry> jobsNamed(String prefix) {
        CommandResult result = new CommandRunner().run(List.of("qstat", "-xml"), Duration.ofSeconds(20));
        if (!result.ok()) {
            fail("qstat failed:\n" + result.describe());
        }
        return QstatXml.parse(result.stdout()).stream().filter(e -> e.name().startsWith(prefix)).toList();
    }

    @Test
    void sigtermOfMavenDeletesEveryJobOfTheSessionWithin30SecondsAndSaysWhatHappened() throws Exception {
        RealQueues.require("sge");
        MavenBuild build = MavenBuild.copyOf("stop-mid-map", "stop-mid-map");
        List<String> command = new ArrayList<>(List.of("verify"));
        Process mvn = build.start(command);
        try {
            String session = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (session == null || jobsNamed(session).isEmpty()) {
                assertTrue(mvn.isAlive(), "mvn ended before its jobs ran:\n" + build.log());
                assertTrue(System.nanoTime() < deadline, "no job of the map appeared:\n" + build.log());
                Matcher m = SESSION.matcher(build.log());
                if (m.find()) {
                    session = m.group(1);
                }
                Thread.sleep(200);
            }
            mvn.toHandle().destroy(); // SIGTERM to Maven's JVM (the wrapper scripts exec it)
            assertTrue(mvn.waitFor(30, TimeUnit.SECONDS), "mvn did not stop:\n" + build.log());
            List<QstatEntry> left = jobsNamed(session);
            for (int i = 0; i < 120 && !left.isEmpty(); i++) {
                Thread.sleep(250);
                left = jobsNamed(session);
            }
            assertEquals(List.of(), left, "jobs of session " + session + " are left after 30 s");
            // every stop says what happened: jobs deleted (how many), where the work dir is, that a rerun resumes
            String said = build.log();
            assertTrue(Pattern.compile(Pattern.quote(session) + ": stopped before the end; deleted its \\d+"
                    + " queue-jobs?").matcher(said).find(), said);
            assertTrue(said.contains(session + ": work dir kept at "), said);
            assertTrue(said.contains(session + ": run the same map again to resume it"), said);
        } finally {
            mvn.destroyForcibly();
        }
        assertTrue(Files.exists(build.log));
    }
}
