package io.github.qmr.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.qmr.runtime.MapEvent;
import io.github.qmr.runtime.Mode;
import io.github.qmr.runtime.Pool;
import io.github.qmr.runtime.Queues;
import io.github.qmr.runtime.ResultStream;
import io.github.qmr.runtime.TaskResult;
import io.github.qmr.runtime.TestFiles;
import io.github.qmr.runtime.EnvironmentPolicy;
import io.github.qmr.runtime.fixtures.SlowEcho;
import io.github.qmr.runtime.fixtures.StoppedMidChunk;
import io.github.qmr.runtime.queue.JobState;
import io.github.qmr.runtime.queue.JobStatus;
import io.github.qmr.runtime.process.CommandResult;
import io.github.qmr.runtime.process.CommandRunner;
import io.github.qmr.runtime.queue.BatchQueue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * End to end on the multi-node test cluster of scripts/cluster.sh (issue 19): the process node is the head, the
 * workers run on node1..node3, and the work dir is on the sshfs mount every node sees at the same path (attribute,
 * name and directory caches of a few seconds, as an NFS client has). Run in the head's namespaces:
 * <pre>
 * scripts/cluster.sh up
 * scripts/cluster.sh exec head -- ./mvnw -o -B -q -pl qmr-runtime -am verify -Dqmr.test.cluster=required \
 *     -Dit.test=ClusterMapIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * The node-loss tests kill a node through {@code scripts/cluster.sh serve-kills}, which must run on the host
 * meanwhile (scripts/test.sh starts it): a process in the head cannot reach the nodes' processes. They run last, as
 * each leaves a node dead (scripts/test.sh ends with {@code cluster.sh down}).
 * With {@code -Dqmr.test.cluster=required} a test that cannot reach the cluster FAILS; otherwise it is skipped.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterMapIT {
    private static final int TASKS = 40;

    private Path shared;
    private final List<MapEvent> events = new ArrayList<>();

    @BeforeEach
    void clusterIsUp() throws IOException {
        String dir = System.getenv("QMR_CLUSTER_SHARED");
        if (dir == null || dir.isBlank()) {
            unreachable("QMR_CLUSTER_SHARED is not set: run the test through scripts/cluster.sh exec head -- ...");
        }
        Path path = Path.of(dir);
        String mount = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(l -> l.split(" ")[4].equals(path.toString())).findFirst().orElse("");
        if (!mount.contains(" - fuse.sshfs ")) {
            unreachable(dir + " is not an sshfs mount here (mountinfo: '" + mount + "'): run the test in the head's"
                    + " namespaces, scripts/cluster.sh exec head -- ...");
        }
        for (List<String> command : List.of(List.of("qstat", "-f"), List.of("sinfo", "-N"))) {
            CommandResult result = new CommandRunner().run(command, Duration.ofSeconds(20));
            if (!result.ok()) {
                unreachable(result.describe());
            }
        }
        shared = Files.createTempDirectory(path, "it-");
    }

    private static void unreachable(String why) {
        String message = "the multi-node test cluster is not reachable; start it with scripts/cluster.sh up and run"
                + " the test through scripts/cluster.sh exec head\n" + why;
        if ("required".equals(System.getProperty("qmr.test.cluster"))) {
            fail(message);
        }
        Assumptions.abort(message);
    }

    private void mapRunsOnSeveralNodes(String flavour, Supplier<BatchQueue> queue, Mode mode) {
        List<Integer> tasks = IntStream.range(0, TASKS).boxed().toList();
        List<TaskResult<Integer>> results = new ArrayList<>();
        long start = System.nanoTime();
        // jobs mode: 8 jobs (one per chunk of 5) still spread over the 3 nodes' 6 slots, in less time than 20
        try (Pool pool = Pool.builder().queue(queue.get()).workDir(shared).mode(mode)
                .chunkSize(mode == Mode.JOBS ? 5 : 2)
                .pollInterval(Duration.ofMillis(250)).listener(events::add).build();
                ResultStream<Integer> stream = pool.stream(SlowEcho.class, tasks)) {
            stream.forEachRemaining(results::add);
        } finally {
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("cluster %s %s: %d tasks, %.2f s wall; events:%n", flavour, mode, TASKS, seconds);
            events.stream().filter(e -> !(e instanceof MapEvent.Progress)).forEach(e -> System.out.println("  " + e));
        }
        assertEquals(TASKS, results.size());
        Map<String, Integer> perHost = new TreeMap<>();
        for (TaskResult<Integer> r : results) {
            assertTrue(r.succeeded(), r.toString());
            assertEquals((int) r.itask(), r.value(), r.toString());
            assertTrue(r.run() != null, "task " + r.itask() + " has its run facts");
            perHost.merge(r.run().host(), 1, Integer::sum);
        }
        System.out.printf("cluster %s %s: tasks per host %s%n", flavour, mode, perHost);
        assertTrue(perHost.keySet().stream().allMatch(h -> h.matches("node[0-9]+")),
                "every task ran on an execution node, not the head: " + perHost);
        assertTrue(perHost.size() >= 2, "the tasks ran on at least 2 nodes: " + perHost);
        // a chunk whose result the process node did not see in time runs again: nothing may run twice
        List<String> again = events.stream().filter(e -> e instanceof MapEvent.Notice).map(Object::toString)
                .filter(e -> e.contains("resubmitted") || e.contains("released")).toList();
        assertEquals(List.of(), again, "no chunk ran twice");
    }

    @AfterEach
    void removeTheEmptyFolder() {
        try {
            if (shared != null) {
                Files.deleteIfExists(shared);
            }
        } catch (IOException e) {
            // a session folder qmr could not delete is left for a look (its notice says why)
        }
    }

    /**
     * A node lost mid-map (every process in it killed, its execd and slurmd gone, its network gone): 24 tasks in 12
     * chunks of 2 on pull-mode workers, a heartbeat timeout of 10 s (the sshfs caches are 5 s); task 5 waits until its
     * node is killed. Its workers stop beating, so the map takes them as lost, deletes their jobs and gives their
     * chunks to workers on the other nodes; every task's result comes once, the notice names the host, and no job of
     * the session is left in the queue.
     */
    private void aNodeLostMidMap(String flavour, Supplier<BatchQueue> queue) throws Exception {
        Path requests = shared.getParent().resolve(".node-kills");
        if (!Files.isDirectory(requests)) {
            unreachable("no node-kill server (" + requests + " is missing): run scripts/cluster.sh serve-kills on the"
                    + " host meanwhile, as scripts/test.sh does");
        }
        Path markers = Files.createTempDirectory(shared.getParent(), "markers-");
        List<Integer> tasks = IntStream.range(0, 24).boxed().toList();
        List<TaskResult<Integer>> results = new ArrayList<>();
        List<String> jobs = new ArrayList<>();
        String host;
        long start = System.nanoTime();
        try (Pool pool = Pool.builder().queue(queue.get()).workDir(shared).chunkSize(2)
                .heartbeatTimeout(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .environment(EnvironmentPolicy.inherit().with("QMR_TEST_MARKERS", markers.toString())
                        .with("QMR_TEST_STOP_AT", "5"))
                .listener(e -> {
                    events.add(e);
                    if (e instanceof MapEvent.JobSubmitted j) {
                        jobs.add(j.jobId());
                    }
                }).build();
                ResultStream<Integer> stream = pool.stream(StoppedMidChunk.class, tasks)) {
            host = StoppedMidChunk.hostOfTheWaitingWorker(markers, 120);
            killNode(requests, host);
            System.out.printf("cluster %s: killed %s at %.1f s%n", flavour, host, (System.nanoTime() - start) / 1e9);
            stream.forEachRemaining(results::add);
        } finally {
            System.out.printf("cluster %s, a node lost mid-map: %.1f s; events:%n", flavour,
                    (System.nanoTime() - start) / 1e9);
            events.stream().filter(e -> e instanceof MapEvent.Notice).forEach(e -> System.out.println("  " + e));
        }
        assertEquals(tasks.size(), results.size());
        for (TaskResult<Integer> r : results) {
            assertTrue(r.succeeded(), r.toString());
            assertEquals((int) r.itask() * 10, r.value(), r.toString());
        }
        List<String> lost = events.stream().filter(e -> e instanceof MapEvent.Notice).map(Object::toString)
                .filter(n -> n.contains("sent no heartbeat")).toList();
        assertTrue(lost.stream().anyMatch(n -> n.contains(" on host " + host + " (pid ")), "a notice names " + host
                + ": " + lost);
        // only the tasks of chunks taken from lost workers may have run twice (what their workers had not saved)
        java.util.Set<Integer> rerunChunks = new java.util.TreeSet<>();
        for (String n : lost) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("chunk (\\d+): ").matcher(n);
            if (m.find()) {
                rerunChunks.add(Integer.parseInt(m.group(1)));
            }
        }
        int[] runs = StoppedMidChunk.runs(markers, tasks.size());
        System.out.printf("cluster %s: runs per task %s; chunks run again %s%n", flavour, java.util.Arrays.toString(
                runs), rerunChunks);
        assertTrue(rerunChunks.contains(2), "the waiting task's chunk ran again: " + lost);
        for (int t = 0; t < tasks.size(); t++) {
            assertTrue(runs[t] >= 1, "task " + t + " ran");
            if (!rerunChunks.contains(t / 2)) {
                assertEquals(1, runs[t], "task " + t + " of a chunk no lost worker held ran once");
            }
        }
        // no job of the session left in the queue (a job on the dead node too; Slurm lists a cancelled one there
        // until slurmctld marks the node down, SlurmdTimeout, 30 s on this cluster)
        BatchQueue check = queue.get();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        Map<String, JobStatus> left;
        while (!(left = listed(check.poll(jobs))).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertEquals(Map.of(), left, "jobs of the session left in the " + flavour + " queue");
        TestFiles.deleteTree(markers);
    }

    private static Map<String, JobStatus> listed(Map<String, JobStatus> statuses) {
        Map<String, JobStatus> listed = new TreeMap<>(statuses);
        listed.values().removeIf(s -> s.state() == JobState.FINISHED);
        return listed;
    }

    /** Asks the host's serve-kills to kill {@code node}, and waits until it has. */
    private static void killNode(Path requests, String node) throws Exception {
        Files.deleteIfExists(requests.resolve(node + ".killed")); // an answer to an earlier request
        Files.deleteIfExists(requests.resolve(node + ".failed"));
        Files.writeString(requests.resolve(node), "");
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!Files.exists(requests.resolve(node + ".killed"))) {
            if (Files.exists(requests.resolve(node + ".failed"))) {
                fail("kill-node " + node + " failed: " + Files.readString(requests.resolve(node + ".failed")));
            }
            if (System.nanoTime() > deadline) {
                fail("kill-node " + node + " was not done in 120 s: is scripts/cluster.sh serve-kills running?");
            }
            Thread.sleep(200);
        }
    }

    @Test
    @Order(Integer.MAX_VALUE - 1)
    void sgeLosesANodeMidMapAndItsChunksRunElsewhere() throws Exception {
        aNodeLostMidMap("SGE", Queues::sge);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void slurmLosesANodeMidMapAndItsChunksRunElsewhere() throws Exception {
        aNodeLostMidMap("Slurm", Queues::slurm);
    }

    @Test
    void sgePullModeSpreadsOverTheNodes() {
        mapRunsOnSeveralNodes("SGE", Queues::sge, Mode.PULL);
    }

    @Test
    void slurmPullModeSpreadsOverTheNodes() {
        mapRunsOnSeveralNodes("Slurm", Queues::slurm, Mode.PULL);
    }

    @Test
    void sgeJobsModeSpreadsOverTheNodes() {
        mapRunsOnSeveralNodes("SGE", Queues::sge, Mode.JOBS);
    }

    @Test
    void slurmJobsModeSpreadsOverTheNodes() {
        mapRunsOnSeveralNodes("Slurm", Queues::slurm, Mode.JOBS);
    }

    /**
     * Issue 19: the cluster's SGE refuses jobs past a per-user limit (max_u_jobs 3, set for this test on the cluster's
     * own qmaster, which serves nobody else, and put back after): see {@link #submitsWhatFitsUnderAJobLimit}.
     */
    @Test
    void sgeSubmitsWhatFitsUnderAPerUserJobLimitAndTheRestAsJobsEnd() throws Exception {
        Path conf = Files.createDirectories(shared.resolve("conf")).resolve("global");
        String before = command(List.of("qconf", "-sconf", "global"));
        Files.writeString(conf, before.replaceAll("(?m)^max_u_jobs\\s+\\S+", "max_u_jobs 3"));
        assertTrue(Files.readString(conf).contains("max_u_jobs 3"), "qconf -sconf names max_u_jobs:\n" + before);
        submitsWhatFitsUnderAJobLimit(Queues::sge, "qsub", "jobs are allowed per user",
                () -> command(List.of("qconf", "-Mconf", conf.toString())), () -> {
                    Files.writeString(conf, before);
                    command(List.of("qconf", "-Mconf", conf.toString()));
                });
    }

    /**
     * Issue 19: the cluster's Slurm refuses jobs past a per-user limit: MaxSubmitJobs 3 on root's association in the
     * cluster's own slurmdbd (scripts/cluster.sh runs it on a MariaDB of the cluster's own, with
     * AccountingStorageEnforce=limits), put back after: see {@link #submitsWhatFitsUnderAJobLimit}.
     */
    @Test
    void slurmSubmitsWhatFitsUnderAPerUserJobLimitAndTheRestAsJobsEnd() throws Exception {
        submitsWhatFitsUnderAJobLimit(Queues::slurm, "sbatch", "job submit limit", () -> {
            command(List.of("sacctmgr", "-i", "modify", "user", "where", "name=root", "set", "MaxSubmitJobs=3"));
            // slurmdbd passes the change on to slurmctld: wait until the controller holds it
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!command(List.of("scontrol", "show", "assoc_mgr", "users=root", "flags=assoc"))
                    .contains("MaxSubmitJobs=3(")) {
                assertTrue(System.nanoTime() < deadline, "slurmctld never took MaxSubmitJobs=3 from slurmdbd");
                Thread.sleep(250);
            }
        }, () -> command(List.of("sacctmgr", "-i", "modify", "user", "where", "name=root", "set",
                "MaxSubmitJobs=-1")));
    }

    private interface Step {
        void run() throws Exception;
    }

    /**
     * A jobs-mode map of 12 one-task chunks, each its own job, under a limit of 3 jobs per user: it submits what fits
     * and the rest as jobs end; every task once, the limit said once in the submit program's own words, no chunk run
     * twice, no job left.
     */
    private void submitsWhatFitsUnderAJobLimit(Supplier<BatchQueue> queue, String submit, String refusal,
            Step limit, Step unlimit) throws Exception {
        List<Integer> tasks = IntStream.range(0, 12).boxed().toList();
        List<Integer> values;
        limit.run();
        try (Pool pool = Pool.builder().queue(queue.get()).workDir(shared).mode(Mode.JOBS).jobArrays(false)
                .chunkSize(1).pollInterval(Duration.ofMillis(250)).listener(events::add).build()) {
            values = pool.map(SlowEcho.class, tasks);
        } finally {
            unlimit.run();
        }
        String session = events.stream().filter(e -> e instanceof MapEvent.JobSubmitted)
                .map(e -> ((MapEvent.JobSubmitted) e).sessionId()).findFirst().orElseThrow();
        events.stream().filter(e -> !(e instanceof MapEvent.Progress)).forEach(e -> System.out.println("  " + e));
        assertEquals(tasks, values);
        List<String> said = events.stream().filter(e -> e instanceof MapEvent.Notice).map(Object::toString).toList();
        List<String> limited = said.stream().filter(n -> n.contains("the queue takes no more jobs now (" + submit
                + " refused job ")).toList();
        assertEquals(1, limited.size(), said.toString());
        assertTrue(limited.get(0).contains(refusal), limited.get(0));
        assertEquals(List.of(), said.stream().filter(n -> n.contains("resubmitted") || n.contains("released"))
                .toList(), "no chunk ran twice");
        assertEquals(12, events.stream().filter(e -> e instanceof MapEvent.JobSubmitted).count(),
                "one job per chunk, the held-back ones included");
        BatchQueue q = queue.get();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos(); // ended jobs leave the listing in a while
        while (!q.jobsNamedFrom(session + "#").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertEquals(List.of(), q.jobsNamedFrom(session + "#"), "no job of the session left");
    }

    private static String command(List<String> command) {
        CommandResult result = new CommandRunner().run(command, Duration.ofSeconds(20));
        assertTrue(result.ok(), result.describe());
        return result.stdout();
    }

    /**
     * Issue 19: pull-mode claims stay exclusive across hosts: 6 workers on 3 nodes race over many one-task chunks
     * (qmr.test.claimRaceChunks: 200 by default, in CI; 10,000 by hand) through the sshfs work dir. Every task runs
     * exactly once (counted by the tasks, in one file per worker JVM), none is lost, no chunk is released.
     */
    @Test
    void sgePullWorkersOnSeveralNodesRacingOverManyChunksRunEachOnce() throws Exception {
        int chunks = Integer.getInteger("qmr.test.claimRaceChunks", 200);
        Path runs = Files.createDirectory(shared.resolve("runs"));
        List<Integer> tasks = IntStream.range(0, chunks).boxed().toList();
        List<TaskResult<Integer>> results = new ArrayList<>();
        long start = System.nanoTime();
        try (Pool pool = Pool.builder().queue(Queues.sge()).workDir(shared).mode(Mode.PULL).maxWorkers(6)
                .chunkSize(1).pollInterval(Duration.ofMillis(250)).listener(events::add)
                .environment(EnvironmentPolicy.inherit().with("QMR_TEST_RUNS", runs.toString())).build();
                ResultStream<Integer> stream = pool.stream(io.github.qmr.runtime.fixtures.RunLog.class, tasks)) {
            stream.forEachRemaining(results::add);
        }
        System.out.printf("cluster SGE claim race: %d one-task chunks, 6 workers, %.1f s%n", chunks,
                (System.nanoTime() - start) / 1e9);
        assertEquals(chunks, results.size());
        Map<String, Integer> perHost = new TreeMap<>();
        for (TaskResult<Integer> r : results) {
            assertTrue(r.succeeded() && r.value() == (int) r.itask(), r.toString());
            perHost.merge(r.run().host(), 1, Integer::sum);
        }
        System.out.println("cluster SGE claim race: tasks per host " + perHost);
        assertTrue(perHost.size() >= 2, "the workers of several nodes raced: " + perHost);
        Map<Integer, Integer> ran = new TreeMap<>();
        try (var files = Files.list(runs)) {
            for (Path f : files.toList()) {
                for (String line : Files.readAllLines(f)) {
                    ran.merge(Integer.valueOf(line), 1, Integer::sum);
                }
            }
        }
        assertEquals(chunks, ran.size(), "every task ran");
        assertEquals(Map.of(), ran.entrySet().stream().filter(e -> e.getValue() != 1)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "none ran twice");
        assertEquals(List.of(), events.stream().filter(e -> e instanceof MapEvent.Notice).map(Object::toString)
                .filter(n -> n.contains("released") || n.contains("resubmitted")).toList());
    }
}
