package io.github.qmr.maven.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.qmr.runtime.process.CommandResult;
import io.github.qmr.runtime.process.CommandRunner;
import io.github.qmr.runtime.queue.sge.QstatEntry;
import io.github.qmr.runtime.queue.sge.SgeDialect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C or a cancelled CI build stops {@code mvn} with SIGTERM while {@code qmr:map} runs on the real SGE: every
 * queue-job of the session must be gone within 30 s. Runs the project's Maven Wrapper on a small project, resolving
 * this plugin from the local repository that invoker:install filled (target/it-repo).
 */
class MavenStoppedMidMapIT {
    private static final Pattern SESSION = Pattern.compile("(qmr-\\d{8}T\\d{6}Z-[0-9a-f]{4}): \\d+ tasks in");

    private static List<QstatEntry> jobsNamed(String prefix) {
        CommandResult result = new CommandRunner().run(List.of("qstat", "-xml"), Duration.ofSeconds(20));
        if (!result.ok()) {
            fail("qstat failed:\n" + result.describe());
        }
        return SgeDialect.parseQstatXml(result.stdout()).stream().filter(e -> e.name().startsWith(prefix)).toList();
    }

    private static void requireSge() {
        String why;
        try {
            CommandResult r = new CommandRunner().run(List.of("qstat", "-xml"), Duration.ofSeconds(20));
            if (r.ok()) {
                return;
            }
            why = r.describe();
        } catch (RuntimeException e) {
            why = e.getMessage();
        }
        String message = "the real SGE is not reachable; start it with scripts/sge.sh up, or run scripts/test.sh\n"
                + why;
        if ("required".equals(System.getProperty("qmr.test.sge"))) {
            fail(message);
        }
        Assumptions.abort(message);
    }

    private static Path copyProject(Path from, Path to, String version) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.writeString(target, Files.readString(file).replace("@qmr.version@", version));
                }
            }
        }
        return to;
    }

    @Test
    void sigtermOfMavenDeletesEveryJobOfTheSessionWithin30Seconds() throws Exception {
        requireSge();
        Path module = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        Path itRepo = module.resolve("target/it-repo");
        assertTrue(Files.isDirectory(itRepo.resolve("io/github/qmr/qmr-maven-plugin")),
                "invoker:install fills " + itRepo + " before this test runs");
        Path project = module.resolve("target/stop-mid-map");
        copyProject(module.resolve("src/test/resources/stop-mid-map"), project, System.getProperty("qmr.version"));
        Path log = project.resolve("build.log");
        Process mvn = new ProcessBuilder(module.getParent().resolve("mvnw").toString(), "-B", "-f",
                project.resolve("pom.xml").toString(), "-Dmaven.repo.local=" + itRepo, "verify")
                .directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String session = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (session == null || jobsNamed(session).isEmpty()) {
                assertTrue(mvn.isAlive(), "mvn ended before its jobs ran:\n" + Files.readString(log));
                assertTrue(System.nanoTime() < deadline, "no job of the map appeared:\n" + Files.readString(log));
                Matcher m = SESSION.matcher(Files.readString(log));
                if (m.find()) {
                    session = m.group(1);
                }
                Thread.sleep(200);
            }
            mvn.toHandle().destroy(); // SIGTERM to Maven's JVM (the wrapper scripts exec it)
            assertTrue(mvn.waitFor(30, TimeUnit.SECONDS), "mvn did not stop:\n" + Files.readString(log));
            List<QstatEntry> left = jobsNamed(session);
            for (int i = 0; i < 120 && !left.isEmpty(); i++) {
                Thread.sleep(250);
                left = jobsNamed(session);
            }
            assertEquals(List.of(), left, "jobs of session " + session + " are left after 30 s");
            // every stop says what happened: jobs deleted (how many), where the work dir is, that a rerun resumes
            String said = Files.readString(log);
            assertTrue(Pattern.compile(Pattern.quote(session) + ": stopped before the end; deleted its \\d+"
                    + " queue-jobs?").matcher(said).find(), said);
            assertTrue(said.contains(session + ": work dir kept at "), said);
            assertTrue(said.contains(session + ": run the same map again to resume it"), said);
        } finally {
            mvn.destroyForcibly();
        }
    }
}
