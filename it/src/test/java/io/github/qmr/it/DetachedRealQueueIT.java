package io.github.qmr.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.RealQueues;
import io.github.qmr.runtime.SessionStatus;
import io.github.qmr.runtime.sge.RealSge;
import io.github.qmr.runtime.slurm.RealSlurm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A map run in the background ({@code -Dqmr.detach}) on the real SGE and Slurm (it/projects/detached-counted):
 * run as a queue-job of its own ({@code -Dqmr.detachAs=job}) and cancelled with {@code qmr:cancel}, neither that job
 * nor any of its session is left in the queue; submitted again from a terminal that
 * then goes (SIGHUP to its session), it goes on without it, {@code qmr:status} says where it stands, and once its
 * background Maven is killed with SIGKILL mid-map (the status then names the gone process) a later
 * {@code mvn install} adopts the session's running jobs and collects the map: no task ran twice, and the results and
 * the installed artifact are a plain run's. The tasks go only as far as the test writes in {@code target/upto}, so
 * every step happens in the test's order.
 */
@Execution(ExecutionMode.CONCURRENT) // beside the other ITs, and SGE beside Slurm: each mostly waits on its queue
class DetachedRealQueueIT {
    private static final Pattern DETACHED = Pattern.compile("runs in the background as session "
            + "(qmr-\\d{8}T\\d{6}Z-[0-9a-f]{4})");
    private static final Pattern SESSION = Pattern.compile("(qmr-\\d{8}T\\d{6}Z-[0-9a-f]{4}): \\d+ tasks in");
    private static final int TASKS = 6;
    private static List<String> plainResults;

    @ParameterizedTest
    @ValueSource(strings = {"sge", "slurm"})
    @Execution(ExecutionMode.CONCURRENT)
    void aDetachedMapIsCancelledOrOutlivesItsTerminalAndItsMonitorAndIsCollected(String queue) throws Exception {
        RealQueues.require(queue);
        MavenBuild build = MavenBuild.copyOf("detached-counted", "detached-counted-" + queue);
        // the flavours run at once: each installs an artifact of its own
        Path pom = build.project.resolve("pom.xml");
        Files.writeString(pom, Files.readString(pom).replaceFirst("<artifactId>detached-counted</artifactId>",
                "<artifactId>detached-counted-" + queue + "</artifactId>"));
        String q = "-Dqmr.queue=" + queue;

        // cancel, with the background Maven a queue-job of its own (-Dqmr.detachAs=job): qmr:cancel deletes that job,
        // then the session's jobs, held in tasks 1 and 2 (one of them waiting where that job takes a queue's 2nd slot)
        assertEquals(0, build.run(300, "verify", "-Dqmr.detach", "-Dqmr.detachAs=job", q), build.log());
        String cancelled = matched(DETACHED, build.log());
        String job = record(build).getProperty("job");
        assertTrue(job != null && build.log().contains("as queue-job " + job + " on " + queue), build.log());
        await(() -> !runs(build).isEmpty(), 180, "no worker started its task", build);
        assertTrue(!jobs(queue, cancelled).isEmpty(), "the session has jobs in the queue");
        assertTrue(!jobs(queue, "qmr-detached-sweep").isEmpty(), "the background Maven runs as a queue-job");
        MavenBuild cancel = MavenBuild.sameProject(build, "cancel.log");
        assertEquals(0, cancel.run(300, "qmr:cancel"), cancel.log());
        assertTrue(cancel.log().contains("stopped the map 'sweep': deleted its queue-job " + job), cancel.log());
        assertNoJobLeftWithin30Seconds(queue, "qmr-detached-sweep");
        assertNoJobLeftWithin30Seconds(queue, cancelled);
        for (Path run : runs(build)) {
            Files.delete(run); // the runs below are counted afresh: the cancelled ones ran and were stopped
        }

        // submitted from a terminal that then goes away: the map goes on without it
        MavenBuild detach = MavenBuild.sameProject(build, "detach.log");
        Process terminal = detach.startInTerminal(List.of("verify", "-Dqmr.detach", q));
        List<ProcessHandle> inTerminal;
        try {
            await(() -> Files.exists(detach.log) && read(detach).contains("the build in the terminal ended with"),
                    300, "the detaching build never ended", detach);
            assertTrue(detach.log().contains("the build in the terminal ended with exit code 0"), detach.log());
            inTerminal = terminal.descendants().toList();
            assertTrue(!inTerminal.isEmpty(), "the terminal's shell is gone before the hang-up");
        } finally {
            terminal.destroyForcibly(); // the terminal goes: its session gets SIGHUP
        }
        for (ProcessHandle p : inTerminal) {
            p.onExit().get(30, TimeUnit.SECONDS);
        }
        String session = matched(DETACHED, detach.log());
        ProcessHandle background = ProcessHandle.of(pid(build)).orElseThrow();
        assertTrue(background.isAlive(), "the background map ended with its terminal");

        // results keep coming: tasks 1 and 2 may end only now; the workers then start and hold tasks 3 and 4
        upTo(build, 2);
        await(() -> status(build, session).done() == 2 && runs(build).size() == 4, 180,
                "the results stopped coming once the terminal went", build);
        MavenBuild status = MavenBuild.sameProject(build, "status.log");
        assertEquals(0, status.run(300, "qmr:status"), status.log());
        String said = status.log();
        assertTrue(said.contains(session + " ("), said);
        assertTrue(said.contains("2 of 6 chunks done, 2 being run, 2 waiting"), said);
        assertTrue(said.contains("running now in host "), said);

        // the background Maven killed mid-map: its jobs stay; a later build adopts them and collects the map
        background.destroyForcibly();
        background.onExit().get(30, TimeUnit.SECONDS);
        assertTrue(!jobs(queue, session).isEmpty(), "the killed map left its jobs in the queue");
        String leftBy = status(build, session).leftBy();
        assertTrue(leftBy != null && leftBy.contains("pid " + background.pid() + ","), "qmr:status names the gone"
                + " process: " + leftBy);
        MavenBuild collect = MavenBuild.sameProject(build, "collect.log");
        Process collecting = collect.start(List.of("install", q));
        try {
            await(() -> Files.exists(collect.log) && read(collect).contains("session " + session + " of the same map"
                    + " was left by a process that is gone"), 180, "the collecting build never adopted", collect);
            upTo(build, TASKS);
            assertTrue(collecting.waitFor(300, TimeUnit.SECONDS), collect.log());
            assertEquals(0, collecting.exitValue(), collect.log());
        } finally {
            collecting.destroyForcibly();
        }
        said = collect.log();
        assertTrue(said.contains("Tasks: 6, Succeeded: 6, Failed: 0"), said);
        String collector = matched(SESSION, said);
        for (int x = 1; x <= TASKS; x++) {
            String prefix = "run-" + x + "-";
            assertEquals(1, runs(build).stream().filter(r -> r.getFileName().toString().startsWith(prefix)).count(),
                    "runs of task x = " + x + ": " + runs(build) + "\n" + said);
        }
        assertEquals(plainResults(), results(build.project));
        Path installed = Path.of(System.getProperty("qmr.it.repo"),
                "org/example/detached-counted-" + queue + "/1.0/detached-counted-" + queue + "-1.0-sweep.qmr");
        assertArrayEquals(Files.readAllBytes(build.project.resolve("target/qmr/sweep/results.qmr")),
                Files.readAllBytes(installed), "the installed artifact is the collected results");
        assertNoJobLeftWithin30Seconds(queue, session);
        assertNoJobLeftWithin30Seconds(queue, collector);
    }

    /** The same map run plainly on the local queue, all tasks free: its results, row by row. */
    private static synchronized List<String> plainResults() throws Exception {
        if (plainResults == null) {
            MavenBuild plain = MavenBuild.copyOf("detached-counted", "detached-counted-plain");
            upTo(plain, TASKS);
            assertEquals(0, plain.run(300, "verify", "-Dqmr.queue=local"), plain.log());
            plainResults = results(plain.project);
        }
        return plainResults;
    }

    /** itask, x, value and status of each row of results.csv: what does not depend on when and where it ran. */
    private static List<String> results(Path project) throws IOException {
        return Files.readAllLines(project.resolve("target/qmr/sweep/results.csv")).stream()
                .map(l -> String.join(",", List.of(l.split(",", -1)).subList(0, 4))).toList();
    }

    private static void upTo(MavenBuild build, int x) throws IOException {
        Path target = Files.createDirectories(build.project.resolve("target"));
        Path part = target.resolve("upto.part");
        Files.writeString(part, Integer.toString(x));
        Files.move(part, target.resolve("upto"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static List<Path> runs(MavenBuild build) {
        Path dir = build.project.resolve("target/runs");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static SessionStatus status(MavenBuild build, String session) {
        return SessionStatus.in(build.project.resolve("target/qmr-work")).stream()
                .filter(s -> s.sessionId().equals(session)).findFirst()
                .orElseThrow(() -> new AssertionError("no session " + session + " in the work dir"));
    }

    private static long pid(MavenBuild build) throws IOException {
        return Long.parseLong(record(build).getProperty("pid"));
    }

    /** The record of the background map: its pid, or its queue-job. */
    private static Properties record(MavenBuild build) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newInputStream(build.project.resolve("target/qmr/sweep.detached"))) {
            p.load(in);
        }
        return p;
    }

    private static String matched(Pattern pattern, String log) {
        Matcher m = pattern.matcher(log);
        assertTrue(m.find(), log);
        return m.group(1);
    }

    private static String read(MavenBuild build) {
        try {
            return build.log();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void await(BooleanSupplier condition, long seconds, String otherwise, MavenBuild build)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, otherwise + " within " + seconds + " s; " + build.log + ":\n"
                    + (Files.exists(build.log) ? build.log() : "(no log)") + "\nbackground log:\n" + background(build));
            Thread.sleep(200);
        }
    }

    private static String background(MavenBuild build) throws IOException {
        Path log = build.project.resolve("target/qmr/sweep.detached.log");
        return Files.exists(log) ? Files.readString(log) : "(none)";
    }

    /** The session's jobs the queue still lists. */
    private static List<String> jobs(String queue, String session) {
        return queue.equals("sge") ? RealSge.jobsNamed(session).stream().map(e -> e.jobNumber() + " " + e.state())
                .toList() : RealSlurm.activeJobsNamed(session);
    }

    private static void assertNoJobLeftWithin30Seconds(String queue, String session) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> left = jobs(queue, session);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(250);
            left = jobs(queue, session);
        }
        assertEquals(List.of(), left, "jobs of session " + session + " left in the " + queue + " queue after 30 s");
    }
}
