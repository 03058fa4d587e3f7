package io.github.qmr.runtime.queue.slurm;

import io.github.qmr.runtime.process.FakeCommands;
import static io.github.qmr.runtime.queue.slurm.SlurmDialectTest.JOB;
import static io.github.qmr.runtime.queue.slurm.SlurmDialectTest.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.queue.CommandLineQueue;
import io.github.qmr.runtime.queue.QueueTiming;
import io.github.qmr.runtime.queue.QueueTools;
import io.github.qmr.runtime.queue.ArrayJobSpec;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlurmQueueTest {
    private static final QueueTools TOOLS = QueueTools.slurmIn(Path.of("/opt/slurm/bin"));
    private static final List<String> SQUEUE = List.of("/opt/slurm/bin/squeue", "--me", "-r", "-h", "-t", "all", "-O",
            "JobID:|,ArrayJobID:|,ArrayTaskID:|,State:|,exit_code:|,Reason:|");

    private final FakeCommands commands = new FakeCommands();
    private final List<Duration> sleeps = new ArrayList<>();
    private final CommandLineQueue queue = queue(SlurmOptions.DEFAULTS, TOOLS, QueueTiming.DEFAULTS);

    private CommandLineQueue queue(SlurmOptions options, QueueTools tools, QueueTiming timing) {
        return new CommandLineQueue(new SlurmDialect(options), tools, timing, commands, sleeps::add);
    }

    // ---------------------------------------------------------------------------------------------- check

    @Test
    void checkNamesEachMissingProgramAndHowToFixIt(@TempDir Path bin) throws IOException {
        for (String name : List.of("sbatch", "squeue", "scancel")) {
            Files.writeString(bin.resolve(name), "#!/bin/sh\n");
            Files.setPosixFilePermissions(bin.resolve(name), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        queue(SlurmOptions.DEFAULTS, QueueTools.slurmIn(bin), QueueTiming.DEFAULTS).check();
        Files.setPosixFilePermissions(bin.resolve("scancel"), PosixFilePermissions.fromString("rw-r--r--"));

        QueueException e = assertThrows(QueueException.class,
                () -> queue(SlurmOptions.DEFAULTS, QueueTools.slurmIn(bin), QueueTiming.DEFAULTS).check());
        assertEquals("Slurm's scancel at " + bin.resolve("scancel") + " does not exist or is not executable; set the"
                + " path of scancel to the right file or put scancel on PATH", e.getMessage());

        QueueException onPath = assertThrows(QueueException.class,
                () -> queue(SlurmOptions.DEFAULTS, QueueTools.slurm(), QueueTiming.DEFAULTS)
                        .check("/nowhere"));
        assertTrue(onPath.getMessage().startsWith("Slurm's sbatch is not on PATH (/nowhere); set the path of sbatch"
                + " (e.g. /opt/slurm/bin/sbatch) or put sbatch on PATH\n"), onPath.getMessage());
        assertEquals(List.of(), commands.calls, "check only looks at files");
    }

    // ---------------------------------------------------------------------------------------------- submit

    @Test
    void submitRunsTheConfiguredSbatchOnceAndReturnsTheJobId() {
        commands.ok("4711\n");

        assertEquals("4711", queue.submit(JOB));

        assertEquals("/opt/slurm/bin/sbatch", commands.calls.get(0).get(0));
        assertEquals(List.of("--parsable", "--job-name=q20261125T162427Z#000000007"),
                commands.calls.get(0).subList(1, 3));
        assertEquals(Duration.ofSeconds(60), commands.timeouts.get(0));
    }

    @Test
    void failedSbatchIsNotRetriedAndShowsTheWholeBlockWithAHint() throws IOException {
        String refused = sample("sbatch-errors.txt").split("\\$ ")[1];
        commands.answer(1, "", refused.substring(refused.indexOf('\n') + 1, refused.indexOf("(exit")));

        QueueException e = assertThrows(QueueException.class, () -> queue.submit(JOB));

        assertEquals("""
                sbatch could not submit job q20261125T162427Z#000000007:
                  command: /opt/slurm/bin/sbatch --parsable '--job-name=q20261125T162427Z#000000007' --output=/w/s/chunks/000000/000000007.stdout --error=/w/s/chunks/000000/000000007.stderr --open-mode=append --chdir=/w/s /w/s/launcher.sh 7 'a b'
                  exit status: 1 (after 0.01 s)
                  stdout: (empty)
                  stderr:
                      sbatch: error: invalid partition specified: nosuch
                      sbatch: error: Batch job submission failed: Invalid partition name specified
                hint: the partition does not exist; list them with sinfo -s and set another in qmr's Slurm settings\
                 (partition), or none for the default""", e.getMessage());
        assertEquals(1, commands.calls.size());
    }

    @Test
    void anUnreachableControllerIsRetriedAfterLookingForAJobOfThatName() {
        String down = "sbatch: error: Batch job submission failed: Unable to contact slurm controller (connect failure)\n";
        String lookDown = "slurm_load_jobs error: Unable to contact slurm controller (connect failure)\n";
        for (int i = 0; i < 4; i++) {
            commands.answer(1, "", down).answer(1, "", lookDown);
        }

        QueueException e = assertThrows(QueueException.class, () -> queue.submit(JOB));

        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), sleeps);
        assertEquals(List.of("/opt/slurm/bin/squeue", "--me", "-r", "-h", "-t", "all",
                "--name=q20261125T162427Z#000000007", "-O", "JobID:|,ArrayJobID:|,ArrayTaskID:|,State:|,exit_code:|,Reason:|"),
                commands.calls.get(1));
        assertTrue(e.getMessage().startsWith("sbatch could not submit job q20261125T162427Z#000000007:\n"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("\nhint: slurmctld did not answer; check that it runs (scontrol ping) and"
                + " that SLURM_CONF names this cluster's slurm.conf\n(tried 4 times; no job named"
                + " q20261125T162427Z#000000007 is in the queue)"), e.getMessage());
    }

    @Test
    void aTimedOutSbatchThatSubmittedAnywayIsNotSubmittedTwice() {
        // an earlier attempt of the chunk, cancelled, has the same name and does not count
        commands.timeout().ok("30|30|N/A|CANCELLED|0|None|\n31|31|N/A|PENDING|0|Priority|\n");

        assertEquals("31", queue.submit(JOB));

        assertEquals(2, commands.calls.size());
        assertEquals(List.of(), sleeps);
    }

    @Test
    void garbageFromSbatchIsRetriedWhenNoJobOfThatNameExists() {
        commands.ok("Submitted batch job 12\n").ok("").ok("13\n");

        assertEquals("13", queue.submit(JOB));

        assertEquals(List.of(Duration.ofSeconds(1)), sleeps);
    }

    @Test
    void missingSbatchSaysHowToFixIt() {
        commands.missing();

        QueueException e = assertThrows(QueueException.class, () -> queue.submit(JOB));

        assertTrue(e.getMessage().startsWith("cannot submit job q20261125T162427Z#000000007: cannot run"
                + " /opt/slurm/bin/sbatch: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("\nset the path of sbatch in qmr's Slurm settings or put sbatch on PATH"),
                e.getMessage());
    }

    @Test
    void submitArrayReturnsOneIdPerElement() {
        commands.ok("320\n");

        assertEquals(List.of("320_1", "320_2", "320_3"), queue.submitArray(array(3)));

        assertEquals(List.of("--array=1-3", "/w/s/launcher.sh", "array", "0"),
                commands.calls.get(0).subList(7, 11));
    }

    @Test
    void arraysUpToSlurmsDefaultMaximumUnlessConfigured() {
        assertEquals(1000, queue.maxArraySize());
        CommandLineQueue small = queue(SlurmOptions.DEFAULTS.withArrays(10, 2), TOOLS, QueueTiming.DEFAULTS);

        QueueException e = assertThrows(QueueException.class, () -> small.submitArray(array(11)));

        assertEquals("array job a has 11 elements, more than the 10 allowed by the Slurm settings (maxArraySize);"
                + " split it or raise the limit (below the cluster's MaxArraySize, see scontrol show config | grep"
                + " MaxArraySize)", e.getMessage());
        assertEquals(List.of(), commands.calls);
    }

    private static ArrayJobSpec array(int size) {
        return new ArrayJobSpec("a", Path.of("/w/s/launcher.sh"), List.of("array", "0"), size,
                Path.of("/w/s/queue.stdout"), Path.of("/w/s/queue.stderr"), Path.of("/w/s"));
    }

    // ---------------------------------------------------------------------------------------------- poll

    @Test
    void pollAsksSqueueOnceForAllJobsAndReportsElementsOneByOne() throws IOException {
        commands.ok(sample("squeue-me-r.txt"));

        Map<String, JobStatus> states = queue.poll(List.of("3", "4", "6", "7", "9", "10_1", "10_6", "11", "999"));

        assertEquals(Map.of(
                "3", new JobStatus(JobState.FINISHED, "FAILED", 3),
                "4", new JobStatus(JobState.FINISHED, "FAILED", 137),
                "6", JobStatus.of(JobState.ERROR, "SPECIAL_EXIT"),
                "7", JobStatus.of(JobState.PENDING, "PENDING"),
                "9", JobStatus.of(JobState.RUNNING, "RUNNING"),
                "10_1", JobStatus.of(JobState.RUNNING, "RUNNING"),
                "10_6", JobStatus.of(JobState.PENDING, "PENDING"),
                "11", new JobStatus(JobState.FINISHED, "CANCELLED", 143)), states);
        assertEquals(List.of(SQUEUE), commands.calls);
    }

    @Test
    void pollFindsPendingElementsInAGroupedLine() throws IOException {
        commands.ok(sample("squeue-me-grouped.txt"));

        assertEquals(Map.of("10_4", JobStatus.of(JobState.PENDING, "PENDING"),
                "10_2", JobStatus.of(JobState.RUNNING, "RUNNING")), queue.poll(List.of("10_4", "10_2", "10_7")));
    }

    @Test
    void pollOfAWholeArrayGivesTheMostPressingStateOfItsElements() throws IOException {
        commands.ok(sample("squeue-me-r.txt")).ok(sample("squeue-me-r-ended.txt"));

        assertEquals(Map.of("10", JobStatus.of(JobState.RUNNING, "PENDING,RUNNING")), queue.poll(List.of("10")));
        assertEquals(Map.of("10", new JobStatus(JobState.FINISHED, "COMPLETED", 0)), queue.poll(List.of("10")));
    }

    @Test
    void pollWithNoJobsRunsNothing() {
        assertEquals(Map.of(), queue.poll(List.of()));
        assertEquals(List.of(), commands.calls);
    }

    @Test
    void aFailingSqueueIsRetriedFurtherApartThenReportedWithItsOutput() throws IOException {
        String down = "slurm_load_jobs error: Unable to contact slurm controller (connect failure)\n";
        commands.answer(1, "", down).timeout().answer(0, "garbage\n", "").answer(1, "", down);

        QueueException e = assertThrows(QueueException.class, () -> queue.poll(List.of("3")));

        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), sleeps);
        assertEquals("""
                squeue failed 4 time(s) in a row, so the state of the jobs is unknown; the last attempt:
                  command: /opt/slurm/bin/squeue --me -r -h -t all -O 'JobID:|,ArrayJobID:|,ArrayTaskID:|,State:|,exit_code:|,Reason:|'
                  exit status: 1 (after 0.01 s)
                  stdout: (empty)
                  stderr:
                      slurm_load_jobs error: Unable to contact slurm controller (connect failure)
                hint: slurmctld did not answer; check that it runs (scontrol ping) and that SLURM_CONF names this\
                 cluster's slurm.conf""", e.getMessage());
        assertTrue(e instanceof QueueUnreachableException, "the last attempt could not reach slurmctld");

        commands.answer(1, "", down).ok(sample("squeue-me-r.txt"));
        assertEquals(Map.of("3", new JobStatus(JobState.FINISHED, "FAILED", 3)), queue.poll(List.of("3")));
    }

    // ---------------------------------------------------------------------------------------------- delete

    @Test
    void deleteCancelsThenChecksThatTheJobsAreEnding() {
        commands.ok("").ok("9|9|N/A|COMPLETING|0|None|\n13|10|1|CANCELLED|15|None|\n");

        queue.delete(List.of("9", "10_1", "10_5", "9"));

        assertEquals(List.of(List.of("/opt/slurm/bin/scancel", "9", "10_1", "10_5"), SQUEUE), commands.calls);
    }

    @Test
    void aJobStillPendingAfterScancelIsAnErrorNamingIt() {
        commands.ok("");
        for (int i = 0; i < 20; i++) {
            commands.ok("7|7|N/A|PENDING|0|JobHeldUser|\n");
        }

        QueueException e = assertThrows(QueueException.class, () -> queue.delete(List.of("7")));

        assertEquals("scancel did not delete job(s) 7 (PENDING); squeue still lists them 2.0 s later although"
                + " scancel exited 0\nhint: scancel -v ID says why (e.g. another user's job); cancel them by hand",
                e.getMessage());
        assertEquals(List.of("7"), e.notDeleted());
        assertEquals(19, sleeps.size());
    }

    @Test
    void aScancelThatCannotReachTheControllerIsRetriedThenReportedUnreachableNamingTheJobs() throws IOException {
        String down = sample("controller-stopped.txt").split("\\$ ")[3]; // exit 8, as captured
        for (int i = 0; i < 4; i++) {
            commands.answer(8, "", down.substring(down.indexOf('\n') + 1, down.indexOf("(exit")));
        }

        QueueUnreachableException e = assertThrows(QueueUnreachableException.class,
                () -> queue.delete(List.of("7", "8_2")));

        assertEquals(List.of("7", "8_2"), e.notDeleted());
        assertTrue(e.getMessage().startsWith("scancel could not delete 2 of 2 job(s) (7, 8_2); they may still run"
                + " (check with squeue):\n  command: /opt/slurm/bin/scancel 7 8_2\n  exit status: 8"), e.getMessage());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), sleeps);
        assertEquals(4, commands.calls.size(), "no squeue: it cannot confirm anything while scancel cannot connect");
    }

    @Test
    void aScancelThatExitedZeroButCannotBeConfirmedNamesTheJobsAsNotDeleted() {
        commands.ok("");
        for (int i = 0; i < 4; i++) {
            commands.answer(1, "", "slurm_load_jobs error: Unable to contact slurm controller (connect failure)\n");
        }

        QueueUnreachableException e = assertThrows(QueueUnreachableException.class, () -> queue.delete(List.of("7")));

        assertEquals(List.of("7"), e.notDeleted());
        assertTrue(e.getMessage().startsWith("scancel exited 0, but squeue cannot confirm that job(s) 7 are ending,"
                + " so they may still run: squeue failed 4 time(s) in a row"), e.getMessage());
    }

    @Test
    void aScancelThatFailedOnceIsFineWhenSqueueShowsTheJobEnding() {
        commands.answer(1, "", "scancel: error: Kill job error on job id 7: Job/step already completing or"
                + " completed\n").ok("7|7|N/A|CANCELLED|15|None|\n");

        queue.delete(List.of("7"));

        assertEquals(2, commands.calls.size());
    }

    @Test
    void aMissingScancelNamesEveryJobAsNotDeleted() {
        commands.missing();

        QueueException e = assertThrows(QueueException.class, () -> queue.delete(List.of("7", "8")));

        assertEquals(List.of("7", "8"), e.notDeleted());
        assertTrue(e.getMessage().startsWith("cannot delete jobs: cannot run /opt/slurm/bin/scancel"), e.getMessage());
    }

    @Test
    void anIdThatIsNotAJobIsABugNotSomethingToPassToScancel() {
        assertThrows(QueueException.class, () -> queue.delete(List.of("--user=root")));
        assertEquals(List.of(), commands.calls);
    }

    // ---------------------------------------------------------------------------------------------- explain

    @Test
    void explainTakesSqueueAndFallsBackToTheCompletionLogWithoutAccounting() throws IOException {
        commands.ok("6|6|N/A|SPECIAL_EXIT|22016|JobHeldUser|\n")
                .answer(1, "", sample("sacct-disabled.stderr.txt"))
                .ok("6|dialect-se86|FAILED|86:0|\n");

        assertEquals("squeue -j 6: SPECIAL_EXIT, reason JobHeldUser, exit code 86\n"
                + "sacct -c -j 6: FAILED, exit code 86", queue.explain("6"));
        assertEquals(List.of("/opt/slurm/bin/sacct", "-c", "-X", "-P", "-n", "-j", "6", "-o",
                "JobID,JobName,State,ExitCode,Reason,Elapsed,NodeList"), commands.calls.get(2));
    }

    @Test
    void explainWithAccountingGivesTheReason() {
        commands.answer(1, "", "slurm_load_jobs error: Invalid job id specified\n")
                .ok("12_3|x|TIMEOUT|0:0|TimeLimit\n");

        assertEquals("sacct -j 12_3: TIMEOUT, exit code 0, reason TimeLimit", queue.explain("12_3"));
    }

    /** A real completion-log record of a job past its --time of a minute, read back as what the kill used. */
    @Test
    void aTimedOutJobsExplanationSaysWhatItRanAsTheKillReadsIt() throws IOException {
        commands.answer(1, "", "slurm_load_jobs error: Invalid job id specified\n")
                .answer(1, "", sample("sacct-disabled.stderr.txt"))
                .ok(sample("sacct-c-timeout.txt"));
        String explanation = queue.explain("216");
        assertEquals("sacct -c -j 216: TIMEOUT, exit code 0, ran 00:01:28 on vm", explanation);
        SlurmDialect dialect = new SlurmDialect(SlurmOptions.DEFAULTS.withTime("0:01:00"));
        assertEquals(new io.github.qmr.runtime.queue.ResourceKill(io.github.qmr.runtime.queue.ResourceKill.Kind.TIME,
                "00:01:28 on vm", "--time=0:01:00"), dialect.resourceKill(new io.github.qmr.runtime.queue.JobStatus(
                        io.github.qmr.runtime.queue.JobState.FINISHED, "TIMEOUT", 143), explanation));
    }

    @Test
    void explainSaysHowLongTheJobRanAndWhere() {
        commands.answer(1, "", "slurm_load_jobs error: Invalid job id specified\n")
                .ok("12|x|TIMEOUT|0:0|TimeLimit|00:01:32|vm\n");
        assertEquals("sacct -j 12: TIMEOUT, exit code 0, reason TimeLimit, ran 00:01:32 on vm", queue.explain("12"));
        commands.answer(1, "", "slurm_load_jobs error: Invalid job id specified\n")
                .ok("13|x|CANCELLED by 0|0:0|None|00:00:00|None assigned\n");
        assertEquals("sacct -j 13: CANCELLED by 0, exit code 0, ran 00:00:00", queue.explain("13"));
    }

    @Test
    void explainIsEmptyWhenSlurmKnowsNothingOrTheProgramsAreMissing() {
        commands.answer(1, "", "slurm_load_jobs error: Invalid job id specified\n").ok("");
        assertEquals("", queue.explain("999"));
        commands.missing().missing();
        assertEquals("", queue.explain("999"));
    }

    // ---------------------------------------------------------------------------------------------- close

    @Test
    void closeCancelsWhatIsLeftAndWaitsUntilNothingIsPendingRunningOrCompleting() {
        commands.ok("40\n").ok("41\n");
        queue.submit(JOB);
        queue.submitArray(array(3));
        commands.ok("40|40|N/A|COMPLETED|0|None|\n"); // poll: 40 ended, so close leaves it alone
        queue.poll(List.of("40"));
        commands.ok("") // scancel 41
                .ok("41|41|1|CANCELLED|0|None|\n50|41|2|COMPLETING|0|None|\n") // check: ending
                .ok("41|41|1|CANCELLED|0|None|\n50|41|2|COMPLETING|0|None|\n") // close waits
                .ok("41|41|1|CANCELLED|0|None|\n50|41|2|CANCELLED|15|None|\n40|40|N/A|COMPLETED|0|None|\n");

        queue.close();

        assertEquals(List.of("/opt/slurm/bin/scancel", "41"), commands.calls.get(3));
        assertEquals(7, commands.calls.size());
        assertEquals(List.of(Duration.ofMillis(250)), sleeps);
        queue.close(); // nothing left: no command
        assertEquals(7, commands.calls.size());
    }

    @Test
    void closeGivesUpAfterTheCommandTimeoutNamingWhatIsLeft() {
        CommandLineQueue quick = new CommandLineQueue(new SlurmDialect(SlurmOptions.DEFAULTS), TOOLS,
                new QueueTiming(Duration.ofMillis(1), 1, Duration.ZERO, Duration.ZERO), commands, d -> sleepMillis(2));
        commands.ok("40\n");
        quick.submit(JOB);
        commands.ok("");
        for (int i = 0; i < 50; i++) {
            commands.ok("40|40|N/A|COMPLETING|0|None|\n");
        }

        QueueException e = assertThrows(QueueException.class, quick::close);

        assertTrue(e.getMessage().startsWith("squeue still lists job(s) 40 (COMPLETING) 0 s after scancel; check them"
                + " with scontrol show job ID"), e.getMessage());
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------------------------------------- memory

    @Test
    void memSizesTheWorkerHeapAndTooLittleFailsBeforeAnySubmission() {
        assertEquals(List.of("-Xmx768m"), queue(SlurmOptions.DEFAULTS.withMem("1G"), TOOLS, QueueTiming.DEFAULTS)
                .workerJvmOptions());
        assertEquals(List.of(), queue.workerJvmOptions());
        assertThrows(IllegalArgumentException.class, () -> queue(SlurmOptions.DEFAULTS.withMem("300M"), TOOLS,
                QueueTiming.DEFAULTS));
    }

    @Test
    void limitsSlurmEnforcedAreFinalWhileOtherSignalsAndCancellationsMayBeRetried() {
        for (String verdict : List.of("TIMEOUT", "OUT_OF_MEMORY", "DEADLINE")) {
            assertFalse(queue.mayResubmit(new io.github.qmr.runtime.queue.JobStatus(
                    io.github.qmr.runtime.queue.JobState.FINISHED, verdict, 143)), verdict);
        }
        // scancel of one worker (or an admin's, or a drain's) is not the task's fault: see SlurmMapIT#scancelOf...
        for (String other : List.of("FAILED", "CANCELLED", "CANCELLED by 0")) {
            assertTrue(queue.mayResubmit(new io.github.qmr.runtime.queue.JobStatus(
                    io.github.qmr.runtime.queue.JobState.FINISHED, other, 137)), other);
        }
    }
}
