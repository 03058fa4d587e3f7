package io.github.qmr.runtime.queue.sge;

import io.github.qmr.runtime.process.FakeCommands;
import static io.github.qmr.runtime.queue.sge.SgeDialectTest.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.queue.CommandLineQueue;
import io.github.qmr.runtime.queue.QueueTiming;
import io.github.qmr.runtime.queue.QueueTools;
import io.github.qmr.runtime.queue.ArrayJobSpec;
import io.github.qmr.runtime.queue.JobSpec;
import io.github.qmr.runtime.queue.JobState;
import io.github.qmr.runtime.queue.JobStatus;
import io.github.qmr.runtime.queue.QueueException;
import io.github.qmr.runtime.queue.QueueUnreachableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SgeQueueTest {
    private static final QueueTools TOOLS = QueueTools.sgeIn(Path.of("/opt/sge/bin"));
    private static final JobSpec JOB = new JobSpec("q20261125T162427Z#000000007", Path.of("/w/s/launcher.sh"),
            List.of("chunks/000000/000000007.tasks"), Path.of("/w/s/7.stdout"), Path.of("/w/s/7.stderr"),
            Path.of("/w/s"));

    private final FakeCommands commands = new FakeCommands();
    private final List<Duration> sleeps = new ArrayList<>();
    private final CommandLineQueue queue = queue(SgeOptions.DEFAULTS, TOOLS, QueueTiming.DEFAULTS);

    private CommandLineQueue queue(SgeOptions options, QueueTools tools, QueueTiming timing) {
        return new CommandLineQueue(new SgeDialect(options), tools, timing, commands, sleeps::add);
    }

    // ---------------------------------------------------------------------------------------------- check

    @Test
    void checkPassesWhenTheProgramsAreExecutable(@TempDir Path bin) throws IOException {
        fakePrograms(bin, "qsub", "qstat", "qdel");

        queue(SgeOptions.DEFAULTS, QueueTools.sgeIn(bin), QueueTiming.DEFAULTS).check();
        queue(SgeOptions.DEFAULTS, QueueTools.sge(), QueueTiming.DEFAULTS).check("/nowhere:" + bin);
        assertEquals(List.of(), commands.calls, "check only looks at files");
    }

    @Test
    void checkNamesEachMissingProgramAndHowToFixIt(@TempDir Path bin) throws IOException {
        fakePrograms(bin, "qsub", "qstat");
        Files.writeString(bin.resolve("qdel"), "#!/bin/sh\n"); // not executable

        QueueException e = assertThrows(QueueException.class,
                () -> queue(SgeOptions.DEFAULTS, QueueTools.sgeIn(bin), QueueTiming.DEFAULTS).check());

        assertEquals("SGE's qdel at " + bin.resolve("qdel") + " does not exist or is not executable; set the path of"
                + " qdel to the right file or put qdel on PATH", e.getMessage());
    }

    @Test
    void checkSaysWhichProgramsAreNotOnPath() {
        QueueException e = assertThrows(QueueException.class,
                () -> queue(SgeOptions.DEFAULTS, QueueTools.sge(), QueueTiming.DEFAULTS)
                        .check("/nowhere"));

        assertEquals("""
                SGE's qsub is not on PATH (/nowhere); set the path of qsub (e.g. $SGE_ROOT/bin/lx-amd64/qsub) or put qsub on PATH
                SGE's qstat is not on PATH (/nowhere); set the path of qstat (e.g. $SGE_ROOT/bin/lx-amd64/qstat) or put qstat on PATH
                SGE's qdel is not on PATH (/nowhere); set the path of qdel (e.g. $SGE_ROOT/bin/lx-amd64/qdel) or put qdel on PATH""",
                e.getMessage());
    }

    @Test
    void anotherFlavoursToolsAreRefusedNamingWhatIsMissing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> queue(SgeOptions.DEFAULTS, QueueTools.slurm(), QueueTiming.DEFAULTS));

        assertEquals("SGE needs its program qsub, but the tools name only [sbatch, squeue, scancel, sacct]; use"
                + " QueueTools.sge(...)", e.getMessage());
    }

    private static void fakePrograms(Path bin, String... names) throws IOException {
        for (String name : names) {
            Files.writeString(bin.resolve(name), "#!/bin/sh\n");
            Files.setPosixFilePermissions(bin.resolve(name), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    // ---------------------------------------------------------------------------------------------- submit

    @Test
    void submitRunsTheConfiguredQsubOnceAndReturnsTheJobNumber() {
        commands.ok("4711\n");

        assertEquals("4711", queue.submit(JOB));

        assertEquals(List.of(List.of("/opt/sge/bin/qsub", "-terse", "-N", "q20261125T162427Z#000000007",
                "-o", "/w/s/7.stdout", "-e", "/w/s/7.stderr", "-wd", "/w/s", "-S", "/bin/sh", "-b", "n", "-C", "",
                "/w/s/launcher.sh", "chunks/000000/000000007.tasks")), commands.calls);
        assertEquals(Duration.ofSeconds(60), commands.timeouts.get(0));
    }

    private static final String EMPTY_QSTAT =
            "<?xml version='1.0'?><job_info><queue_info></queue_info><job_info></job_info></job_info>";

    private static String qstatListing(String number, String name) {
        return "<?xml version='1.0'?><job_info><queue_info></queue_info><job_info><job_list state=\"pending\">"
                + "<JB_job_number>" + number + "</JB_job_number><JAT_prio>0</JAT_prio><JB_name>" + name
                + "</JB_name><JB_owner>root</JB_owner><state>qw</state><JB_submission_time>2026-11-25T16:28:24"
                + "</JB_submission_time><queue_name></queue_name><slots>1</slots></job_list></job_info></job_info>";
    }

    private static final String COMMLIB = "error: commlib error: got select error (Connection refused)\n"
            + "Unable to run job: unable to send message to qmaster using port 6444 on host \"vm\": got send"
            + " error.\nExiting.\n";

    @Test
    void aRejectedQsubIsNotRetriedAndShowsTheWholeBlock() {
        commands.answer(1, "", "Unable to run job: unknown resource \"no_such\".\nExiting.\n");

        QueueException e = assertThrows(QueueException.class, () -> queue.submit(JOB));

        assertEquals("""
                qsub could not submit job q20261125T162427Z#000000007:
                  command: /opt/sge/bin/qsub -terse -N 'q20261125T162427Z#000000007' -o /w/s/7.stdout -e /w/s/7.stderr -wd /w/s -S /bin/sh -b n -C '' /w/s/launcher.sh chunks/000000/000000007.tasks
                  exit status: 1 (after 0.01 s)
                  stdout: (empty)
                  stderr:
                      Unable to run job: unknown resource "no_such".
                      Exiting.""", e.getMessage());
        assertEquals(1, commands.calls.size());
    }

    @Test
    void anUnreachableQmasterIsRetriedAfterCheckingByNameThatNoJobWasSubmitted() {
        commands.answer(1, "", COMMLIB).ok(EMPTY_QSTAT).ok("4712\n");

        assertEquals("4712", queue.submit(JOB));

        assertEquals(List.of("/opt/sge/bin/qstat", "-xml"), commands.calls.get(1));
        assertEquals("/opt/sge/bin/qsub", commands.calls.get(2).get(0));
        assertEquals(List.of(Duration.ofSeconds(1)), sleeps);
    }

    @Test
    void aQsubThatTimedOutButSubmittedIsFoundByNameAndNotSubmittedAgain() {
        commands.timeout().ok(qstatListing("4711", "q20261125T162427Z#000000007"));

        assertEquals("4711", queue.submit(JOB));

        assertEquals(2, commands.calls.size(), "no second qsub");
    }

    @Test
    void qsubPrintingNoJobIdIsCheckedByNameThenAnErrorWithTheBlock() {
        for (int i = 0; i < 4; i++) {
            commands.ok("Your job 4711 (\"x\") has been submitted\n").ok(EMPTY_QSTAT);
        }

        QueueException e = assertThrows(QueueException.class, () -> queue.submit(JOB));

        assertTrue(e.getMessage().startsWith("qsub -terse printed no job id; expected a number like 123"),
                e.getMessage());
        assertTrue(e.getMessage().contains("\n  command: /opt/sge/bin/qsub -terse "), e.getMessage());
        assertTrue(e.getMessage().endsWith("(tried 4 times; no job named q20261125T162427Z#000000007 is in the"
                + " queue)"), e.getMessage());
    }

    @Test
    void missingQsubSaysHowToFixIt() {
        commands.missing();

        QueueException e = assertThrows(QueueException.class, () -> queue.submit(JOB));

        assertTrue(e.getMessage().startsWith("cannot submit job q20261125T162427Z#000000007: cannot run"
                + " /opt/sge/bin/qsub: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("\nset the path of qsub in qmr's SGE settings or put qsub on PATH"),
                e.getMessage());
    }

    @Test
    void submitPassesSiteOptions() {
        Map<String, String> resources = new LinkedHashMap<>();
        resources.put("h_vmem", "4G");
        CommandLineQueue site = queue(new SgeOptions("long.q", resources, null, 1, null, List.of(), 0, 0), TOOLS,
                QueueTiming.DEFAULTS);
        commands.ok("12\n");

        site.submit(JOB);

        assertEquals(List.of("-b", "n", "-C", "", "-q", "long.q", "-l", "h_vmem=4G", "/w/s/launcher.sh"),
                commands.calls.get(0).subList(12, 21));
    }

    @Test
    void submitArrayReturnsOneIdPerTask() {
        commands.ok("320.1-5:1\n");

        assertEquals(List.of("320.1", "320.2", "320.3", "320.4", "320.5"), queue.submitArray(array(5)));

        assertEquals(List.of("-b", "n", "-C", "", "-t", "1-5", "/w/s/launcher.sh", "array", "0"),
                commands.calls.get(0).subList(12, 21));
    }

    @Test
    void arraysUpToSgesDefaultMaximumUnlessConfigured() {
        assertEquals(75_000, queue.maxArraySize());
        CommandLineQueue small = queue(new SgeOptions(null, Map.of(), null, 1, null, List.of(), 10, 2), TOOLS,
                QueueTiming.DEFAULTS);

        QueueException e = assertThrows(QueueException.class, () -> small.submitArray(array(11)));

        assertEquals("array job a has 11 tasks, more than the 10 allowed by the SGE settings (maxArraySize); split"
                + " it or raise the limit (not above the cluster's max_aj_tasks, see qconf -sconf)", e.getMessage());
        assertEquals(List.of(), commands.calls);
    }

    private static ArrayJobSpec array(int size) {
        return new ArrayJobSpec("a", Path.of("/w/s/launcher.sh"), List.of("array", "0"), size,
                Path.of("/w/s/queue.stdout"), Path.of("/w/s/queue.stderr"), Path.of("/w/s"));
    }

    // ---------------------------------------------------------------------------------------------- poll

    @Test
    void pollAsksQstatOnceForAllJobsAndReportsArrayTasksOneByOne() throws IOException {
        commands.ok(sample("sge-qstat-mine.sample.xml"));

        Map<String, JobStatus> states = queue.poll(List.of("347", "349", "350.1", "350.3", "350.5", "999"));

        assertEquals(Map.of(
                "347", JobStatus.of(JobState.RUNNING, "r"),
                "349", JobStatus.of(JobState.ERROR, "Eqw"),
                "350.1", JobStatus.of(JobState.RUNNING, "t"),
                "350.3", JobStatus.of(JobState.PENDING, "qw")), states);
        assertEquals(List.of(List.of("/opt/sge/bin/qstat", "-xml")), commands.calls);
    }

    @Test
    void pollOfAnArrayJobByItsNumberGivesItsMostPressingState() throws IOException {
        commands.ok(sample("sge-qstat-mine.sample.xml")).ok(sample("qstat-running-array.xml"));

        assertEquals(Map.of("350", JobStatus.of(JobState.RUNNING, "t,qw")), queue.poll(List.of("350")));
        assertEquals(Map.of("23", JobStatus.of(JobState.ERROR, "Eqw"), "25", JobStatus.of(JobState.RUNNING, "r,qw")),
                queue.poll(List.of("23", "25")));
    }

    @Test
    void pollOfCapturedDeletedHeldAndRescheduledJobs() throws IOException {
        commands.ok(sample("qstat-dr.xml")).ok(sample("qstat-held-running.xml")).ok(sample("qstat-rq-eqw.xml"));

        assertEquals(JobStatus.of(JobState.RUNNING, "dr"), queue.poll(List.of("24")).get("24"));
        assertEquals(JobStatus.of(JobState.RUNNING, "hr"), queue.poll(List.of("25.2")).get("25.2"));
        assertEquals(Map.of("26", JobStatus.of(JobState.PENDING, "Rq"), "27", JobStatus.of(JobState.ERROR, "Eqw")),
                queue.poll(List.of("26", "27")));
    }

    @Test
    void pollOfNoJobsRunsNothing() {
        assertEquals(Map.of(), queue.poll(List.of()));
        assertEquals(List.of(), commands.calls);
    }

    @Test
    void pollOfAnEmptyQueueReportsEveryJobGone() {
        commands.ok("<?xml version='1.0'?>\n<job_info>\n  <queue_info>\n  </queue_info>\n  <job_info>\n"
                + "  </job_info>\n</job_info>\n");

        assertEquals(Map.of(), queue.poll(List.of("1", "2.3")));
    }

    @Test
    void failedQstatIsRetriedWithGrowingPauses() throws IOException {
        commands.answer(1, "", "error: commlib error: got select error (Connection refused)\n")
                .timeout()
                .ok(sample("sge-qstat-mine.sample.xml"));

        assertEquals(Map.of("347", JobStatus.of(JobState.RUNNING, "r")), queue.poll(List.of("347")));

        assertEquals(3, commands.calls.size());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), sleeps);
    }

    @Test
    void qstatFailingEveryTimeThrowsInsteadOfReportingJobsDone() {
        for (int i = 0; i < 4; i++) {
            commands.answer(1, "", "error: commlib error: got select error (Connection refused)\n");
        }

        QueueException e = assertThrows(QueueException.class, () -> queue.poll(List.of("347")));

        assertEquals("""
                qstat failed 4 time(s) in a row, so the state of the jobs is unknown; the last attempt:
                  command: /opt/sge/bin/qstat -xml
                  exit status: 1 (after 0.01 s)
                  stdout: (empty)
                  stderr:
                      error: commlib error: got select error (Connection refused)
                hint: the SGE qmaster did not answer; check that it runs (qping, or ps for sge_qmaster) and that\
                 SGE_ROOT/SGE_CELL name this cluster""", e.getMessage());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), sleeps);
        assertTrue(e instanceof QueueUnreachableException, "a commlib error means the qmaster is unreachable");
    }

    @Test
    void aQstatThatCannotReachTheQmasterIsReportedUnreachable() throws IOException {
        String down = sample("qmaster-down.txt").split("\\$ ")[2];
        for (int i = 0; i < 4; i++) {
            commands.answer(1, "", down);
        }

        QueueUnreachableException e = assertThrows(QueueUnreachableException.class, () -> queue.poll(List.of("347")));

        assertTrue(e.getMessage().startsWith("qstat failed 4 time(s) in a row, so the state of the jobs is unknown"),
                e.getMessage());
        assertEquals(List.of(), e.notDeleted());
    }

    @Test
    void aQstatThatTimesOutEveryTimeIsReportedUnreachable() {
        for (int i = 0; i < 4; i++) {
            commands.timeout();
        }

        QueueUnreachableException e = assertThrows(QueueUnreachableException.class, () -> queue.poll(List.of("1")));

        assertTrue(e.getMessage().contains("hint: the command did not finish in time; the qmaster may be"
                + " overloaded or unreachable"), e.getMessage());
    }

    @Test
    void unreadableQstatOutputIsRetriedThenAnError() {
        CommandLineQueue twice = queue(SgeOptions.DEFAULTS, TOOLS,
                new QueueTiming(Duration.ofSeconds(5), 2, Duration.ofMillis(100), Duration.ofSeconds(1)));
        commands.ok("<job_info><queue_info>").ok("<job_info><queue_info>");

        QueueException e = assertThrows(QueueException.class, () -> twice.poll(List.of("1")));
        assertFalse(e instanceof QueueUnreachableException, "garbage is not an outage");

        assertTrue(e.getMessage().startsWith("qstat failed 2 time(s) in a row, so the state of the jobs is unknown;"
                + " the last attempt:\ncannot read the output of qstat -xml: "), e.getMessage());
        assertTrue(e.getMessage().contains("\n  command: /opt/sge/bin/qstat -xml\n"), e.getMessage());
        assertEquals(List.of(Duration.ofMillis(100)), sleeps);
        assertEquals(Duration.ofSeconds(5), commands.timeouts.get(0));
    }

    @Test
    void missingQstatIsNotRetried() {
        commands.missing();

        QueueException e = assertThrows(QueueException.class, () -> queue.poll(List.of("1")));

        assertTrue(e.getMessage().startsWith("cannot ask SGE for the state of its jobs: cannot run /opt/sge/bin/qstat"),
                e.getMessage());
        assertEquals(List.of(), sleeps);
    }

    @Test
    void pollRejectsIdsSubmitNeverGaveOut() throws IOException {
        commands.ok(sample("sge-qstat-mine.sample.xml"));

        QueueException e = assertThrows(QueueException.class, () -> queue.poll(List.of("-u")));

        assertTrue(e.getMessage().startsWith("'-u' is not an SGE job id"), e.getMessage());
    }

    // ---------------------------------------------------------------------------------------------- delete

    @Test
    void deleteRunsQdelInBatchesAndToleratesJobsAlreadyGone() throws IOException {
        List<String> ids = IntStream.rangeClosed(1, 150).mapToObj(i -> "25." + i).toList();
        commands.answer(1, sample("qdel-mixed.txt"), "").answer(0, "root has deleted job 23\n", "");

        queue.delete(ids);

        assertEquals(2, commands.calls.size());
        assertEquals(101, commands.calls.get(0).size());
        assertEquals(List.of("/opt/sge/bin/qdel", "25.1"), commands.calls.get(0).subList(0, 2));
        assertEquals(List.of("/opt/sge/bin/qdel", "25.101"), commands.calls.get(1).subList(0, 2));
    }

    @Test
    void deleteThatQdelRefusesIsAnErrorNamingTheJobsItCouldNotDeleteAfterTryingEveryBatch() {
        List<String> ids = IntStream.rangeClosed(1, 101).mapToObj(Integer::toString).toList();
        commands.answer(1, "", "sgeuser - you do not have the necessary privileges to delete the job \"345\"\n")
                .ok("root has deleted job 101\n");

        QueueException e = assertThrows(QueueException.class, () -> queue.delete(ids));

        assertTrue(e.getMessage().startsWith("qdel could not delete 100 of 101 job(s) (1, 2, 3, 4, 5, 6, 7, 8, 9, 10,"
                + " 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, ...); they may still run (check with qstat):\n"
                + "  command: /opt/sge/bin/qdel 1 2 3 "), e.getMessage());
        assertTrue(e.getMessage().contains("necessary privileges"), e.getMessage());
        assertEquals(ids.subList(0, 100), e.notDeleted());
        assertFalse(e instanceof QueueUnreachableException);
        assertEquals(2, commands.calls.size());
        assertEquals(List.of(), sleeps, "a refusal is not retried");
    }

    @Test
    void qdelOutputNamesWhichJobsOfABatchItDeleted() {
        commands.answer(1, "root has deleted job 20\nroot has registered the job 24 for deletion\n"
                + "sgeuser - you do not have the necessary privileges to delete the job \"21\"\n", "");

        QueueException e = assertThrows(QueueException.class, () -> queue.delete(List.of("20", "21", "24.3")));

        assertEquals(List.of("21"), e.notDeleted());
        assertTrue(e.getMessage().startsWith("qdel could not delete 1 of 3 job(s) (21); they may still run"),
                e.getMessage());
    }

    @Test
    void aQdelThatCannotReachTheQmasterIsRetriedThenReportedUnreachableNamingEveryJob() throws IOException {
        String down = sample("qmaster-down.txt").split("\\$ ")[3];
        for (int i = 0; i < 4; i++) {
            commands.answer(1, "", down);
        }

        QueueUnreachableException e = assertThrows(QueueUnreachableException.class,
                () -> queue.delete(List.of("347", "350.2")));

        assertEquals(List.of("347", "350.2"), e.notDeleted());
        assertTrue(e.getMessage().startsWith("qdel could not delete 2 of 2 job(s) (347, 350.2); they may still run"
                + " (check with qstat):\n  command: /opt/sge/bin/qdel 347 350.2\n"), e.getMessage());
        assertTrue(e.getMessage().contains("\nhint: the SGE qmaster did not answer"), e.getMessage());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), sleeps);
    }

    @Test
    void aQdelThatFailsOnceForAnUnreachableQmasterSucceedsOnTheRetry() throws IOException {
        commands.answer(1, "", sample("qmaster-down.txt").split("\\$ ")[3]).ok("root has deleted job 347\n");

        queue.delete(List.of("347"));

        assertEquals(2, commands.calls.size());
        assertEquals(List.of(Duration.ofSeconds(1)), sleeps);
    }

    @Test
    void deleteOfNothingRunsNothing() {
        queue.delete(List.of());

        assertEquals(List.of(), commands.calls);
    }

    // ---------------------------------------------------------------------------------------------- explain

    @Test
    void explainAJobInErrorState() throws IOException {
        commands.ok(sample("qstat-j-eqw.txt")).answer(1, "", "error: job id 20 not found\n");

        assertEquals("qstat -j 20: error reason 1: 11/25/2026 17:19:05 [0:491]: error: can't chdir to /nonexistent:"
                + " No such file or directory", queue.explain("20"));
        assertEquals(List.of(List.of("/opt/sge/bin/qstat", "-j", "20"), List.of("/opt/sge/bin/qacct", "-j", "20")),
                commands.calls);
    }

    @Test
    void explainAFinishedJobFromAccounting() throws IOException {
        commands.answer(1, "Following jobs do not exist: \n27\n", "").ok(sample("qacct-exit100.txt"));

        assertEquals("qacct -j 27: exit_status 100, failed 30  : application error returned", queue.explain("27"));
    }

    @Test
    void explainAnArrayTaskShowsOnlyThatTask() throws IOException {
        commands.ok(sample("qstat-j-array-eqw.txt")).ok(sample("qacct-array-eqw.txt"));

        String text = queue.explain("23.2");

        assertEquals("""
                qstat -j 23: error reason 2: 11/25/2026 17:19:08 [0:1066]: error: can't open output file "/tmp/dt/cap/nodir/x": No such file or directory
                qacct -j 23.2: exit_status 0, failed 26  : opening input/output file (last of 3 runs)""", text);
        assertEquals(List.of("/opt/sge/bin/qacct", "-j", "23", "-t", "2"), commands.calls.get(1));
    }

    @Test
    void explainIsEmptyWhenSgeKnowsNothingOrQacctIsMissing() throws IOException {
        commands.answer(1, "Following jobs do not exist: \n999\n", "").answer(1, "", "error: job id 999 not found\n")
                .answer(1, "Following jobs do not exist: \n999\n", "").missing();

        assertEquals("", queue.explain("999"));
        assertEquals("", queue.explain("999"));
    }

    // ---------------------------------------------------------------------------------------------- close

    @Test
    void closeDeletesTheJobsNotYetSeenGoneWholeArraysByNumber() throws IOException {
        commands.ok("347\n").ok("500\n").ok("350.1-4:1\n");
        queue.submit(JOB);
        queue.submit(JOB);
        queue.submitArray(array(4));
        commands.ok(sample("sge-qstat-mine.sample.xml")); // lists 347 and 350, not 500
        queue.poll(List.of("347", "500", "350.1"));
        commands.ok("root has deleted job 347\nroot has deleted job 350\n");
        // running jobs pass through dr/dt: close waits until qstat no longer lists them
        commands.ok(sample("sge-qstat-mine.sample.xml"));
        commands.ok("<?xml version='1.0'?><job_info><queue_info></queue_info><job_info></job_info></job_info>");

        queue.close();

        assertEquals(List.of("/opt/sge/bin/qdel", "347", "350"), commands.calls.get(4));
        assertEquals(List.of("/opt/sge/bin/qstat", "-xml"), commands.calls.get(5));
        assertEquals(List.of("/opt/sge/bin/qstat", "-xml"), commands.calls.get(6));
        queue.close();
        assertEquals(7, commands.calls.size(), "a second close has nothing left to delete");
    }

    @Test
    void closeNeitherDeletesNorWaitsForJobsEndingOnTheirOwn() throws IOException {
        commands.ok("350.1-4:1\n").ok("347\n");
        queue.submitArray(array(4));
        queue.submit(JOB);
        // pull workers 350.1 and 350.2 found no chunk left and are exiting; 350.3 and 350.4 were deleted while waiting
        queue.endingOnTheirOwn(List.of("350.1", "350.2"));
        commands.ok("root has deleted job-array task 350.3\nroot has deleted job-array task 350.4\n");
        queue.delete(List.of("350.3", "350.4"));
        commands.ok("root has deleted job 347\n").ok(EMPTY_QSTAT);

        queue.close();

        assertEquals(List.of("/opt/sge/bin/qdel", "347"), commands.calls.get(3), "only the job not ending by itself");
        assertEquals(List.of("/opt/sge/bin/qstat", "-xml"), commands.calls.get(4));
        assertEquals(5, commands.calls.size(), "closing waited for 347 alone: " + commands.calls);
    }

    @Test
    void aCloseThatCouldNotDeleteKeepsTheJobsForTheNextClose() throws IOException {
        commands.ok("347\n");
        queue.submit(JOB);
        String down = sample("qmaster-down.txt").split("\\$ ")[3];
        for (int i = 0; i < 4; i++) {
            commands.answer(1, "", down);
        }

        QueueUnreachableException e = assertThrows(QueueUnreachableException.class, queue::close);

        assertEquals(List.of("347"), e.notDeleted());
        commands.ok("root has deleted job 347\n").ok(EMPTY_QSTAT);
        queue.close();
        assertEquals(List.of("/opt/sge/bin/qdel", "347"), commands.calls.get(5));
        assertEquals(7, commands.calls.size());
    }

    @Test
    void theAccountingCallIsBoundedBy5SecondsAndOneThatTimesOutGivesNoFiguresRatherThanAnError() {
        commands.timeout(); // qacct reading a site's accounting file of years

        assertNull(queue.usage(List.of("2224"), "qmr-s#"));
        assertEquals(List.of("/opt/sge/bin/qacct", "-j", "qmr-s#*"), commands.calls.get(0));
        assertEquals(List.of(Duration.ofSeconds(5)), commands.timeouts, "not the 60 s of a queue command");
    }

    @Test
    void defaultPollIntervalIsOneSecond() {
        assertEquals(Duration.ofSeconds(1), queue.defaultPollInterval());
        assertEquals("sge", queue.name());
    }
}
