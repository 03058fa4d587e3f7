package io.github.qmr.dummysge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The commands' behaviour through DummyGridEngine's own dispatch, with processes on paper and a fixed clock. */
class SgeCommandsTest {
    @TempDir
    Path dir;

    private final FakeJobProcesses processes = new FakeJobProcesses();
    private final Map<String, String> callerEnv = Map.of("PATH", "/caller/bin", "TMPDIR", "/caller/tmp",
            "LD_LIBRARY_PATH", "/caller/lib", "MY_VAR", "mine", "SHELL", "/bin/bash");
    private String stdin = "";
    private String out;
    private String err;
    private Path script;

    @BeforeEach
    void setUp() throws Exception {
        script = Files.writeString(dir.resolve("job.sh"), "echo hi\n");
        Files.createDirectories(dir.resolve("home"));
    }

    private int run(String... argv) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("--state", dir.resolve("q.state").toString()));
        args.addAll(List.of(argv));
        SgeCommands.Context context = new SgeCommands.Context(dir, callerEnv,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8),
                processes, () -> 1_795_627_615L, ZoneOffset.UTC, "alice", dir.resolve("home").toString(), "vm");
        int code = DummyGridEngine.run(args, context);
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    private String qsub(String... options) {
        List<String> argv = new ArrayList<>(List.of("qsub", "-terse", "-wd", dir.toString(), "-o",
                dir.resolve("out").toString(), "-e", dir.resolve("err").toString()));
        argv.addAll(List.of(options));
        if (!argv.contains(script.toString())) {
            argv.add(script.toString());
        }
        assertEquals(0, run(argv.toArray(String[]::new)), err);
        return out.trim();
    }

    private Document qstat() throws Exception {
        assertEquals(0, run("qstat", "-xml"), err);
        return SgeOutputTest.parse(out);
    }

    private static List<String> states(Document xml, String section) {
        return SgeOutputTest.texts(xml, section, "state");
    }

    private QueueState state() throws Exception {
        return QueueState.parse(Files.readString(dir.resolve("q.state")), "q.state");
    }

    @Test
    void qsubPrintsIdsFromACounterTerseOrNot() {
        assertEquals("1", qsub("-N", "a"));
        assertEquals("2.1-5:1", qsub("-N", "b", "-t", "1-5"));
        assertEquals(0, run("qsub", "-N", "c", "-wd", dir.toString(), script.toString()));
        assertEquals("Your job 3 (\"c\") has been submitted\n", out);
        assertEquals(0, run("qsub", "-t", "2-6:2", "-wd", dir.toString(), script.toString()));
        assertEquals("Your job-array 4.2-6:2 (\"job.sh\") has been submitted\n", out, "default name: the script's");
    }

    @Test
    void eachQstatTakesOneStepAndSlotsLimitRunningJobs() throws Exception {
        qsub("-N", "a");
        qsub("-N", "b");
        qsub("-N", "c");
        Document x = qstat(); // starts a
        assertEquals(List.of("t"), states(x, "queue_info"), "a job started by this call shows t, like SGE");
        assertEquals(List.of("qw", "qw"), states(x, "job_info"));
        x = qstat(); // starts b
        assertEquals(List.of("r", "t"), states(x, "queue_info"));
        x = qstat(); // 2 slots full: nothing to do
        assertEquals(List.of("r", "r"), states(x, "queue_info"));
        assertEquals(List.of("3"), SgeOutputTest.texts(x, "job_info", "JB_job_number"));
        processes.end(1, "undefined", 0);
        x = qstat(); // reaps a
        assertEquals(List.of("2"), SgeOutputTest.texts(x, "queue_info", "JB_job_number"));
        x = qstat(); // starts c
        assertEquals(List.of("2", "3"), SgeOutputTest.texts(x, "queue_info", "JB_job_number"));
        assertEquals(List.of(), states(x, "job_info"));
        assertEquals(3, processes.launched.size());
    }

    @Test
    void stepsPerCallAndSlotsAreSettings() throws Exception {
        assertEquals(0, run("steps", "3"));
        assertEquals(0, run("slots", "1"));
        qsub("-N", "a");
        qsub("-N", "b");
        assertEquals(List.of("t"), states(qstat(), "queue_info"), "one slot: a starts, the other steps find nothing");
        processes.end(1, "undefined", 0);
        Document x = qstat(); // reap a, start b, nothing
        assertEquals(List.of("2"), SgeOutputTest.texts(x, "queue_info", "JB_job_number"));
    }

    @Test
    void aJobTakingMoreSlotsThanFreeWaitsWhileSmallerOnesStart() throws Exception {
        qsub("-N", "big", "-pe", "smp", "3");
        qsub("-N", "small");
        Document x = qstat();
        assertEquals(List.of("2"), SgeOutputTest.texts(x, "queue_info", "JB_job_number"));
        assertEquals(List.of("3"), SgeOutputTest.texts(qstat(), "job_info", "slots"));
    }

    @Test
    void injectedErrorsPutTheJobIntoEqwNTimesThenItRuns() throws Exception {
        assertEquals(0, run("eqw", "#000000003", "2"));
        for (int attempt = 1; attempt <= 3; attempt++) {
            String id = qsub("-N", "qmr-s#000000003");
            Document x = qstat();
            if (attempt < 3) {
                assertEquals(List.of("Eqw"), states(x, "job_info"), "attempt " + attempt);
                assertEquals(List.of("Eqw"), states(qstat(), "job_info"), "Eqw stays until deleted");
                assertEquals(1, run("qacct", "-j", id), "a job that never ran has no accounting");
                assertEquals(0, run("qstat", "-j", id));
                assertTrue(out.contains("error reason    1:"), out);
                assertTrue(out.contains("injected by the qmr dummy queue"), out);
                assertEquals(0, run("qdel", id));
                assertEquals("alice has deleted job " + id + "\n", out);
            } else {
                assertEquals(List.of("t"), states(x, "queue_info"), "attempt " + attempt);
            }
        }
        assertEquals(1, processes.launched.size());
        qsub("-N", "qmr-s#000000004");
        assertEquals(List.of("r", "t"), states(qstat(), "queue_info"), "other chunks are not affected");
    }

    @Test
    void injectedTaskErrorsHitOneArrayTask() throws Exception {
        assertEquals(0, run("eqw-task", "2", "1"));
        assertEquals("1.1-3:1", qsub("-t", "1-3", "-N", "arr"));
        qstat();
        Document x = qstat();
        assertEquals(List.of("1"), SgeOutputTest.texts(x, "queue_info", "tasks"));
        assertEquals(List.of("2", "3"), SgeOutputTest.texts(x, "job_info", "tasks"));
        assertEquals(List.of("Eqw", "qw"), states(x, "job_info"));
        assertEquals(0, run("qdel", "1.2"));
        assertEquals("alice has deleted job-array task 1.2\n", out);
        x = qstat();
        assertEquals(List.of("1", "3"), SgeOutputTest.texts(x, "queue_info", "tasks"));
    }

    @Test
    void arrayTasksGetTheirIdsAndDefaultOutputNames() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        assertEquals(0, run("qsub", "-terse", "-t", "1-3", "-N", "arr", "-wd", dir.toString(), "-o", logs.toString(),
                "-e", logs + "/$JOB_NAME.$JOB_ID.$TASK_ID.err", script.toString(), "a b"));
        for (int i = 0; i < 3; i++) {
            qstat();
            qstat();
        }
        assertEquals(2, processes.launched.size(), "two slots");
        JobProcesses.Launch first = processes.launched.get(0);
        assertEquals("1", first.env().get("SGE_TASK_ID"));
        assertEquals("1", first.env().get("SGE_TASK_FIRST"));
        assertEquals("3", first.env().get("SGE_TASK_LAST"));
        assertEquals(logs.resolve("arr.o1.1"), first.stdout(), "-o FOLDER: SGE's default name in it");
        assertEquals(logs.resolve("arr.1.1.err"), first.stderr(), "pseudo variables expanded");
        assertEquals(List.of("/bin/sh", state().jobs.get(0).script, "a b"), first.command());
        processes.end(1, "1", 0);
        qstat();
        qstat();
        assertEquals("3", processes.launched.get(2).env().get("SGE_TASK_ID"));
    }

    @Test
    void theJobGetsALoginEnvironmentNotTheCallersUnlessV() throws Exception {
        qsub("-N", "plain");
        qsub("-N", "exported", "-V", "-v", "EXTRA=1");
        qstat();
        qstat();
        Map<String, String> plain = processes.launched.get(0).env();
        assertFalse(plain.containsKey("MY_VAR"), plain.toString());
        assertEquals("/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games", plain.get("PATH"));
        assertEquals("/caller/bin", plain.get("SGE_O_PATH"));
        assertEquals("1", plain.get("JOB_ID"));
        assertEquals("plain", plain.get("JOB_NAME"));
        assertEquals("undefined", plain.get("SGE_TASK_ID"));
        assertEquals("1", plain.get("NSLOTS"));
        assertTrue(plain.get("TMPDIR").startsWith(dir.resolve("q.state.spool").toString()), plain.get("TMPDIR"));
        Map<String, String> exported = processes.launched.get(1).env();
        assertEquals("mine", exported.get("MY_VAR"));
        assertEquals("1", exported.get("EXTRA"));
        assertEquals(plain.get("PATH"), exported.get("PATH"), "a login shell resets PATH even with -V");
        assertFalse(exported.get("TMPDIR").startsWith("/caller"), "TMPDIR never arrives");
        assertFalse(exported.containsKey("LD_LIBRARY_PATH"), "LD_LIBRARY_PATH never arrives");
    }

    @Test
    void theScriptIsSpooledAtSubmissionAndBinaryCommandsGoThroughTheShell() throws Exception {
        qsub("-N", "spooled");
        Files.writeString(script, "echo changed\n");
        assertEquals(0, run("qsub", "-terse", "-b", "y", "-N", "bin", "-wd", dir.toString(), "sleep", "1"));
        qstat();
        qstat();
        Path copy = Path.of(processes.launched.get(0).command().get(1));
        assertEquals("echo hi\n", Files.readString(copy));
        assertEquals(List.of("/bin/sh", "-c", "sleep 1"), processes.launched.get(1).command());
        processes.end(1, "undefined", 0);
        qstat();
        assertFalse(Files.exists(copy), "the spooled copy goes with the job");
    }

    @Test
    void scriptFromStdinAndMissingScript() throws Exception {
        stdin = "echo from stdin\n";
        assertEquals(0, run("qsub", "-terse", "-wd", dir.toString()));
        assertEquals("STDIN", state().jobs.get(0).name);
        assertEquals(1, run("qsub", "-terse", "nonexist.sh"));
        assertEquals("Unable to read script file because of error: error opening nonexist.sh: No such file or "
                + "directory\n", err, "measured on SGE 8.1.9");
        assertEquals(1, run("qsub", "-N", "9bad", script.toString()));
        assertTrue(err.startsWith("Unable to run job: denied: \"9bad\""), err);
        assertEquals(2, run("qsub", "-N", "a/b", script.toString()));
    }

    @Test
    void missingWorkingDirectoryOrOutputFolderGivesEqwLikeSge() throws Exception {
        assertEquals(0, run("qsub", "-terse", "-wd", "/nonexistent", script.toString()));
        assertEquals(0, run("qsub", "-terse", "-wd", dir.toString(), "-o", dir + "/nodir/x", script.toString()));
        assertEquals(List.of("Eqw", "qw"), states(qstat(), "job_info"));
        assertEquals(List.of("Eqw", "Eqw"), states(qstat(), "job_info"));
        run("qstat", "-j", "1,2");
        assertTrue(out.contains("error: can't chdir to /nonexistent: No such file or directory"), out);
        assertTrue(out.contains("error: can't open output file \"" + dir + "/nodir/x\": No such file or directory"),
                out);
    }

    @Test
    void exit99RequeuesAndExit100GoesToEqwAsOnSge() throws Exception {
        qsub("-N", "requeued");
        qsub("-N", "failed");
        qstat();
        qstat();
        processes.end(1, "undefined", 99);
        processes.end(2, "undefined", 100);
        Document x = qstat();
        assertEquals(List.of("Rq"), states(x, "job_info"));
        x = qstat();
        assertEquals(List.of("Eqw", "Rq"), states(x, "job_info").stream().sorted().toList());
        x = qstat();
        assertEquals(List.of("1"), SgeOutputTest.texts(x, "queue_info", "JB_job_number"), "the requeued job runs again");
        run("qstat", "-j", "2");
        assertTrue(out.contains("exit_status of job start = 100"), out);
    }

    @Test
    void qdelMatchesRealSge() throws Exception {
        qsub("-N", "running");
        qsub("-N", "pending");
        qstat();
        assertEquals(1, run("qdel", "424242"));
        assertEquals("denied: job \"424242\" does not exist\n", out, "on stdout, measured");
        assertEquals("", err);
        assertEquals(1, run("qdel", "2", "424242"));
        assertEquals("alice has deleted job 2\ndenied: job \"424242\" does not exist\n", out,
                "exit 1 even though job 2 was deleted (measured on SGE 8.1.9)");
        assertEquals(0, run("qdel", "1"));
        assertEquals("alice has registered the job 1 for deletion\n", out);
        assertTrue(processes.killed.contains(processes.pid(1, "undefined")));
        assertEquals(0, run("qacct", "-j", "1"));
        assertTrue(out.contains("\nfailed       100 : assumedly after job\n"), out);
        assertTrue(out.contains("\nexit_status  137 "), out);
        assertEquals(1, run("qdel"));
        assertTrue(err.startsWith("ERROR! no option argument"), err);
    }

    @Test
    void qdelByNamePatternListAndUser() throws Exception {
        qsub("-N", "qmr-a#000000001");
        qsub("-N", "qmr-a#000000002");
        qsub("-N", "other");
        qsub("-N", "fourth");
        assertEquals(0, run("qdel", "qmr-a*"));
        assertEquals("alice has deleted job 1\nalice has deleted job 2\n", out);
        assertEquals(0, run("qdel", "3,4"));
        assertEquals(2, out.lines().count());
        qsub("-N", "x");
        assertEquals(0, run("qdel", "-u", "alice"));
        assertEquals(List.of(), state().jobs);
    }

    @Test
    void qacctShowsTheExitStatusOfEndedJobs() throws Exception {
        String id = qsub("-N", "exits3");
        assertEquals(1, run("qacct", "-j", id), "running or pending: not in the accounting yet");
        qstat();
        processes.end(1, "undefined", 3);
        qstat();
        assertEquals(0, run("qacct", "-j", id));
        assertTrue(out.startsWith(SgeOutput.RULE + "\n"), out);
        assertTrue(out.contains("\nfailed       0    \n"), out);
        assertTrue(out.contains("\nexit_status  3                   \n"), out);
        assertEquals(0, run("qacct", "-j", "exits3"), "by name too");
        assertEquals(1, run("qacct", "-j", "99"));
        assertEquals("error: job id 99 not found\n", err, "measured on SGE 8.1.9");
        assertEquals("", out);
    }

    @Test
    void injectedCommandFailuresLookLikeAnUnreachableQmasterAndChangeNothing() throws Exception {
        qsub("-N", "a");
        assertEquals(0, run("fail", "qstat", "2"));
        for (int i = 0; i < 2; i++) {
            assertEquals(1, run("qstat", "-xml"));
            assertEquals("", out);
            assertTrue(err.startsWith("error: commlib error: got select error (Connection refused)\n"), err);
        }
        assertEquals(0, processes.launched.size(), "a failed qstat does not advance the queue");
        assertEquals(List.of("t"), states(qstat(), "queue_info"));
        assertEquals(0, run("fail", "qsub", "1"));
        assertEquals(1, run("qsub", "-terse", script.toString()));
        assertTrue(err.contains("Unable to run job: unable to send message to qmaster"), err);
        assertEquals(2, state().nextJobId, "no job id used by a failed qsub");
        assertEquals(0, run("fail", "qdel", "1"));
        assertEquals(1, run("qdel", "1"));
        assertEquals(1, state().jobs.size());
    }

    @Test
    void qstatForOtherUsersShowsNothingAndUnknownJobsAreReported() throws Exception {
        qsub("-N", "a");
        assertEquals(0, run("qstat", "-xml", "-u", "bob"));
        assertEquals(List.of(), SgeOutputTest.texts(SgeOutputTest.parse(out), "job_info", "state"));
        assertEquals(0, run("qstat", "-xml", "-u", "*"));
        assertEquals(1, SgeOutputTest.texts(SgeOutputTest.parse(out), "queue_info", "state").size());
        assertEquals(1, run("qstat", "-j", "77"));
        assertEquals("Following jobs do not exist: \n77\n", err, "measured on SGE 8.1.9");
    }

    @Test
    void withoutAStateFileTheUserIsToldHowToGiveOne() {
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        SgeCommands.Context context = new SgeCommands.Context(dir, Map.of(), new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(e, true, StandardCharsets.UTF_8),
                processes, () -> 0L, ZoneOffset.UTC, "alice", "/home/alice", "vm");
        assertEquals(2, DummyGridEngine.run(List.of("qstat"), context));
        assertTrue(e.toString().contains("set QMR_DUMMY_STATE=FILE or pass --state FILE"), e.toString());
    }
}
