package io.github.qmr.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.queue.local.LocalQueue;
import io.github.qmr.runtime.session.Chunking;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The settings records: one default and one check per setting, read back; their text form; the plan's one rule. */
class SettingsTest {
    private static Function<String, String> text(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map::get;
    }

    private static SettingException refused(Executable setting) {
        return assertThrows(SettingException.class, setting);
    }

    @Test
    void theDefaultsReadBack() {
        Scheduling s = Scheduling.DEFAULTS;
        assertEquals(Mode.PULL, s.mode());
        assertNull(s.maxWorkers());
        assertEquals(Duration.ofMinutes(10), s.workerTimeBudget());
        assertTrue(s.jobArrays());
        assertNull(s.chunkSize());
        assertNull(s.numChunks());
        assertNull(s.pollInterval());
        Limits l = Limits.DEFAULTS;
        assertEquals(10, l.maxResubmissions());
        assertNull(l.maxPendingTime());
        assertEquals(Duration.ofMinutes(5), l.outageTolerance());
        assertNull(l.maxFailedTasks());
        assertEquals(Duration.ofSeconds(10), l.resultGracePeriod());
        assertTrue(l.stopOnSystematicFailure());
        assertNull(l.taskTimeLimit());
        assertEquals(Duration.ofMinutes(2), l.heartbeatTimeout());
        WorkerSetup w = WorkerSetup.defaults();
        assertEquals(Path.of(System.getProperty("java.home"), "bin", "java"), w.java());
        assertEquals(List.of("-XX:+UseSerialGC"), w.jvmOptions());
        assertNull(w.classDataArchive());
        assertEquals(Path.of("").toAbsolutePath(), w.workingDir());
        // nothing set as text is every default
        assertEquals(Scheduling.DEFAULTS, Scheduling.fromText(name -> null));
        assertEquals(Limits.DEFAULTS, Limits.fromText(name -> " "));
        assertEquals(WorkerSetup.defaults(), WorkerSetup.fromText(name -> null));
    }

    @Test
    void eachRangeCheckSaysWhatWhichSettingAndHowToFixIt() {
        Scheduling s = Scheduling.DEFAULTS;
        assertEquals("maxWorkers must be at least 1, got 0; leave it out for the default (the local queue's slots, 100"
                + " on a cluster)", refused(() -> s.withMaxWorkers(0)).getMessage());
        assertEquals("workerTimeBudget must be more than 0; leave it out for the default of 10 minutes",
                refused(() -> s.withWorkerTimeBudget(Duration.ZERO)).getMessage());
        assertEquals("chunkSize must be at least 1, got 0", refused(() -> s.withChunkSize(0)).getMessage());
        assertEquals("numChunks must be at least 1, got -2", refused(() -> s.withNumChunks(-2)).getMessage());
        assertEquals("chunkSize and numChunks are both set; keep one",
                refused(() -> new Scheduling(Mode.PULL, null, Duration.ofMinutes(1), true, 2, 2, null)).getMessage());
        assertEquals("pollInterval must not be negative, got PT-1S",
                refused(() -> s.withPollInterval(Duration.ofSeconds(-1))).getMessage());
        assertEquals("mode is not set; use Mode.PULL (the default) or Mode.JOBS",
                refused(() -> s.withMode(null)).getMessage());
        Limits l = Limits.DEFAULTS;
        assertEquals("maxResubmissions must be 0 or more, got -1",
                refused(() -> l.withMaxResubmissions(-1)).getMessage());
        assertEquals("maxPendingTime must be more than 0; leave it out for no limit",
                refused(() -> l.withMaxPendingTime(Duration.ZERO)).getMessage());
        assertEquals("outageTolerance must be 0 or more, got PT-1S; leave it out for the default of 5 minutes",
                refused(() -> l.withOutageTolerance(Duration.ofSeconds(-1))).getMessage());
        assertEquals("maxFailedTasks must be 0 or more, got -1; 0 stops the map at the first failed task; leave it out"
                + " to run every task", refused(() -> l.withMaxFailedTasks(-1L)).getMessage());
        assertEquals("resultGracePeriod must be 0 or more, got PT-1S",
                refused(() -> l.withResultGracePeriod(Duration.ofSeconds(-1))).getMessage());
        assertEquals("taskTimeLimit must be at least 1 ms, got PT0S; leave it out for no limit",
                refused(() -> l.withTaskTimeLimit(Duration.ZERO)).getMessage());
        assertEquals(Duration.ofMinutes(30), Limits.fromText(text("taskTimeLimit", "30m")).taskTimeLimit());
        assertEquals("heartbeatTimeout must be at least 1 s, got PT0.5S; it must exceed the shared file system's cache"
                + " time; leave it out for the default of 2 minutes",
                refused(() -> l.withHeartbeatTimeout(Duration.ofMillis(500))).getMessage());
        // the builder's methods are the records' checks
        assertEquals("maxWorkers", refused(() -> Pool.builder().maxWorkers(0)).setting());
        assertEquals("outageTolerance", refused(() -> Pool.builder().outageTolerance(Duration.ofSeconds(-1)))
                .setting());
    }

    @Test
    void escalationIsOffByDefaultAndChecksItsFactorsAndCaps() {
        assertEquals(new Escalation(1, null, 1, null), Escalation.OFF);
        assertEquals(Escalation.OFF, Escalation.fromText(name -> null));
        assertEquals(new Escalation(2, 16L << 30, 1.5, Duration.ofHours(4)), Escalation.fromText(text(
                "escalateMemory", "2", "escalateMemoryCap", "16G", "escalateTime", "1.5x", "escalateTimeCap", "4h")));
        assertEquals(512L << 20, Escalation.fromText(text("escalateMemoryCap", "512m")).memoryCap());
        assertEquals("escalateMemory must be a factor of at least 1, got 0.5; e.g. 2 doubles the memory request at"
                + " each attempt; 1 turns it off", refused(() -> Escalation.OFF.withMemory(0.5, null)).getMessage());
        assertEquals("escalateTime must be a factor of at least 1, got NaN; e.g. 2 doubles the walltime request at"
                + " each attempt; 1 turns it off", refused(() -> Escalation.OFF.withTime(Double.NaN, null))
                        .getMessage());
        assertEquals("escalateMemoryCap must be more than 0, got 0; e.g. 64G",
                refused(() -> Escalation.OFF.withMemory(2, 0L)).getMessage());
        assertEquals("escalateTimeCap must be more than 0, got PT0S; e.g. 24h",
                refused(() -> Escalation.OFF.withTime(2, Duration.ZERO)).getMessage());
        assertEquals("escalateMemoryCap is not a memory size: '16 gigs'; write e.g. 4G or 512M",
                refused(() -> Escalation.fromText(text("escalateMemoryCap", "16 gigs"))).getMessage());
        assertEquals("escalateMemory is not a factor: 'double'; e.g. 2 or 1.5",
                refused(() -> Escalation.fromText(text("escalateMemory", "double"))).getMessage());
    }

    @Test
    void aJobRequestAsksForNothingByDefaultAndChecksEachPart() {
        JobRequest r = JobRequest.NONE;
        assertNull(r.memory());
        assertNull(r.walltime());
        assertNull(r.cpus());
        assertNull(r.partition());
        assertNull(r.account());
        assertEquals(List.of(), r.submitArgs());
        assertTrue(r.isEmpty());
        assertEquals(JobRequest.NONE, JobRequest.fromText(name -> null));
        // sizes and walltimes in qmr's one text form each: the same as escalateMemoryCap and escalateTimeCap
        assertEquals(new JobRequest(4L << 30, Duration.ofHours(2), 4, "short", "bio", List.of("--qos=long", "-l",
                "gpu=1")), JobRequest.fromText(text("memory", "4G", "walltime", "2:00:00", "cpus", "4", "partition",
                        " short ", "account", "bio", "submitArgs", "--qos=long  -l gpu=1")));
        assertEquals(512L << 20, JobRequest.NONE.withMemory("512m").memory());
        assertEquals(Duration.ofMinutes(90), JobRequest.NONE.withWalltime("90m").walltime());
        assertEquals(Duration.ofMinutes(90), JobRequest.NONE.withWalltime("1:30:00").walltime());
        // Slurm users write days as 1-12:00:00; SGE users 36:00:00; either reads as the same request
        assertEquals(Duration.ofHours(36), JobRequest.NONE.withWalltime("1-12:00:00").walltime());
        assertEquals(Duration.ofHours(36), JobRequest.NONE.withWalltime("36:00:00").walltime());
        assertEquals(Duration.ofHours(26), JobRequest.NONE.withWalltime("1-2").walltime());
        assertEquals(Duration.ofDays(2), JobRequest.NONE.withWalltime("2d").walltime());
        assertEquals(Duration.ofDays(1), Escalation.fromText(text("escalateTimeCap", "1-00:00:00")).timeCap());
        assertEquals(Duration.ofMinutes(90), Escalation.fromText(text("escalateTimeCap", "1:30:00")).timeCap());
        assertEquals("memory is not a memory size: '4 gigs'; write e.g. 4G or 512M",
                refused(() -> JobRequest.fromText(text("memory", "4 gigs"))).getMessage());
        assertEquals("walltime '2 hours' is not a walltime; write e.g. 2:00:00 (hours:minutes:seconds), 90m or 2h",
                refused(() -> JobRequest.NONE.withWalltime("2 hours")).getMessage());
        assertEquals("walltime '1:xx:00' is not a walltime; write e.g. 2:00:00 (hours:minutes:seconds), 90m or 2h",
                refused(() -> JobRequest.fromText(text("walltime", "1:xx:00"))).getMessage());
        assertEquals("walltime '1-xx' is not a walltime; write e.g. 2:00:00 (hours:minutes:seconds), 90m or 2h",
                refused(() -> JobRequest.fromText(text("walltime", "1-xx"))).getMessage());
        assertEquals("walltime '1-2:3:4:5' is not a walltime; write e.g. 2:00:00 (hours:minutes:seconds), 90m or 2h",
                refused(() -> JobRequest.fromText(text("walltime", "1-2:3:4:5"))).getMessage());
        assertEquals("memory must be more than 0, got 0 bytes; write e.g. 4G or 512M; leave it out for the site's"
                + " default", refused(() -> r.withMemory(0L)).getMessage());
        assertEquals("walltime must be at least 1 s, got PT0.5S; write e.g. 2:00:00 or 90m; leave it out for the"
                + " site's default", refused(() -> r.withWalltime(Duration.ofMillis(500))).getMessage());
        assertEquals("cpus must be at least 1, got 0; leave it out for the site's default (one)",
                refused(() -> JobRequest.fromText(text("cpus", "0"))).getMessage());
        assertEquals("partition must be one name, got 'short long'; e.g. short; leave it out for the cluster's default",
                refused(() -> r.withPartition("short long")).getMessage());
        assertEquals("account must be one name, got ' '; e.g. bio; leave it out for the cluster's default",
                refused(() -> r.withAccount(" ")).getMessage());
        assertEquals("<memory> is not a memory size: 'lots'; write e.g. 4G or 512M",
                refused(() -> r.withMemory("lots")).describe(n -> "<" + n + ">"));
    }

    @Test
    void aRequestSetTwiceIsRefusedWhenThePoolIsBuiltBeforeAnythingIsSubmitted() {
        io.github.qmr.runtime.queue.BatchQueue sge = Queues.sge(new io.github.qmr.runtime.queue.sge.SgeOptions(null,
                Map.of("h_vmem", "2G"), null, 1, null, List.of(), 100, 0), io.github.qmr.runtime.queue.QueueTools
                        .sge());
        SettingException e = refused(() -> Pool.builder().queue(sge).request(JobRequest.NONE.withMemory("4G"))
                .build());
        assertEquals("<memory> and h_vmem=2G of the SGE resources (the goal's <resources>, or SgeOptions.resources)"
                + " are both set; keep one", e.describe(n -> "<" + n + ">"));
        // the local queue has no scheduler to ask: a request is ignored there
        try (Pool pool = Pool.builder().queue(new LocalQueue(1)).request(JobRequest.NONE.withMemory("4G")).build()) {
            assertEquals("local", pool.plan().queue());
        }
        // the walltime requested bounds a pull worker's time budget as h_rt does
        try (Pool pool = Pool.builder().queue(Queues.slurm()).request(JobRequest.NONE.withWalltime("2m")).build()) {
            assertEquals(Duration.ofMinutes(2), pool.plan().walltime());
        }
    }

    @Test
    void aFrontEndNamesTheSettingsItsOwnWay() {
        SettingException e = refused(() -> new Scheduling(Mode.PULL, null, Duration.ofMinutes(1), true, 2, 2, null));
        assertEquals("<chunkSize> and <numChunks> are both set; keep one", e.describe(n -> "<" + n + ">"));
        assertEquals("<chunkSize> and <numChunks> are both set; keep <numChunks> only",
                e.describe(n -> "<" + n + ">", "keep {numChunks} only"));
        // a brace in a value given as text stays as it was
        SettingException braces = refused(() -> Scheduling.fromText(text("workerTimeBudget", "{mode}s")));
        assertEquals("<workerTimeBudget> '{mode}s' is not a duration; write e.g. 500ms, 2s, 1m or PT2S",
                braces.describe(n -> "<" + n + ">"));
    }

    @Test
    void theTextForm() {
        Scheduling s = Scheduling.fromText(text("mode", " Jobs ", "maxWorkers", "8", "workerTimeBudget", "1.5m",
                "jobArrays", "false", "numChunks", "20", "pollInterval", "PT2S"));
        assertEquals(new Scheduling(Mode.JOBS, 8, Duration.ofSeconds(90), false, null, 20, Duration.ofSeconds(2)), s);
        Limits l = Limits.fromText(text("maxResubmissions", "3", "maxPendingTime", "2h", "outageTolerance", "0s",
                "maxFailedTasks", "0", "resultGracePeriod", "500ms", "stopOnSystematicFailure", "false",
                "heartbeatTimeout", "30s"));
        assertEquals(new Limits(3, Duration.ofHours(2), Duration.ZERO, 0L, Duration.ofMillis(500), false, null,
                Duration.ofSeconds(30)), l);
        WorkerSetup w = WorkerSetup.fromText(text("java", "/opt/jdk/bin/java", "jvmOptions", "-Xmx2g, -Dx=1",
                "classDataArchive", "FALSE", "workerWorkingDir", "/tmp"));
        assertEquals(Path.of("/opt/jdk/bin/java"), w.java());
        assertEquals(List.of("-Xmx2g", "-Dx=1"), w.jvmOptions());
        assertEquals(Boolean.FALSE, w.classDataArchive());
        assertEquals(Path.of("/tmp"), w.workingDir());
        assertNull(WorkerSetup.fromText(text("classDataArchive", "auto")).classDataArchive());
        assertEquals("java /nonexistent/java does not exist or is not executable; give the path of a java executable"
                + " (JDK 17 or later)", refused(() -> WorkerSetup.defaults().withJava(Path.of("/nonexistent/java"))
                        .checkedJava()).getMessage());
        assertEquals(WorkerSetup.defaults(), WorkerSetup.defaults().checkedJava());
        assertEquals("mode must be pull or jobs, got 'push'",
                refused(() -> Scheduling.fromText(text("mode", "push"))).getMessage());
        assertEquals("maxWorkers 'many' is not a whole number; write e.g. 10",
                refused(() -> Scheduling.fromText(text("maxWorkers", "many"))).getMessage());
        assertEquals("jobArrays must be true or false, got 'yes'",
                refused(() -> Scheduling.fromText(text("jobArrays", "yes"))).getMessage());
        assertEquals("classDataArchive must be auto, true or false, got 'on'",
                refused(() -> WorkerSetup.fromText(text("classDataArchive", "on"))).getMessage());
        assertEquals("pollInterval '2' is not a duration; write e.g. 500ms, 2s, 1m or PT2S",
                refused(() -> Scheduling.fromText(text("pollInterval", "2"))).getMessage());
        assertEquals("maxWorkers must be at least 1, got 0; leave it out for the default (the local queue's slots,"
                + " 100 on a cluster)", refused(() -> Scheduling.fromText(text("maxWorkers", "0"))).getMessage());
    }

    @Test
    void thePlanResolvesWhatTheQueueDecides() {
        LocalQueue local = new LocalQueue(3);
        Plan p = Plan.of(Scheduling.DEFAULTS, Limits.DEFAULTS, WorkerSetup.defaults(), local);
        assertEquals("local", p.queue());
        assertEquals(3, p.maxWorkers());
        assertEquals(local.defaultPollInterval(), p.scheduling().pollInterval());
        assertEquals(Scheduling.DEFAULTS.withMaxWorkers(3).withPollInterval(local.defaultPollInterval()),
                p.scheduling());
        assertEquals(100 / (Chunking.PULL_CHUNKS_PER_WORKER * 3) + 1, p.chunkSize(100));
        assertEquals("pull mode: at most 3 workers claiming chunks, each for up to 600 s", p.describe());
        assertEquals("pull: workers claim chunks", p.modeSummary());
        Plan jobs = Plan.of(Scheduling.DEFAULTS.withMode(Mode.JOBS).withMaxWorkers(7)
                .withPollInterval(Duration.ofSeconds(3)), Limits.DEFAULTS, WorkerSetup.defaults(), local);
        assertEquals(7, jobs.maxWorkers());
        assertEquals(Duration.ofSeconds(3), jobs.scheduling().pollInterval());
        assertEquals(34, jobs.chunkSize(100)); // one chunk per slot: 100 tasks in 3 chunks
        assertEquals("one queue-job per chunk", jobs.describe());
        assertEquals("jobs: one queue-job per chunk", jobs.modeSummary());
        // on a cluster: the most workers and chunks by default
        Plan cluster = Plan.of(Scheduling.DEFAULTS, Limits.DEFAULTS, WorkerSetup.defaults(), new ClusterLike());
        assertEquals(Scheduling.CLUSTER_MAX_WORKERS, cluster.maxWorkers());
        assertEquals(Scheduling.CLUSTER_JOBS_CHUNKS, cluster.defaultChunks());
        // the classpath is staged off this node by default, else as set
        assertEquals(false, p.stagesClasspath());
        assertEquals(true, cluster.stagesClasspath());
        assertEquals(true, Plan.of(Scheduling.DEFAULTS, Limits.DEFAULTS, WorkerSetup.defaults().withStageClasspath(
                true), local).stagesClasspath());
        assertEquals(false, Plan.of(Scheduling.DEFAULTS, Limits.DEFAULTS, WorkerSetup.defaults().withStageClasspath(
                false), new ClusterLike()).stagesClasspath());
        try (Pool pool = Pool.builder().queue(local).maxWorkers(2).build()) {
            assertEquals(2, pool.plan().maxWorkers());
        }
    }

    /** A queue that is not the local one, as far as the plan can tell. */
    private static final class ClusterLike implements io.github.qmr.runtime.queue.BatchQueue {
        @Override
        public String name() {
            return "cluster";
        }

        @Override
        public String submit(io.github.qmr.runtime.queue.JobSpec job) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, io.github.qmr.runtime.queue.JobStatus> poll(java.util.Collection<String> jobIds) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(java.util.Collection<String> jobIds) {
            throw new UnsupportedOperationException();
        }
    }

    /** The README's table of pool settings says the defaults the code has. */
    @Test
    void theReadmeDefaultsTableMatchesTheCode() throws IOException {
        Map<String, String> readme = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(Path.of("../README.md"))) {
            if (line.equals("### Pool settings")) {
                inTable = true;
            } else if (inTable && line.startsWith("### ")) {
                break;
            } else if (inTable && line.startsWith("| `")) {
                String[] cells = line.split("\\|");
                readme.put(cells[1].strip(), cells[2].strip());
            }
        }
        Scheduling s = Scheduling.DEFAULTS;
        Limits l = Limits.DEFAULTS;
        Map<String, String> code = new LinkedHashMap<>();
        code.put("`mode(Mode)`", "`" + s.mode() + "`");
        code.put("`maxWorkers(int)`", "local queue: its slots; SGE, Slurm: " + Scheduling.CLUSTER_MAX_WORKERS);
        code.put("`workerTimeBudget(Duration)`", words(s.workerTimeBudget()));
        code.put("`outageTolerance(Duration)`", words(l.outageTolerance()));
        code.put("`chunkSize(int)` / `numChunks(int)`", "pull mode: " + Chunking.PULL_CHUNKS_PER_WORKER
                + " chunks per worker (`maxWorkers`); jobs mode: local queue one chunk per slot, else "
                + Scheduling.CLUSTER_JOBS_CHUNKS + " chunks; a default chunk holds at most "
                + String.format(java.util.Locale.ROOT, "%,d", Chunking.MAX_DEFAULT_CHUNK) + " tasks and at most "
                + Chunking.CHUNK_WORK.toMinutes() + " minutes of work by `taskTime`");
        code.put("`maxResubmissions(int)`", Integer.toString(l.maxResubmissions()));
        code.put("`jvmOptions(List)`", "`" + String.join(" ", WorkerSetup.JVM_OPTIONS) + "`");
        code.put("`resultGracePeriod(Duration)`", words(l.resultGracePeriod()));
        code.put("`heartbeatTimeout(Duration)`", words(l.heartbeatTimeout()));
        code.put("`jobArrays(boolean)`", Boolean.toString(s.jobArrays()));
        code.put("`maxPendingTime(Duration)`", l.maxPendingTime() == null ? "none" : words(l.maxPendingTime()));
        code.put("`maxFailedTasks(long)`", l.maxFailedTasks() == null ? "none: every task runs"
                : Long.toString(l.maxFailedTasks()));
        code.put("`escalate(Escalation)`", Escalation.OFF.memoryFactor() == 1 && Escalation.OFF.timeFactor() == 1
                ? "`Escalation.OFF`: a job killed for memory or time fails its chunk at once" : "on");
        code.put("`request(JobRequest)`", JobRequest.NONE.isEmpty()
                ? "`JobRequest.NONE`: the queue's own options (or the cluster's defaults)" : "set");
        code.put("`taskTimeLimit(Duration)`", l.taskTimeLimit() == null ? "none" : words(l.taskTimeLimit()));
        code.put("`stopOnSystematicFailure(boolean)`", Boolean.toString(l.stopOnSystematicFailure()));
        code.put("`classDataArchive(boolean)`", WorkerSetup.defaults().classDataArchive() == null
                ? "on when every classpath entry is a jar" : WorkerSetup.defaults().classDataArchive().toString());
        for (Map.Entry<String, String> e : code.entrySet()) {
            assertEquals(e.getValue(), readme.get(e.getKey()), "README.md, Pool settings, the default of " + e.getKey()
                    + "; the table has " + readme.keySet());
        }
    }

    /** {@code 10 min}, {@code 10 s}: as the README writes a duration. */
    private static String words(Duration d) {
        return d.toSecondsPart() == 0 && d.toMinutes() > 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }
}
