package io.github.qmr.dummysge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The installed executables run as a driver runs them: separate processes, output to files, real jobs. */
class DummyGridEngineIT {
    @TempDir
    Path dir;

    private DummyGridEngine queue;
    private Path work;
    private Set<String> realShapes;
    private final List<Process> submitters = new ArrayList<>();

    /** The whole diagnostic of one call, for assertion messages. */
    record Result(List<String> command, int code, String out, String err) {
        @Override
        public String toString() {
            return String.join(" ", command) + " -> exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    @BeforeEach
    void install() throws Exception {
        queue = DummyGridEngine.install(dir.resolve("bin"), 2);
        work = Files.createDirectories(dir.resolve("work"));
        realShapes = new LinkedHashSet<>();
        for (String sample : SgeOutputTest.SAMPLES) {
            realShapes.addAll(SgeOutputTest.shapes(SgeOutputTest.parse(SgeOutputTest.sample(sample))));
        }
    }

    /** A failed test must not leave its jobs running: delete whatever is still queued (kills running ones). */
    @AfterEach
    void deleteLeftoverJobs() throws Exception {
        for (Process p : submitters) {
            p.destroyForcibly();
        }
        call(queue.qdel(), "-u", "*");
    }

    private ProcessBuilder builder(Path executable, List<String> args, Path out, Path err) {
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove(DummyGridEngine.STATE_ENV); // the wrappers carry the state path themselves
        return builder;
    }

    private Result call(Path executable, String... args) throws Exception {
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        ProcessBuilder builder = builder(executable, List.of(args), out, err);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(builder.command() + " did not finish within 60 s");
        }
        return new Result(builder.command(), process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Path script(String name, String text) throws Exception {
        return Files.writeString(work.resolve(name), text);
    }

    private String qsub(String name, Path script, String... args) throws Exception {
        return qsub(List.of(), name, script, args);
    }

    private String qsub(List<String> options, String name, Path script, String... args) throws Exception {
        List<String> argv = new ArrayList<>(options);
        argv.addAll(List.of("-terse", "-N", name, "-o", work.resolve(name + ".out").toString(),
                "-e", work.resolve(name + ".err").toString(), "-wd", work.toString(), "-S", "/bin/sh"));
        argv.add(script.toString());
        argv.addAll(List.of(args));
        Result r = call(queue.qsub(), argv.toArray(String[]::new));
        assertEquals(0, r.code(), r.toString());
        assertEquals("", r.err(), r.toString());
        return r.out().trim();
    }

    /** One qstat -xml; every job_list in it must have a structure seen in the real samples. */
    private Document qstat() throws Exception {
        Result r = call(queue.qstat(), "-xml");
        assertEquals(0, r.code(), r.toString());
        Document xml = SgeOutputTest.parse(r.out());
        for (String shape : SgeOutputTest.shapes(xml)) {
            assertTrue(realShapes.contains(shape), "not a structure real SGE prints: " + shape + "\n" + r);
        }
        return xml;
    }

    private static List<String> states(Document xml, String section) {
        return SgeOutputTest.texts(xml, section, "state");
    }

    /** Calls qstat until the queue is empty; fails after {@code maxCalls}. Returns every listing seen. */
    private List<Document> drain(int maxCalls) throws Exception {
        List<Document> seen = new ArrayList<>();
        for (int i = 0; i < maxCalls; i++) {
            Document xml = qstat();
            seen.add(xml);
            if (xml.getElementsByTagName("job_list").getLength() == 0) {
                return seen;
            }
            Thread.sleep(50);
        }
        fail("the queue was not empty after " + maxCalls + " qstat calls:\n" + Files.readString(queue.stateFile()));
        return seen;
    }

    private static void waitFor(Path file) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(file) || Files.size(file) == 0) {
            if (System.nanoTime() > deadline) {
                fail(file + " did not appear within 20 s");
            }
            Thread.sleep(20);
        }
    }

    @Test
    void aJobRunsDetachedFromTheQstatCallThatStartedItThenLeavesTheQueue() throws Exception {
        // it writes only after sleeping, when the qstat JVM that started it has long exited
        Path job = script("job.sh", "sleep 1\necho \"$JOB_ID $JOB_NAME $SGE_TASK_ID $1 $(pwd)\" > \"$2\"\n"
                + "echo to-stdout; echo to-stderr >&2\n");
        Path result = work.resolve("result.txt");
        String id = qsub("qmr-it#000000000", job, "first arg", result.toString());
        assertTrue(id.matches("[0-9]+"), id);
        Document first = qstat();
        assertEquals(List.of("t"), states(first, "queue_info"));
        assertEquals(List.of(id), SgeOutputTest.texts(first, "queue_info", "JB_job_number"));
        assertEquals(List.of("qmr-it#000000000"), SgeOutputTest.texts(first, "queue_info", "JB_name"));
        waitFor(result);
        assertEquals(id + " qmr-it#000000000 undefined first arg " + work + "\n", Files.readString(result));
        drain(10);
        assertEquals("to-stdout\n", Files.readString(work.resolve("qmr-it#000000000.out")));
        assertEquals("to-stderr\n", Files.readString(work.resolve("qmr-it#000000000.err")));
        Result acct = call(queue.qacct(), "-j", id);
        assertEquals(0, acct.code(), acct.toString());
        assertTrue(acct.out().contains("\nexit_status  0 "), acct.toString());
    }

    @Test
    void injectedErrorsShowEqwNTimesThenTheJobRuns() throws Exception {
        queue.injectErrors("#000000003", 2);
        Path job = script("chunk.sh", "echo done > \"$1\"\n");
        Path result = work.resolve("chunk3.txt");
        for (int attempt = 1; attempt <= 2; attempt++) {
            String id = qsub("qmr-it#000000003", job, result.toString());
            Document xml = qstat();
            assertEquals(List.of("Eqw"), states(xml, "job_info"), "attempt " + attempt);
            assertEquals(List.of(), states(xml, "queue_info"));
            assertEquals(List.of("Eqw"), states(qstat(), "job_info"), "Eqw stays until deleted");
            Result del = call(queue.qdel(), id);
            assertEquals(0, del.code(), del.toString());
        }
        qsub("qmr-it#000000003", job, result.toString());
        List<Document> seen = drain(10);
        assertEquals(List.of("t"), states(seen.get(0), "queue_info"), "the third start runs");
        waitFor(result);
    }

    @Test
    void arrayTasksRunWithTheirTaskIds() throws Exception {
        Path job = script("task.sh", "echo \"$SGE_TASK_ID of $SGE_TASK_LAST\" > \"task-$SGE_TASK_ID.txt\"\n");
        String id = qsub(List.of("-t", "1-3"), "qmr-array", job);
        assertTrue(id.matches("[0-9]+\\.1-3:1"), id);
        Document first = qstat();
        assertEquals(List.of("1"), SgeOutputTest.texts(first, "queue_info", "tasks"));
        assertEquals(List.of("2-3:1"), SgeOutputTest.texts(first, "job_info", "tasks"));
        drain(20);
        for (int t = 1; t <= 3; t++) {
            assertEquals(t + " of 3\n", Files.readString(work.resolve("task-" + t + ".txt")));
        }
        Result acct = call(queue.qacct(), "-j", id.substring(0, id.indexOf('.')));
        assertEquals(3, acct.out().lines().filter(l -> l.startsWith("taskid ")).count(), acct.toString());
    }

    @Test
    void qdelKillsARunningJobWithEverythingItStarted() throws Exception {
        Path job = script("long.sh", "sleep 300 &\necho $! > child.pid\necho $$ > shell.pid\nwait\n");
        String id = qsub("qmr-long", job);
        qstat();
        waitFor(work.resolve("child.pid"));
        waitFor(work.resolve("shell.pid"));
        long child = Long.parseLong(Files.readString(work.resolve("child.pid")).trim());
        long shell = Long.parseLong(Files.readString(work.resolve("shell.pid")).trim());
        assertTrue(OsJobProcesses.find(new JobProcesses.Handle(child, 0)).isPresent(), "the job's sleep runs");
        Result del = call(queue.qdel(), id);
        assertEquals(0, del.code(), del.toString());
        assertEquals("has registered the job " + id + " for deletion",
                del.out().trim().substring(del.out().indexOf(' ') + 1), del.toString());
        assertFalse(OsJobProcesses.find(new JobProcesses.Handle(shell, 0)).isPresent(), "the job's shell is gone");
        assertFalse(OsJobProcesses.find(new JobProcesses.Handle(child, 0)).isPresent(), "its child is gone too");
        assertEquals(0, qstat().getElementsByTagName("job_list").getLength());
        Result acct = call(queue.qacct(), "-j", id);
        assertTrue(acct.out().contains("\nexit_status  137 "), acct.toString());
    }

    @Test
    void qacctGivesTheExitStatusAndRefusesUnknownJobs() throws Exception {
        String id = qsub("qmr-exit3", script("exit3.sh", "exit 3\n"));
        drain(10);
        Result acct = call(queue.qacct(), "-j", id);
        assertEquals(0, acct.code(), acct.toString());
        assertTrue(acct.out().contains("\nfailed       0    \n"), acct.toString());
        assertTrue(acct.out().contains("\nexit_status  3                   \n"), acct.toString());
        Result unknown = call(queue.qacct(), "-j", "424242");
        assertEquals(1, unknown.code(), unknown.toString());
        assertEquals("error: job id 424242 not found\n", unknown.err());
        Result del = call(queue.qdel(), "424242");
        assertEquals(1, del.code(), del.toString());
        assertEquals("denied: job \"424242\" does not exist\n", del.out());
    }

    @Test
    void injectedQstatFailuresLookLikeAnUnreachableQmasterThenItRecovers() throws Exception {
        queue.failNext("qstat", 2);
        for (int i = 0; i < 2; i++) {
            Result r = call(queue.qstat(), "-xml");
            assertEquals(1, r.code(), r.toString());
            assertEquals("", r.out());
            assertTrue(r.err().startsWith("error: commlib error: got select error (Connection refused)"), r.toString());
        }
        assertEquals(0, call(queue.qstat(), "-xml").code());
    }

    @Test
    void concurrentSubmissionsGetDistinctIds() throws Exception {
        Path job = script("noop.sh", "true\n");
        List<Path> outs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Path out = dir.resolve("qsub" + i + ".out");
            outs.add(out);
            submitters.add(builder(queue.qsub(), List.of("-terse", "-N", "c" + i, "-wd", work.toString(), "-o",
                    "/dev/null", "-e", "/dev/null", job.toString()), out, dir.resolve("qsub" + i + ".err")).start());
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < submitters.size(); i++) {
            assertTrue(submitters.get(i).waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, submitters.get(i).exitValue(), Files.readString(dir.resolve("qsub" + i + ".err")));
            ids.add(Files.readString(outs.get(i)).trim());
        }
        assertEquals(Set.of("1", "2", "3", "4", "5", "6", "7", "8"), ids);
        Document xml = qstat(); // starts job 1
        assertEquals(List.of("1"), SgeOutputTest.texts(xml, "queue_info", "JB_job_number"));
        assertEquals(List.of("2", "3", "4", "5", "6", "7", "8"), SgeOutputTest.texts(xml, "job_info", "JB_job_number"));
    }

    @Test
    void installFromTheCommandLineBakesInTheStateFileAndTheFastStartOptions() throws Exception {
        Path other = dir.resolve("other");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                DummyGridEngine.classpath(), DummyGridEngine.class.getName(), "install", other.toString(), "--slots", "3");
        Process p = new ProcessBuilder(command).redirectOutput(dir.resolve("install.out").toFile())
                .redirectError(dir.resolve("install.err").toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("install.err")));
        for (String name : List.of("qsub", "qstat", "qdel", "qacct", "dummy-queue")) {
            assertTrue(Files.isExecutable(other.resolve(name)), name);
            assertTrue(Files.readString(other.resolve(name)).contains("--state '" + other.resolve(
                    DummyGridEngine.STATE_FILE_NAME) + "'"), name);
        }
        String jvmArgs = Files.readString(other.resolve("dummy-queue.jvm-args"), StandardCharsets.UTF_8);
        for (String option : List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto")) {
            assertTrue(jvmArgs.contains(option + "\n"), jvmArgs);
        }
        assertTrue(Files.readString(other.resolve(DummyGridEngine.STATE_FILE_NAME)).contains("\nslots 3\n"));
        Result fail = call(other.resolve("dummy-queue"), "fail", "qsub", "1");
        assertEquals(0, fail.code(), fail.toString());
        Result qsub = call(other.resolve("qsub"), "-terse", script("x.sh", "true\n").toString());
        assertEquals(1, qsub.code(), qsub.toString());
    }
}
