package io.github.qmr.runtime.queue.sge;

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
import io.github.qmr.runtime.queue.TaskRange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import io.github.qmr.runtime.queue.JobId;
import io.github.qmr.runtime.queue.Request;
import io.github.qmr.runtime.queue.ResourceKill;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SgeDialectTest {
    private static final SgeDialect DIALECT = new SgeDialect(SgeOptions.DEFAULTS);
    private static final JobSpec JOB = new JobSpec("q20261125T162427Z#000000007", Path.of("/w/s/launcher.sh"),
            List.of("chunks/000000/000000007.tasks", "a b"), Path.of("/w/s/chunks/000000/000000007.stdout"),
            Path.of("/w/s/chunks/000000/000000007.stderr"), Path.of("/w/s"));

    static String sample(String name) throws IOException {
        try (InputStream in = SgeDialectTest.class.getResourceAsStream("/sge/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // ---------------------------------------------------------------------------------------------- submit

    @Test
    void submitArgsWithSgeDefaults() {
        assertEquals(List.of("qsub", "-terse", "-N", "q20261125T162427Z#000000007",
                "-o", "/w/s/chunks/000000/000000007.stdout", "-e", "/w/s/chunks/000000/000000007.stderr",
                "-wd", "/w/s", "-S", "/bin/sh", "-b", "n", "-C", "",
                "/w/s/launcher.sh", "chunks/000000/000000007.tasks", "a b"),
                DIALECT.submitArgs(JOB));
    }

    @Test
    void submitArgsWithEverySiteOptionBeforeTheScript() {
        Map<String, String> resources = new LinkedHashMap<>();
        resources.put("h_vmem", "4G");
        resources.put("h_rt", "1:00:00");
        SgeOptions opts = new SgeOptions("long.q", resources, "smp", 4, "bio", List.of("-m", "n"), 100, 0);

        List<String> argv = new SgeDialect(opts).submitArgs(JOB);

        assertEquals(List.of("-b", "n", "-C", "", "-q", "long.q", "-l", "h_vmem=4G", "-l", "h_rt=1:00:00",
                "-pe", "smp", "4", "-P", "bio", "-m", "n", "/w/s/launcher.sh"), argv.subList(12, 30));
    }

    /** The structured request: 4 GiB, 1.5 h, 4 cpus, a queue, a project and one more argument. */
    static final Request STRUCTURED = new Request(4L << 30, Duration.ofMinutes(90), 4, "long.q", "bio",
            List.of("-l", "gpu=1"));

    @Test
    void aStructuredRequestIsQsubsOwnOptionsOnEveryJobAndArray() {
        SgeOptions site = new SgeOptions(null, Map.of("arch", "lx-amd64"), "smp", 1, null, List.of("-m", "n"),
                75_000, 0);
        SgeDialect dialect = new SgeDialect(site).withRequest(STRUCTURED);

        assertEquals(List.of("qsub", "-terse", "-N", "q20261125T162427Z#000000007",
                "-o", "/w/s/chunks/000000/000000007.stdout", "-e", "/w/s/chunks/000000/000000007.stderr",
                "-wd", "/w/s", "-S", "/bin/sh", "-b", "n", "-C", "", "-q", "long.q", "-l", "arch=lx-amd64",
                "-l", "h_vmem=4096M", "-l", "h_rt=1:30:00", "-pe", "smp", "4", "-P", "bio", "-m", "n", "-l", "gpu=1",
                "/w/s/launcher.sh", "chunks/000000/000000007.tasks", "a b"), dialect.submitArgs(JOB));
        ArrayJobSpec array = new ArrayJobSpec("q20261125T162427Z#000000000-000000001", Path.of("/w/s/launcher.sh"),
                List.of("array", "0"), 2, Path.of("/w/s/queue.stdout"), Path.of("/w/s/queue.stderr"), Path.of("/w/s"));
        assertEquals(List.of("-t", "1-2", "-q", "long.q", "-l", "arch=lx-amd64", "-l", "h_vmem=4096M", "-l",
                "h_rt=1:30:00", "-pe", "smp", "4", "-P", "bio", "-m", "n", "-l", "gpu=1", "/w/s/launcher.sh"),
                dialect.arraySubmitArgs(array).subList(16, 36));
        // what the escalation reads, and the heap the worker gets: as if h_vmem had been given
        assertEquals(new Request(4L << 30, Duration.ofMinutes(90)), dialect.siteRequest());
        assertEquals(Duration.ofMinutes(90), dialect.walltime());
        assertEquals(List.of("-Xmx2730m", "-XX:ReservedCodeCacheSize=64m", "-XX:CompressedClassSpaceSize=64m"),
                dialect.workerJvmOptions());
        assertEquals("h_vmem=8192M", dialect.requestText(ResourceKill.Kind.MEMORY, new Request(8L << 30, null)));
        // one cpu needs no parallel environment; nothing requested leaves the options as they are
        assertEquals(List.of("-l", "h_vmem=1024M", "/w/s/launcher.sh"), DIALECT.withRequest(
                new Request(1L << 30, null, 1, null, null, List.of())).submitArgs(JOB).subList(16, 19));
        assertEquals(DIALECT.submitArgs(JOB), DIALECT.withRequest(Request.SITE).submitArgs(JOB));
    }

    @Test
    void aStructuredRequestSetAlsoInTheSiteOptionsIsRefusedNamingBoth() {
        assertEquals("memory and h_vmem=2G of the SGE resources (the goal's <resources>, or SgeOptions.resources) are"
                + " both set; keep one", assertThrows(io.github.qmr.runtime.queue.RequestConflict.class,
                        () -> SgeRequests.requested(new SgeOptions(null, Map.of("h_vmem", "2G"), null, 1, null,
                                List.of(), 100, 0), STRUCTURED)).getMessage());
        assertEquals("walltime and s_rt=60 of the SGE resources (the goal's <resources>, or SgeOptions.resources) are"
                + " both set; keep one", assertThrows(io.github.qmr.runtime.queue.RequestConflict.class,
                        () -> SgeRequests.requested(new SgeOptions(null, Map.of("s_rt", "60"), null, 1, null,
                                List.of(), 100, 0), new Request(null, Duration.ofHours(1)))).getMessage());
        assertEquals("partition and the SGE queue (-q all.q, the goal's <sgeQueue>) are both set; keep one",
                assertThrows(io.github.qmr.runtime.queue.RequestConflict.class, () -> SgeRequests.requested(
                        new SgeOptions("all.q", Map.of(), "smp", 1, null, List.of(), 100, 0), STRUCTURED))
                        .getMessage());
        assertEquals("account and the SGE project (-P p) are both set; keep one",
                assertThrows(io.github.qmr.runtime.queue.RequestConflict.class, () -> SgeRequests.requested(
                        new SgeOptions(null, Map.of(), "smp", 1, "p", List.of(), 100, 0), STRUCTURED)).getMessage());
        assertEquals("cpus and the slots of the SGE parallel environment (-pe smp 8) are both set; keep one",
                assertThrows(io.github.qmr.runtime.queue.RequestConflict.class, () -> SgeRequests.requested(
                        new SgeOptions(null, Map.of(), "smp", 8, null, List.of(), 100, 0), STRUCTURED)).getMessage());
        assertEquals("cpus is 4, but SGE gives a job more than one slot only through a parallel environment, and none"
                + " is set; name the site's, e.g. smp, in SgeOptions.parallelEnv (the goal's <sgeParallelEnv>);"
                + " qconf -spl lists them", assertThrows(io.github.qmr.runtime.queue.RequestConflict.class,
                        () -> DIALECT.withRequest(STRUCTURED)).getMessage());
        assertEquals("memory is 512M, too little for a worker JVM on SGE (h_vmem limits its address space, and a JVM"
                + " reserves about 512M besides its heap); request at least 768M",
                assertThrows(io.github.qmr.runtime.queue.RequestConflict.class,
                        () -> DIALECT.withRequest(new Request(512L << 20, null))).getMessage());
    }

    @Test
    void arraySubmitArgsAddTaskRangeAndConcurrencyLimit() {
        ArrayJobSpec array = new ArrayJobSpec("q20261125T162427Z#000000000-000000049", Path.of("/w/s/launcher.sh"),
                List.of("array", "0"), 50, Path.of("/w/s/queue.stdout"), Path.of("/w/s/queue.stderr"), Path.of("/w/s"));
        SgeOptions limited = new SgeOptions(null, Map.of(), null, 1, null, List.of(), 75_000, 8);

        assertEquals(List.of("qsub", "-terse", "-N", "q20261125T162427Z#000000000-000000049",
                "-o", "/w/s/queue.stdout", "-e", "/w/s/queue.stderr", "-wd", "/w/s", "-S", "/bin/sh", "-b", "n", "-C", "",
                "-t", "1-50", "-tc", "8", "/w/s/launcher.sh", "array", "0"),
                new SgeDialect(limited).arraySubmitArgs(array));
        assertEquals(List.of("-t", "1-50", "/w/s/launcher.sh"),
                DIALECT.arraySubmitArgs(array).subList(16, 19));
    }

    @Test
    void reservedJobNamesAreRejectedInAnyCase() {
        // SGE 8.1.9 answered: Unable to run job: Keyword ("NONE") not allowed as objectname
        for (String name : List.of("ALL", "None", "template")) {
            JobSpec job = new JobSpec(name, JOB.script(), List.of(), JOB.stdout(), JOB.stderr(), JOB.workingDir());

            QueueException e = assertThrows(QueueException.class,
                    () -> DIALECT.submitArgs(job));

            assertEquals("job name '" + name + "' is reserved by SGE (ALL, NONE and TEMPLATE are); use another name",
                    e.getMessage());
        }
    }

    @Test
    void overlongJobNameIsRejected() {
        JobSpec job = new JobSpec("j".repeat(512), JOB.script(), List.of(), JOB.stdout(), JOB.stderr(),
                JOB.workingDir());

        QueueException e = assertThrows(QueueException.class, () -> DIALECT.submitArgs(job));

        assertTrue(e.getMessage().contains("has 512 characters; SGE accepts at most 511"), e.getMessage());
    }

    @Test
    void outputPathWithColonIsRejectedBecauseQsubReadsItAsHostAndPath() {
        // SGE 8.1.9 answered: Unable to run job: can't resolve hostname "/tmp/dt/a"
        JobSpec job = new JobSpec("j", JOB.script(), List.of(), Path.of("/w/a:b/x.stdout"), JOB.stderr(),
                JOB.workingDir());

        QueueException e = assertThrows(QueueException.class, () -> DIALECT.submitArgs(job));

        assertEquals("cannot submit job j: its stdout file /w/a:b/x.stdout contains ':' or ',', which qsub reads as"
                + " host:path or a list; use a work dir without them", e.getMessage());
    }

    @Test
    void aWorkDirWithColonOrCommaIsNamedBeforeStagingAndAnyOtherPathPasses() {
        assertEquals("the work dir /w/a:b contains ':' or ',', which SGE's qsub reads in an output path as host:path"
                + " or a list; choose a work dir without them", DIALECT.workDirProblem(Path.of("/w/a:b")));
        assertEquals("the work dir /w/a,b contains ':' or ',', which SGE's qsub reads in an output path as host:path"
                + " or a list; choose a work dir without them", DIALECT.workDirProblem(Path.of("/w/a,b")));
        assertEquals(null, DIALECT.workDirProblem(Path.of("/w/wörk dir π")));
    }

    @Test
    void parseJobIdOfPlainAndArrayJobs() {
        assertEquals("123", DIALECT.parseJobId("123\n"));
        assertEquals("320", DIALECT.parseJobId("320.1-5:1\n"));
        assertEquals("11", DIALECT.parseJobId("site notice: be nice\n11.1-50:1\n\n"));
    }

    @Test
    void parseJobIdOfGarbageQuotesTheOutput() {
        QueueException e = assertThrows(QueueException.class,
                () -> DIALECT.parseJobId("Your job 123 (\"x\") has been submitted\n"));

        assertEquals("qsub -terse printed no job id; expected a number like 123 or 320.1-5:1, got: 'Your job 123"
                + " (\"x\") has been submitted'; check that qsub is Grid Engine's and not another scheduler's",
                e.getMessage());
        assertTrue(assertThrows(QueueException.class, () -> DIALECT.parseJobId(" \n")).getMessage()
                .contains("got: (nothing)"));
    }

    // ---------------------------------------------------------------------------------------------- status

    @Test
    void qstatArgsListOwnJobsAsXml() {
        assertEquals(List.of("qstat", "-xml"), DIALECT.statusArgs());
    }

    @Test
    void parsesRunningPendingErrorAndArrayJobsOfSample() throws IOException {
        List<QstatEntry> entries = QstatXml.parse(sample("sge-qstat-mine.sample.xml"));

        assertEquals(List.of(
                new QstatEntry("347", "rootrun", "root", "r", List.of(), "all.q@vm"),
                new QstatEntry("348", "rootpend", "root", "r", List.of(), "all.q@vm"),
                new QstatEntry("350", "rootarr", "root", "t", List.of(new TaskRange(1, 1, 1)), "all.q@vm"),
                new QstatEntry("349", "q2026-11-25T16-24-27#000000007", "root", "Eqw", List.of(), ""),
                new QstatEntry("350", "rootarr", "root", "qw", List.of(new TaskRange(2, 4, 1)), "")), entries);
        assertEquals(List.of(2, 3, 4), entries.get(4).taskIds());
        assertEquals(List.of(), entries.get(0).taskIds());
    }

    @Test
    void parsesOtherUsersJobsOfAllUsersSample() throws IOException {
        List<QstatEntry> entries = QstatXml.parse(sample("sge-qstat-all-users.sample.xml"));

        assertEquals(7, entries.size());
        assertEquals(List.of("345", "347", "348", "350", "349", "350", "346"),
                entries.stream().map(QstatEntry::jobNumber).toList());
        assertEquals(new QstatEntry("346", "userheld", "sgeuser", "hqw", List.of(), ""), entries.get(6));
    }

    @Test
    void parsesErrorAndHeldJobsOfEqwSample() throws IOException {
        List<QstatEntry> entries = QstatXml.parse(sample("sge-qstat-eqw-hqw.sample.xml"));

        assertEquals(List.of("r", "Eqw", "hqw"), entries.stream().map(QstatEntry::state).toList());
        assertEquals(List.of(JobState.RUNNING, JobState.ERROR, JobState.PENDING),
                entries.stream().map(e -> QstatListing.stateOf(e.state())).toList());
    }

    @Test
    void emptyQueueAndBlankOutputMeanNoJobs() {
        String empty = """
                <?xml version='1.0'?>
                <job_info  xmlns:xsd="http://arc.liv.ac.uk/repos/darcs/sge/source/dist/util/resources/schemas/qstat/qstat.xsd">
                  <queue_info>
                  </queue_info>
                  <job_info>
                  </job_info>
                </job_info>
                """;

        assertEquals(List.of(), QstatXml.parse(empty));
        assertEquals(List.of(), QstatXml.parse(""));
        assertEquals(List.of(), QstatXml.parse("\n"));
    }

    @Test
    void namesAreDecodedIncludingQstatsPercentLtEscape() {
        // captured from SGE 8.1.9 for a job submitted with -N 'dialecttest<a>&"x'
        String xml = """
                <?xml version='1.0'?>
                <job_info>
                  <job_info>
                    <job_list state="pending">
                      <JB_job_number>11</JB_job_number>
                      <JB_name>dialecttest%lt;a&gt;&amp;&quot;x</JB_name>
                      <JB_owner>root</JB_owner>
                      <state>hqw</state>
                      <queue_name></queue_name>
                      <tasks>1-5:1</tasks>
                    </job_list>
                  </job_info>
                </job_info>
                """;

        QstatEntry entry = QstatXml.parse(xml).get(0);

        assertEquals("dialecttest<a>&\"x", entry.name());
        assertEquals(List.of(new TaskRange(1, 5, 1)), entry.tasks());
    }

    @Test
    void malformedXmlIsAnErrorQuotingTheStartOfTheOutput() {
        QueueException e = assertThrows(QueueException.class,
                () -> QstatXml.parse("error: commlib error: got select error (Connection refused)\n"));

        assertTrue(e.getMessage().startsWith("cannot read the output of qstat -xml: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("it starts with: [error: commlib error: got select error (Connection"
                + " refused)]"), e.getMessage());
    }

    @Test
    void truncatedXmlIsAnError() throws IOException {
        String xml = sample("sge-qstat-mine.sample.xml");

        assertThrows(QueueException.class, () -> QstatXml.parse(xml.substring(0, xml.length() / 2)));
    }

    @Test
    void externalEntitiesAreNeverRead(@TempDir Path temp) throws IOException {
        Path secret = Files.writeString(temp.resolve("secret"), "TOPSECRET");
        String xml = "<?xml version='1.0'?>\n<!DOCTYPE job_info [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<job_info><job_info><job_list><JB_job_number>1</JB_job_number><JB_name>&x;</JB_name>"
                + "</job_list></job_info></job_info>";

        String seen;
        try {
            seen = QstatXml.parse(xml).toString();
        } catch (QueueException e) {
            seen = e.getMessage();
        }

        assertFalse(seen.contains("TOPSECRET"), seen);
    }

    @Test
    void jobWithoutNumberIsAnError() {
        String xml = "<job_info><job_info><job_list><JB_name>x</JB_name></job_list></job_info></job_info>";

        QueueException e = assertThrows(QueueException.class, () -> QstatXml.parse(xml));

        assertTrue(e.getMessage().contains("without a job number"), e.getMessage());
    }

    @Test
    void parsesTenThousandJobs() {
        StringBuilder xml = new StringBuilder("<?xml version='1.0'?>\n<job_info  xmlns:xsd=\"x\">\n  <queue_info>\n");
        for (int i = 0; i < 5000; i++) {
            xml.append(jobList("running", 1000 + i, "r", "all.q@node" + i % 50, i % 2 == 0 ? "" : "1"));
        }
        xml.append("  </queue_info>\n  <job_info>\n");
        for (int i = 5000; i < 10_000; i++) {
            xml.append(jobList("pending", 1000 + i, i % 100 == 0 ? "Eqw" : "qw", "", i % 2 == 0 ? "" : "2-50:1"));
        }
        xml.append("  </job_info>\n</job_info>\n");

        List<QstatEntry> entries = QstatXml.parse(xml.toString());

        assertEquals(10_000, entries.size());
        assertEquals("10999", entries.get(9_999).jobNumber());
    }

    private static String jobList(String list, int number, String state, String queue, String tasks) {
        return "    <job_list state=\"" + list + "\">\n"
                + "      <JB_job_number>" + number + "</JB_job_number>\n"
                + "      <JAT_prio>0.50000</JAT_prio>\n"
                + "      <JB_name>q2026-11-25T16-24-27#" + number + "</JB_name>\n"
                + "      <JB_owner>root</JB_owner>\n"
                + "      <state>" + state + "</state>\n"
                + "      <JAT_start_time>2026-11-25T16:40:54</JAT_start_time>\n"
                + "      <queue_name>" + queue + "</queue_name>\n"
                + "      <slots>1</slots>\n"
                + (tasks.isEmpty() ? "" : "      <tasks>" + tasks + "</tasks>\n")
                + "    </job_list>\n";
    }

    @Test
    void taskListsAsQstatPrintsThem() {
        // as seen on SGE 8.1.9 after deleting some tasks of a 1-5 array: 1,3-5:1 then 1-5:2 then 1,3
        assertEquals(List.of(new TaskRange(1, 1, 1), new TaskRange(3, 5, 1)), QstatXml.parseTasks("1,3-5:1", "9"));
        assertEquals(List.of(1, 3, 5), new QstatEntry("9", "n", "u", "qw", QstatXml.parseTasks("1-5:2", "9"), "")
                .taskIds());
        assertEquals(List.of(5, 7), new QstatEntry("9", "n", "u", "qw", QstatXml.parseTasks("5,7", "9"), "")
                .taskIds());
        assertEquals(List.of(new TaskRange(2, 4, 1)), QstatXml.parseTasks("2-4", "9"));
        QueueException e = assertThrows(QueueException.class, () -> QstatXml.parseTasks("1-x", "9"));
        assertEquals("qstat -xml listed job 9 with tasks '1-x', not a list like 1,3-5:1 ('1-x' is not a task id or"
                + " range)", e.getMessage());
        assertThrows(QueueException.class, () -> QstatXml.parseTasks("5-2:1", "9"));
    }

    @Test
    void hasTaskChecksRangesWithoutExpandingThem() {
        QstatEntry pending = new QstatEntry("9", "n", "u", "qw", QstatXml.parseTasks("1,3-75000:2", "9"), "");

        assertTrue(pending.hasTask(1));
        assertTrue(pending.hasTask(74999));
        assertFalse(pending.hasTask(2));
        assertFalse(pending.hasTask(75000));
        assertTrue(new QstatEntry("8", "n", "u", "r", List.of(), "q@h").hasTask(3), "a plain job matches any task");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "r, RUNNING", "t, RUNNING", "Rr, RUNNING", "Rt, RUNNING", "dr, RUNNING", "dt, RUNNING",
        "qw, PENDING", "hqw, PENDING", "hRwq, PENDING", "Rq, PENDING", "dqw, PENDING", "d, PENDING",
        "s, PENDING", "S, PENDING", "T, PENDING", "rs, PENDING", "w, PENDING", "zz, PENDING", "'', PENDING",
        "Eqw, ERROR", "Ehqw, ERROR", "dEqw, ERROR", "E, ERROR"})
    void stateLetters(String sgeState, JobState expected) {
        assertEquals(expected, QstatListing.stateOf(sgeState));
    }

    // ---------------------------------------------------------------------------------------------- delete

    @Test
    void deleteArgsInBatchesOfAHundred() {
        List<String> ids = new ArrayList<>(IntStream.rangeClosed(1, 250).mapToObj(Integer::toString).toList());
        ids.set(0, "320.2");

        List<List<String>> calls = DIALECT.deleteArgs(ids);

        assertEquals(3, calls.size());
        assertEquals(List.of(101, 101, 51), calls.stream().map(List::size).toList());
        assertEquals(List.of("qdel", "320.2", "2"), calls.get(0).subList(0, 3));
        assertEquals(List.of("qdel", "201"), calls.get(2).subList(0, 2));
        assertEquals("250", calls.get(2).get(50));
        assertEquals(List.of(), DIALECT.deleteArgs(List.of()));
    }

    @Test
    void aLostJobIsDeletedByForceSoItDoesNotStayInDrWhileItsHostIsGone() {
        assertEquals(List.of(List.of("qdel", "-f", "1.5", "7")), DIALECT.forcedDeleteArgs(List.of("1.5", "7")));
        // as SGE 8.1.9 says it on the multi-node test cluster, for an array task on a dead node
        CommandResult forced = new CommandResult(List.of("qdel", "-f"), 1, "root forced the deletion of job-array task"
                + " 1.5\nsgeuser - you do not have the necessary privileges to delete the job \"8\"\n", "", Duration.ZERO,
                false);
        assertEquals(Set.of("1.5"), DIALECT.deleted(List.of("1.5", "8"), forced));
    }

    // ---------------------------------------------------------------------------------------------- explain

    @Test
    void explainArgsForJobsAndArrayTasks() {
        assertEquals(List.of(List.of("qstat", "-j", "13"), List.of("qacct", "-j", "13")),
                SgeAccounting.explainArgs("13"));
        assertEquals(List.of(List.of("qstat", "-j", "320"), List.of("qacct", "-j", "320", "-t", "2")),
                SgeAccounting.explainArgs("320.2"));
        QueueException e = assertThrows(QueueException.class, () -> SgeAccounting.explainArgs("abc"));
        assertEquals("'abc' is not an SGE job id of qmr's; expected a job id like 123 or an array task like 123.4,"
                + " as returned by submit", e.getMessage());
    }

    @Test
    void errorReasonOfAJobInEqw() throws IOException {
        assertEquals(List.of("1: 11/25/2026 17:19:05 [0:491]: error: can't chdir to /nonexistent: No such file or"
                + " directory"), QstatJob.errorReasons(sample("qstat-j-eqw.txt")));
    }

    @Test
    void errorReasonsOfAnArrayJobInEqwNameTheirTasks() throws IOException {
        List<String> reasons = QstatJob.errorReasons(sample("qstat-j-array-eqw.txt"));

        assertEquals(3, reasons.size());
        assertEquals("3: 11/25/2026 17:19:10 [0:1202]: error: can't open output file \"/tmp/dt/cap/nodir/x\": No"
                + " such file or directory", reasons.get(2));
    }

    @Test
    void noErrorReasonsForAnUnknownJobOrAHealthyOne() throws IOException {
        assertEquals(List.of(), QstatJob.errorReasons(sample("qstat-j-unknown.txt")));
        assertEquals(List.of(), QstatJob.errorReasons("job_number: 5\nscheduling info: (none)\n"));
    }

    @Test
    void qacctOfAJobThatExited3() throws IOException {
        QacctRecord record = Qacct.parse(sample("qacct-exit3.txt")).get(0);
        assertEquals(List.of("21", "undefined", "0", 3), List.of(record.jobNumber(), record.taskId(), record.failed(),
                record.exitStatus()));
        assertFalse(Qacct.parse(sample("qacct-exit3.txt")).get(0).failedBySge());
    }

    @Test
    void qacctOfAJobThatExited100SaysSgeFailedIt() throws IOException {
        QacctRecord record = Qacct.parse(sample("qacct-exit100.txt")).get(0);

        assertEquals(List.of("27", "undefined", "30  : application error returned", 100), List.of(record.jobNumber(),
                record.taskId(), record.failed(), record.exitStatus()));
        assertFalse(record.killedForLimit());
        assertTrue(record.failedBySge());
    }

    @Test
    void qacctOfAnArrayJobHasOneRecordPerTask() throws IOException {
        List<QacctRecord> records = Qacct.parse(sample("qacct-array-eqw.txt"));

        assertEquals(List.of("1", "2", "3"), records.stream().map(QacctRecord::taskId).toList());
        assertEquals("26  : opening input/output file", records.get(1).failed());
    }

    @Test
    void aJobKilledAtItsHrtIsAKillForTimeWithWhatItRanAndRequested() throws IOException {
        // real qacct of a job submitted with -l h_rt=3 running sleep 30 on this project's SGE 8.1.9
        QacctRecord record = Qacct.parse(sample("qacct-h_rt-killed.txt")).get(0);
        assertEquals("37  : qmaster enforced h_rt, h_cpu, or h_vmem limit", record.failed());
        assertEquals(137, record.exitStatus());
        assertTrue(record.killedForLimit());
        assertEquals(List.of("3s", "3.160MB", "vm"), List.of(record.wallclock(), record.maxvmem(), record.hostname()));

        SgeDialect dialect = new SgeDialect(sge(Map.of("h_rt", "3")));
        String explanation = dialect.explain(JobId.parse("350", '.', "SGE", "task"), argv -> argv.get(0).equals("qacct")
                ? ok(argv, sampleOrFail("qacct-h_rt-killed.txt")) : failed("Following jobs do not exist"));
        assertEquals("qacct -j 350: exit_status 137, failed 37  : qmaster enforced h_rt, h_cpu, or h_vmem limit;"
                + " ru_wallclock 3s, maxvmem 3.160MB, hostname vm", explanation);
        assertEquals(new ResourceKill(ResourceKill.Kind.TIME, "3s on vm", "h_rt=3"),
                dialect.resourceKill(null, explanation));
    }

    @Test
    void aLimitKillOfAJobWithOnlyHvmemIsAKillForMemory() throws IOException {
        SgeDialect dialect = new SgeDialect(sge(Map.of("h_vmem", "1G")));
        String explanation = dialect.explain(JobId.parse("350", '.', "SGE", "task"), argv -> argv.get(0).equals("qacct")
                ? ok(argv, sampleOrFail("qacct-h_rt-killed.txt")) : failed("Following jobs do not exist"));

        assertEquals(new ResourceKill(ResourceKill.Kind.MEMORY, "maxvmem 3.160MB on vm", "h_vmem=1G"),
                dialect.resourceKill(null, explanation));
        assertNull(new SgeDialect(SgeOptions.DEFAULTS).resourceKill(null, explanation), "neither was requested");
        assertNull(dialect.resourceKill(null, "qacct -j 21: exit_status 3, failed 0"), "not killed by SGE");
    }

    @Test
    void anEscalatedRequestReplacesHvmemAndHrtAndSizesTheHeap() {
        SgeDialect dialect = new SgeDialect(sge(Map.of("h_vmem", "768M", "h_rt", "0:0:5")));
        Request doubled = new Request(2 * 768L << 20, java.time.Duration.ofSeconds(10));
        List<String> argv = dialect.submitArgs(new JobSpec(JOB.name(), JOB.script(), JOB.args(), JOB.stdout(),
                JOB.stderr(), JOB.workingDir(), doubled));

        String line = String.join(" ", argv);
        assertTrue(line.contains("-l h_vmem=1536M") && line.contains("-l h_rt=0:00:10"), line);
        assertFalse(line.contains("768M") || line.contains("0:0:5"), line);
        assertEquals(new Request(768L << 20, java.time.Duration.ofSeconds(5)), dialect.siteRequest());
        assertEquals("h_vmem=1536M", dialect.requestText(ResourceKill.Kind.MEMORY, doubled));
        assertEquals("h_rt=0:0:5", dialect.requestText(ResourceKill.Kind.TIME, Request.SITE));
        assertEquals("-Xmx1024m", dialect.workerJvmOptions(doubled).get(0));
    }

    private static SgeOptions sge(Map<String, String> resources) {
        return new SgeOptions(null, new java.util.TreeMap<>(resources), null, 1, null, List.of(),
                SgeOptions.SGE_MAX_AJ_TASKS, 0);
    }

    private static String sampleOrFail(String name) {
        try {
            return sample(name);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static CommandResult ok(List<String> argv, String stdout) {
        return new CommandResult(argv, 0, stdout, "", Duration.ofMillis(7), false);
    }

    @Test
    void qacctOfAnUnknownJobHasNoRecords() throws IOException {
        assertEquals(List.of(), Qacct.parse(sample("qacct-unknown.txt")));
        assertEquals(List.of(), Qacct.parse(""));
    }

    @Test
    void capturedRunningArrayListingGivesEachEntryItsState() throws IOException {
        List<QstatEntry> entries = QstatXml.parse(sample("qstat-running-array.xml"));

        assertEquals(List.of("24 r", "25 r [1]", "20 Eqw", "23 Eqw [1, 2, 3]", "25 qw [2, 3, 4]"),
                entries.stream().map(e -> e.jobNumber() + " " + e.state() + (e.isArray() ? " " + e.taskIds() : ""))
                        .toList());
    }

    @Test
    void capturedStatesOfDeletedHeldRescheduledAndExit100Jobs() throws IOException {
        assertEquals(List.of("dr", "r", "Eqw", "Eqw", "qw"), states("qstat-dr.xml"));
        assertEquals(List.of("hr", "hr"), states("qstat-held-running.xml"));
        assertEquals(List.of("Eqw", "Rq"), states("qstat-rq-eqw.xml"));
        assertEquals(JobState.RUNNING, QstatListing.stateOf("hr"));
    }

    private static List<String> states(String sample) throws IOException {
        return QstatXml.parse(sample(sample)).stream().map(QstatEntry::state).toList();
    }

    /** The qmaster's words (sge_qmaster's message catalogue) for max_u_jobs and max_jobs: a limit, not a fault. */
    @Test
    void aRefusalAtTheUsersOrTheClustersJobLimitIsALimitAndOtherRefusalsAreNot() {
        assertTrue(DIALECT.isJobLimit("Unable to run job: job rejected: only 8 jobs are allowed per user (current job"
                + " count: 8)\nExiting.\n"));
        assertTrue(DIALECT.isJobLimit("Unable to run job: job rejected: only 100 jobs are allowed per cluster\n"));
        assertFalse(DIALECT.isJobLimit("Unable to run job: job rejected: the requested project \"x\" does not exist"));
        assertFalse(DIALECT.isJobLimit("Unable to run job: unknown resource \"h_vmemx\""));
    }

    @Test
    void hintsForSgeMessages() {
        assertTrue(DIALECT.hint("Unable to initialize environment because of error: Please set the environment"
                + " variable SGE_ROOT.\nExiting.").startsWith("SGE's real binaries need SGE_ROOT and SGE_CELL"));
        assertTrue(DIALECT.hint("error: commlib error: got select error (Connection refused)")
                .startsWith("the SGE qmaster did not answer"));
        assertTrue(DIALECT.hint("Unable to run job: your user id 0 is lower than minimum user id 1000 of"
                + " cluster configuration").contains("min_uid"));
        assertEquals("", DIALECT.hint("something else"));
    }

    // ---------------------------------------------------------------------------------------------- outages

    private static CommandResult failed(String stderr) {
        return new CommandResult(List.of("qstat"), 1, "", stderr, Duration.ofMillis(7), false);
    }

    @Test
    void everyClientCallIsUnreachableWhileTheQmasterIsStopped() throws IOException {
        String[] blocks = sample("qmaster-down.txt").split("\\$ ");
        for (int i = 1; i < blocks.length; i++) {
            assertTrue(DIALECT.isUnreachable(failed(blocks[i])), blocks[i]);
            assertTrue(DIALECT.hint(blocks[i]).startsWith("the SGE qmaster did not answer"), blocks[i]);
        }
        assertEquals(5, blocks.length, "qsub, qstat, qdel, qstat -j");
        assertTrue(DIALECT.isTransient(blocks[1]), "a qsub that could not connect may be tried again");
        assertTrue(DIALECT.isUnreachable(new CommandResult(List.of("qstat"), 137, "", "", Duration.ofSeconds(60),
                true)), "no answer within the timeout");
    }

    @Test
    void refusalsAndMisconfigurationsAreNotOutages() throws IOException {
        assertFalse(DIALECT.isUnreachable(failed("Unable to run job: unknown resource \"no_such\".\nExiting.\n")));
        assertFalse(DIALECT.isUnreachable(failed("denied: job \"999\" does not exist\n")));
        assertFalse(DIALECT.isUnreachable(failed("error: commlib error: access denied (client IP resolved to host name"
                + " \"localhost\". This is not identical to clients host name \"vm\")\n")));
        assertFalse(DIALECT.isUnreachable(new CommandResult(List.of("qstat"), 0, sample("sge-qstat-mine.sample.xml"),
                "", Duration.ofMillis(7), false)));
    }

    @Test
    void qdelOutputSaysWhichIdsAreGoneOrGoing() throws IOException {
        CommandResult mixed = new CommandResult(List.of("qdel"), 1, sample("qdel-mixed.txt"), "", Duration.ZERO, false);
        assertEquals(Set.of("1", "2"), DIALECT.deleted(List.of("1", "2"), mixed), "every line is gone or going");

        CommandResult refused = new CommandResult(List.of("qdel"), 1, "root has deleted job-array task 25.3\n"
                + "job \"26\" task \"9\" does not exist\njob 27 is already in deletion\n"
                + "sgeuser - you do not have the necessary privileges to delete the job \"28\"\n", "", Duration.ZERO,
                false);
        assertEquals(Set.of("25.3", "26.9", "27", "27.1"),
                DIALECT.deleted(List.of("25.3", "25.4", "26.9", "27", "27.1", "28"), refused));
        CommandResult down = failed(sample("qmaster-down.txt").split("\\$ ")[3]);
        assertEquals(Set.of(), DIALECT.deleted(List.of("1"), down));
    }

    @Test
    void aSessionsJobsAreFoundByThePrefixOfTheirNamesEachNumberOnce() throws IOException {
        SgeDialect d = new SgeDialect(SgeOptions.DEFAULTS);
        String xml = sample("qstat-running-array.xml");
        // dialecttest_sleeparr is an array listed twice (running and pending elements): its number once
        assertEquals(List.of("24", "25"), d.parseJobsNamedFrom(xml, "dialecttest_sleep"));
        assertEquals(List.of("25"), d.parseJobsNamedFrom(xml, "dialecttest_sleeparr"));
        assertEquals(List.of(), d.parseJobsNamedFrom(xml, "qmr-"));
    }
}
