package io.github.qmr.runtime.queue.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.process.CommandResult;
import io.github.qmr.runtime.queue.ArrayJobSpec;
import io.github.qmr.runtime.queue.JobSpec;
import io.github.qmr.runtime.queue.JobState;
import io.github.qmr.runtime.queue.QueueException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import io.github.qmr.runtime.queue.JobStatus;
import io.github.qmr.runtime.queue.Request;
import io.github.qmr.runtime.queue.ResourceKill;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlurmDialectTest {
    private static final SlurmDialect DIALECT = new SlurmDialect(SlurmOptions.DEFAULTS);
    static final JobSpec JOB = new JobSpec("q20261125T162427Z#000000007", Path.of("/w/s/launcher.sh"),
            List.of("7", "a b"), Path.of("/w/s/chunks/000000/000000007.stdout"),
            Path.of("/w/s/chunks/000000/000000007.stderr"), Path.of("/w/s"));

    static String sample(String name) throws IOException {
        try (InputStream in = SlurmDialectTest.class.getResourceAsStream("/slurm/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // ---------------------------------------------------------------------------------------------- submit

    @Test
    void submitArgsWithSiteDefaults() {
        assertEquals(List.of("sbatch", "--parsable", "--job-name=q20261125T162427Z#000000007",
                "--output=/w/s/chunks/000000/000000007.stdout", "--error=/w/s/chunks/000000/000000007.stderr",
                "--open-mode=append", "--chdir=/w/s", "/w/s/launcher.sh", "7", "a b"),
                DIALECT.submitArgs(JOB));
    }

    @Test
    void submitArgsWithEverySiteOptionBeforeTheScript() {
        SlurmOptions opts = new SlurmOptions("short", "2:00:00", "4G", 2, "bio", List.of("--qos=long"), 1000, 0);

        assertEquals(List.of("--chdir=/w/s", "--partition=short", "--time=2:00:00", "--mem=4G", "--cpus-per-task=2",
                "--account=bio", "--qos=long", "/w/s/launcher.sh", "7", "a b"),
                new SlurmDialect(opts).submitArgs(JOB).subList(6, 16));
    }

    @Test
    void aStructuredRequestIsSbatchsOwnOptionsOnEveryJobAndArray() {
        Request structured = new Request(4L << 30, Duration.ofMinutes(90), 4, "short", "bio", List.of("--qos=long"));
        SlurmDialect dialect = new SlurmDialect(SlurmOptions.DEFAULTS.withExtraArgs(List.of("--nice=10")))
                .withRequest(structured);

        assertEquals(List.of("sbatch", "--parsable", "--job-name=q20261125T162427Z#000000007",
                "--output=/w/s/chunks/000000/000000007.stdout", "--error=/w/s/chunks/000000/000000007.stderr",
                "--open-mode=append", "--chdir=/w/s", "--partition=short", "--time=1:30:00", "--mem=4096M",
                "--cpus-per-task=4", "--account=bio", "--nice=10", "--qos=long", "/w/s/launcher.sh", "7", "a b"),
                dialect.submitArgs(JOB));
        ArrayJobSpec array = new ArrayJobSpec("q20261125T162427Z#000000000-000000001", Path.of("/w/s/launcher.sh"),
                List.of("array", "0"), 2, Path.of("/w/s/queue.stdout"), Path.of("/w/s/queue.stderr"), Path.of("/w/s"));
        assertEquals(List.of("--array=1-2", "--partition=short", "--time=1:30:00", "--mem=4096M", "--cpus-per-task=4",
                "--account=bio", "--nice=10", "--qos=long", "/w/s/launcher.sh"),
                dialect.arraySubmitArgs(array).subList(7, 16));
        // what the escalation reads, and the heap the worker gets: as if --mem had been given
        assertEquals(new Request(4L << 30, Duration.ofMinutes(90)), dialect.siteRequest());
        assertEquals(List.of("-Xmx3072m"), dialect.workerJvmOptions());
        assertEquals("--mem=8192M", dialect.requestText(ResourceKill.Kind.MEMORY, new Request(8L << 30, null)));
        assertEquals(DIALECT.submitArgs(JOB), DIALECT.withRequest(Request.SITE).submitArgs(JOB));
    }

    @Test
    void aStructuredRequestSetAlsoInTheSiteOptionsIsRefusedNamingBoth() {
        Request all = new Request(1L << 30, Duration.ofHours(1), 2, "short", "bio", List.of());
        SlurmOptions site = new SlurmOptions("long", "30", "2G", 8, "chem", List.of(), 1000, 0);
        for (String[] c : new String[][] {{"memory", "mem=2G"}, {"walltime", "time=30"}, {"cpus", "cpus-per-task=8"},
                {"partition", "partition=long"}, {"account", "account=chem"}}) {
            Request one = switch (c[0]) {
                case "memory" -> new Request(all.memoryBytes(), null);
                case "walltime" -> new Request(null, all.walltime());
                case "cpus" -> new Request(null, null, 2, null, null, List.of());
                case "partition" -> new Request(null, null, null, "short", null, List.of());
                default -> new Request(null, null, null, null, "bio", List.of());
            };
            assertEquals(c[0] + " and the Slurm option --" + c[1] + " (the goal's <resources>, or SlurmOptions) are"
                    + " both set; keep one", assertThrows(io.github.qmr.runtime.queue.RequestConflict.class,
                            () -> SlurmRequests.requested(site, one)).getMessage());
        }
        assertEquals("memory is 256M, too little for a worker JVM on Slurm, which needs about 192M besides its heap;"
                + " request at least 512M", assertThrows(io.github.qmr.runtime.queue.RequestConflict.class,
                        () -> DIALECT.withRequest(new Request(256L << 20, null))).getMessage());
    }

    @Test
    void arraySubmitArgsAddTheRangeAndTheConcurrencyLimit() {
        ArrayJobSpec array = new ArrayJobSpec("q20261125T162427Z#000000000-000000049", Path.of("/w/s/launcher.sh"),
                List.of("array", "0"), 50, Path.of("/w/s/queue.stdout"), Path.of("/w/s/queue.stderr"), Path.of("/w/s"));

        assertEquals(List.of("sbatch", "--parsable", "--job-name=q20261125T162427Z#000000000-000000049",
                "--output=/w/s/queue.stdout", "--error=/w/s/queue.stderr", "--open-mode=append", "--chdir=/w/s",
                "--array=1-50%8", "/w/s/launcher.sh", "array", "0"),
                new SlurmDialect(SlurmOptions.DEFAULTS.withArrays(1000, 8)).arraySubmitArgs(array));
        assertEquals("--array=1-50", DIALECT.arraySubmitArgs(array).get(7));
    }

    @Test
    void outputPathsKeepAPercentSignAndRefuseABackslash() {
        // measured: -o '/tmp/cap/p%%d/x%%j.out' wrote p%d/x%j.out; a backslash made the job fail to open its file
        JobSpec percent = new JobSpec("j", JOB.script(), List.of(), Path.of("/w/100%/j.out"), Path.of("/w/%j.err"),
                JOB.workingDir());
        assertEquals(List.of("--output=/w/100%%/j.out", "--error=/w/%%j.err"),
                DIALECT.submitArgs(percent).subList(3, 5));

        JobSpec backslash = new JobSpec("j", JOB.script(), List.of(), Path.of("/w/b\\s/j.out"), JOB.stderr(),
                JOB.workingDir());
        assertEquals("cannot submit job j: its stdout file /w/b\\s/j.out contains a backslash, which sbatch reads as"
                + " part of a file name pattern; use a work dir without one",
                assertThrows(QueueException.class, () -> DIALECT.submitArgs(backslash))
                        .getMessage());
    }

    @Test
    void parsableOutputGivesTheJobIdWithOrWithoutACluster() {
        assertEquals("4711", DIALECT.parseJobId("4711\n"));
        assertEquals("4711", DIALECT.parseJobId("4711;cluster2\n"));
        assertEquals("12", DIALECT.parseJobId("site notice: maintenance on Friday\n12\n"));
        QueueException e = assertThrows(QueueException.class,
                () -> DIALECT.parseJobId("Submitted batch job 12\n"));
        assertEquals("sbatch --parsable printed no job id; expected a number like 123 or 123;cluster, got:"
                + " 'Submitted batch job 12'; check that sbatch is Slurm's", e.getMessage());
    }

    // ---------------------------------------------------------------------------------------------- squeue

    @Test
    void squeueAsksForAllOwnJobsOneElementPerLineWithDelimitedFields() {
        assertEquals(List.of("squeue", "--me", "-r", "-h", "-t", "all", "-O",
                "JobID:|,ArrayJobID:|,ArrayTaskID:|,State:|,exit_code:|,Reason:|"), DIALECT.statusArgs());
        assertEquals(List.of("squeue", "-r", "-h", "-t", "all", "-j", "10_3", "-O",
                "JobID:|,ArrayJobID:|,ArrayTaskID:|,State:|,exit_code:|,Reason:|"), SlurmAccounting.squeueArgs("10_3"));
    }

    @Test
    void refusedRequestsAreNotTransient() throws IOException {
        for (String block : sample("sbatch-errors.txt").split("\\$ ")) {
            assertFalse(DIALECT.isTransient(block), block);
        }
    }

    @Test
    void squeueByNameFindsAJobAFailedSbatchMayHaveSubmitted() {
        assertEquals(List.of("squeue", "--me", "-r", "-h", "-t", "all", "--name=q#000000007", "-O",
                "JobID:|,ArrayJobID:|,ArrayTaskID:|,State:|,exit_code:|,Reason:|"), DIALECT.jobNamedArgs("q#000000007"));
    }

    @Test
    void realSqueueOutputReadsIntoEntriesWithQmrIds() throws IOException {
        List<SqueueEntry> entries = Squeue.parse(sample("squeue-me-r.txt"));

        assertEquals(17, entries.size());
        Map<String, String> byId = entries.stream().collect(Collectors.toMap(
                e -> e.qmrId(), e -> e.state() + "/" + e.reason() + "/" + e.exitCode(), (a, b) -> a, LinkedHashMap::new));
        assertEquals("FAILED/NonZeroExitCode/3", byId.get("3"));
        assertEquals("FAILED/JobLaunchFailure/137", byId.get("4"));
        assertEquals("CANCELLED/None/143", byId.get("11"));
        assertEquals("SPECIAL_EXIT/JobHeldUser/86", byId.get("6"));
        assertEquals("PENDING/JobHeldUser/0", byId.get("7"));
        assertEquals("PENDING/BeginTime/0", byId.get("8"));
        assertEquals("RUNNING/None/0", byId.get("10_1")); // element 1 runs as job 13
        assertEquals("PENDING/JobArrayTaskLimit/0", byId.get("10_6"));
        SqueueEntry element = entries.stream().filter(e -> "10_1".equals(e.qmrId())).findFirst().orElseThrow();
        assertEquals(new SqueueEntry("13", "10", "1", "RUNNING", 0, "None"), element);
    }

    @Test
    void pendingElementsGroupedWithoutMinusRAreCoveredByTheirRange() throws IOException {
        List<SqueueEntry> entries = Squeue.parse(sample("squeue-me-grouped.txt"));
        SqueueEntry group = entries.stream().filter(e -> e.arrayTasks().equals("3-6%2")).findFirst().orElseThrow();

        assertEquals(null, group.qmrId());
        assertTrue(Squeue.coversTask(group, 3));
        assertTrue(Squeue.coversTask(group, 6));
        assertFalse(Squeue.coversTask(group, 2));
        assertFalse(Squeue.coversTask(group, 7));
        SqueueEntry stepped = new SqueueEntry("5", "5", "1,4-10:3", "PENDING", 0, "Priority");
        assertTrue(Squeue.coversTask(stepped, 7));
        assertFalse(Squeue.coversTask(stepped, 8));
    }

    @Test
    void endedJobsKeepTheirExitCodeIncludingTimeout() throws IOException {
        Map<String, SqueueEntry> byId = Squeue.parse(sample("squeue-me-r-ended.txt")).stream()
                .collect(Collectors.toMap(SqueueEntry::qmrId, e -> e));

        assertEquals(new SqueueEntry("12", "12", "N/A", "TIMEOUT", 15, "TimeLimit"), byId.get("12"));
        assertEquals(143, byId.get("12").exitCode());
        assertEquals(new SqueueEntry("10", "10", "6", "COMPLETED", 0, "None"), byId.get("10_6"));
        assertEquals(181, byId.get("5").exitCode()); // sacct says 0:53 for the unwritable -o
    }

    @Test
    void timeoutAndOutOfMemoryAreKillsForTimeAndMemoryWithWhatWasRequested() throws IOException {
        SlurmDialect dialect = new SlurmDialect(SlurmOptions.DEFAULTS.withTime("1").withMem("1G"));
        // job 12 of the captured listing: -t 1, sleeping 300 s
        JobStatus timeout = dialect.parseStatus(sample("squeue-me-r-ended.txt")).statusOf(SlurmDialect.FLAVOUR.parseId("12"));

        assertEquals(new ResourceKill(ResourceKill.Kind.TIME, null, "--time=1"), dialect.resourceKill(timeout, ""));
        assertEquals(new ResourceKill(ResourceKill.Kind.MEMORY, null, "--mem=1G"),
                dialect.resourceKill(new JobStatus(JobState.FINISHED, "OUT_OF_MEMORY", 137), ""));
        assertNull(dialect.resourceKill(new JobStatus(JobState.FINISHED, "FAILED", 3), ""));
        assertNull(new SlurmDialect(SlurmOptions.DEFAULTS).resourceKill(timeout, "").requested());
        // what it ran, from sacct's line in the explanation (SlurmAccounting#explain)
        assertEquals(new ResourceKill(ResourceKill.Kind.TIME, "00:01:32 on vm", "--time=1"), dialect.resourceKill(
                timeout, "squeue -j 12: TIMEOUT, reason TimeLimit, exit code 143\nsacct -c -j 12: TIMEOUT, exit code"
                        + " 0, ran 00:01:32 on vm"));
        assertEquals(new ResourceKill(ResourceKill.Kind.TIME, "1-00:00:07", "--time=1"), dialect.resourceKill(
                timeout, "sacct -j 12: TIMEOUT, signal 15, reason TimeLimit, ran 1-00:00:07"));
    }

    @Test
    void anEscalatedRequestReplacesMemAndTimeAndSizesTheHeap() {
        SlurmDialect dialect = new SlurmDialect(SlurmOptions.DEFAULTS.withTime("1").withMem("1G"));
        Request doubled = new Request(2L << 30, java.time.Duration.ofMinutes(2));
        List<String> argv = dialect.submitArgs(new JobSpec(JOB.name(), JOB.script(), JOB.args(), JOB.stdout(),
                JOB.stderr(), JOB.workingDir(), doubled));

        assertTrue(argv.containsAll(List.of("--time=0:02:00", "--mem=2048M")), argv.toString());
        assertEquals(new Request(1L << 30, java.time.Duration.ofMinutes(1)), dialect.siteRequest());
        assertEquals("--mem=1G", dialect.requestText(ResourceKill.Kind.MEMORY, Request.SITE));
        assertEquals(SlurmMemory.jvmOptions("2048M"), dialect.workerJvmOptions(doubled));
    }

    /** sbatch's manual: "Time resolution is one minute and second values are rounded up to the next minute". */
    @Test
    void slurmGrantsWholeMinutesOfWalltimeAtLeastOne() {
        SlurmDialect dialect = new SlurmDialect(SlurmOptions.DEFAULTS);
        assertEquals(java.time.Duration.ofMinutes(1), dialect.grantedWalltime(java.time.Duration.ofSeconds(30)));
        assertEquals(java.time.Duration.ofMinutes(1), dialect.grantedWalltime(java.time.Duration.ofSeconds(60)));
        assertEquals(java.time.Duration.ofMinutes(2), dialect.grantedWalltime(java.time.Duration.ofSeconds(61)));
        assertEquals(java.time.Duration.ofMinutes(2), dialect.grantedWalltime(java.time.Duration.ofSeconds(90)));
        assertEquals(java.time.Duration.ofHours(24), dialect.grantedWalltime(java.time.Duration.ofHours(24)));
        assertNull(dialect.grantedWalltime(null));
    }

    @Test
    void aReasonWithSpacesOrBarsStaysOneField() {
        List<SqueueEntry> entries = Squeue.parse("232|232|N/A|PENDING|0|job requeued in held state|\n"
                + "233|233|N/A|PENDING|0|odd|reason|\n");

        assertEquals("job requeued in held state", entries.get(0).reason());
        assertEquals("odd|reason", entries.get(1).reason());
        assertEquals(List.of(), Squeue.parse("\n"));
    }

    @Test
    void aLineOfAnotherFormatIsAnErrorNamingTheFormat() {
        // squeue's default format, e.g. from a wrapper that drops -O
        QueueException e = assertThrows(QueueException.class, () -> Squeue.parse(
                "                13     debug sleeper9     root PD       0:00      1 (Resources)\n"));

        assertEquals("cannot read squeue's line '13     debug sleeper9     root PD       0:00      1 (Resources)';"
                + " expected JobID|ArrayJobID|ArrayTaskID|State|exit_code|Reason| as asked by -O"
                + " JobID:|,ArrayJobID:|,ArrayTaskID:|,State:|,exit_code:|,Reason:|; is this Slurm's squeue (22.05 or"
                + " later)?", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "PENDING, PENDING", "REQUEUED, PENDING", "REQUEUE_HOLD, PENDING", "REQUEUE_FED, PENDING",
        "RESV_DEL_HOLD, PENDING", "SUSPENDED, PENDING", "STOPPED, PENDING", "REVOKED, PENDING",
        "RUNNING, RUNNING", "CONFIGURING, RUNNING", "COMPLETING, RUNNING", "SIGNALING, RUNNING",
        "STAGE_OUT, RUNNING", "RESIZING, RUNNING",
        "SPECIAL_EXIT, ERROR", "NODE_FAIL, ERROR", "BOOT_FAIL, ERROR", "PREEMPTED, ERROR",
        "COMPLETED, FINISHED", "FAILED, FINISHED", "CANCELLED, FINISHED", "CANCELLED by 0, FINISHED",
        "TIMEOUT, FINISHED", "OUT_OF_MEMORY, FINISHED", "DEADLINE, FINISHED",
        "SOME_FUTURE_STATE, PENDING"})
    void stateTable(String slurmState, JobState expected) {
        assertEquals(expected, SlurmStates.stateOf(slurmState));
    }

    @Test
    void terminalStatesAreTheOnesSlurmIsDoneWith() {
        for (String s : List.of("COMPLETED", "FAILED", "CANCELLED", "CANCELLED by 0", "TIMEOUT", "OUT_OF_MEMORY",
                "DEADLINE", "NODE_FAIL", "BOOT_FAIL", "PREEMPTED", "REVOKED")) {
            assertTrue(SlurmStates.isTerminal(s), s);
        }
        for (String s : List.of("PENDING", "RUNNING", "COMPLETING", "SPECIAL_EXIT", "REQUEUED", "SUSPENDED")) {
            assertFalse(SlurmStates.isTerminal(s), s);
        }
    }

    @Test
    void waitStatusesBecomeShellExitCodes() {
        assertEquals(0, SlurmStates.exitCode(0));
        assertEquals(3, SlurmStates.exitCode(768));
        assertEquals(86, SlurmStates.exitCode(22016));
        assertEquals(137, SlurmStates.exitCode(9));
        assertEquals(143, SlurmStates.exitCode(15));
    }

    // ---------------------------------------------------------------------------------------------- scancel

    @Test
    void cancelArgsComeInBatches() {
        List<String> ids = java.util.stream.IntStream.rangeClosed(1, 150).mapToObj(i -> "40_" + i).toList();

        List<List<String>> calls = DIALECT.deleteArgs(ids);

        assertEquals(2, calls.size());
        assertEquals(101, calls.get(0).size());
        assertEquals(List.of("scancel", "40_101"), calls.get(1).subList(0, 2));
        assertEquals(List.of(), DIALECT.deleteArgs(List.of()));
    }

    // ---------------------------------------------------------------------------------------------- sacct

    @Test
    void sacctArgsReadTheDatabaseOrTheCompletionLog() {
        assertEquals(List.of("sacct", "-X", "-P", "-n", "-j", "12", "-o", "JobID,JobName,State,ExitCode,Reason,Elapsed,NodeList"),
                Sacct.args("12", false));
        assertEquals(List.of("sacct", "-c", "-X", "-P", "-n", "-j", "10_3", "-o", "JobID,JobName,State,ExitCode,Reason,Elapsed,NodeList"),
                Sacct.args("10_3", true));
        assertThrows(QueueException.class, () -> Sacct.args("-u", false));
    }

    @Test
    void realSacctOutputFromTheCompletionLog() throws IOException {
        List<SacctRecord> records = Sacct.parse(sample("sacct-c.txt"));

        assertEquals(new SacctRecord("3", "dialect-fail3", "FAILED", "3:0", ""), records.get(0));
        assertEquals(new SacctRecord("12", "dialect-timeout", "TIMEOUT", "0:0", ""), records.get(6));
        assertEquals("exit code 3", Sacct.describeExitCode("3:0"));
        assertEquals("signal 9", Sacct.describeExitCode("0:9"));
        assertEquals(new SacctRecord("5", "j", "CANCELLED by 0", "0:15", "None"),
                Sacct.parse("5|j|CANCELLED by 0|0:15|None\n").get(0));
        assertEquals(new SacctRecord("12", "j", "TIMEOUT", "0:0", "", "00:01:32", "vm"),
                Sacct.parse("12|j|TIMEOUT|0:0||00:01:32|vm\n").get(0));
    }

    @Test
    void accountingDisabledIsRecognisedFromTheRealMessage() throws IOException {
        assertTrue(Sacct.accountingDisabled(sample("sacct-disabled.stderr.txt")));
        assertFalse(Sacct.accountingDisabled(sample("squeue-j-unknown.stderr.txt")));
    }

    // ---------------------------------------------------------------------------------------------- hints

    /** sbatch's words when an association's or QOS's MaxSubmitJobs is reached: a limit, not a fault. */
    @Test
    void aRefusalAtASubmitLimitIsALimitAndOtherPolicyRefusalsAreNot() {
        assertTrue(DIALECT.isJobLimit("sbatch: error: QOSMaxSubmitJobPerUserLimit\nsbatch: error: Batch job submission"
                + " failed: Job violates accounting/QOS policy (job submit limit, user's size and/or time limits)\n"));
        assertTrue(DIALECT.isJobLimit("sbatch: error: AssocMaxSubmitJobLimit\n"));
        assertFalse(DIALECT.isJobLimit("sbatch: error: Batch job submission failed: Invalid account or"
                + " account/partition combination specified\n"));
    }

    @Test
    void realSbatchErrorsGetHints() throws IOException {
        String[] blocks = sample("sbatch-errors.txt").split("\\$ ");
        assertTrue(DIALECT.hint(blocks[1]).startsWith("the partition does not exist; list them with sinfo -s"));
        assertTrue(DIALECT.hint(blocks[2]).startsWith("the array is larger than the cluster allows"));
        assertTrue(DIALECT.hint(blocks[3]).startsWith("no node of the partition has that many CPUs"));
        assertTrue(DIALECT.hint(blocks[4]).startsWith("the time limit is malformed"));
        assertTrue(DIALECT.hint(blocks[5]).startsWith("no node of the partition has that many CPUs"));
        assertTrue(DIALECT.hint("sbatch: error: This does not look like a batch script.  The first")
                .startsWith("sbatch runs only scripts whose first line is #!"));
        assertEquals("", DIALECT.hint("something new"));
    }

    @Test
    void eachClientSaysTheSameWhenTheControllerIsDown() throws IOException {
        String[] blocks = sample("controller-down.txt").split("\\$ ");
        for (int i = 1; i < blocks.length; i++) {
            assertTrue(DIALECT.hint(blocks[i]).startsWith("slurmctld did not answer; check that it runs"),
                    blocks[i]);
            assertTrue(DIALECT.isTransient(blocks[i]), blocks[i]);
            assertTrue(DIALECT.isUnreachable(failed(blocks[i])), blocks[i]);
        }
        assertEquals(4, blocks.length);
    }

    private static CommandResult failed(String stderr) {
        return new CommandResult(List.of("squeue"), 1, "", stderr, Duration.ofSeconds(9), false);
    }

    @Test
    void everyCallThatNeedsTheControllerIsUnreachableWhileItIsStopped() throws IOException {
        String[] blocks = sample("controller-stopped.txt").split("\\$ ");
        for (int i = 1; i < 5; i++) { // sbatch, squeue, scancel (exit 8), squeue -j; each blocked 9 s or more
            assertTrue(DIALECT.isUnreachable(failed(blocks[i])), blocks[i]);
        }
        assertTrue(DIALECT.isUnreachable(new CommandResult(List.of("squeue"), 137, "", "", Duration.ofSeconds(60),
                true)), "no answer within the timeout");
    }

    @Test
    void refusalsAreNotOutages() throws IOException {
        String[] blocks = sample("sbatch-errors.txt").split("\\$ ");
        for (int i = 1; i < blocks.length; i++) {
            assertFalse(DIALECT.isUnreachable(failed(blocks[i])), blocks[i]);
        }
        assertFalse(DIALECT.isUnreachable(failed(sample("squeue-j-unknown.stderr.txt"))));
        assertFalse(DIALECT.isUnreachable(failed(sample("sacct-disabled.stderr.txt"))));
    }

    @Test
    void aSessionsJobsAreFoundByThePrefixOfTheirNamesAndEndedOnesAreNot() throws IOException {
        SlurmDialect d = new SlurmDialect(SlurmOptions.DEFAULTS);
        String listing = sample("squeue-me-names.txt");
        assertEquals(List.of("986"), d.parseJobsNamedFrom(listing, "qmr-20261207T093500Z-abcd#"));
        assertEquals(List.of(), d.parseJobsNamedFrom(listing, "qmr-20261207T082830Z-eeb4#"), "COMPLETED: ended");
        assertEquals(List.of(), d.parseJobsNamedFrom(listing, "qmr-20261207T093500Z-abce#"));
        assertEquals(List.of("squeue", "--me", "-h", "-t", "all", "-O", "ArrayJobID:|,State:|,Name:|"),
                d.jobsWithNamesArgs());
    }
}
