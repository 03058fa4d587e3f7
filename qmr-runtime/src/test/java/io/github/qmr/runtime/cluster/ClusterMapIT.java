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
import io.github.qmr.runtime.fixtures.SlowEcho;
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
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * End to end on the multi-node test cluster of scripts/cluster.sh (issue 19): the process node is the head, the
 * workers run on node1..node3, and the work dir is on the sshfs mount every node sees at the same path (attribute,
 * name and directory caches of a few seconds, as an NFS client has). Run in the head's namespaces:
 * <pre>
 * scripts/cluster.sh up
 * scripts/cluster.sh exec head -- ./mvnw -o -B -q -pl qmr-runtime -am verify -Dqmr.test.cluster=required \
 *     -Dit.test=ClusterMapIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * With {@code -Dqmr.test.cluster=required} a test that cannot reach the cluster FAILS; otherwise it is skipped.
 */
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
     * Not a check yet (issue 19 item 3): a map of 30 chunks of 3 s that an operator breaks by killing a node, e.g.
     * {@code sleep 20; scripts/cluster.sh kill-node node2} from the host, while it runs with
     * {@code -Dqmr.test.cluster.kill=sge} (or slurm). It prints what qmr does.
     */
    @Test
    @EnabledIfSystemProperty(named = "qmr.test.cluster.kill", matches = "sge|slurm")
    void aMapThatLosesANode() {
        boolean sge = System.getProperty("qmr.test.cluster.kill").equals("sge");
        Mode mode = Mode.valueOf(System.getProperty("qmr.test.cluster.mode", "PULL"));
        List<Integer> tasks = IntStream.range(0, 300).boxed().toList();
        List<TaskResult<Integer>> results = new ArrayList<>();
        long start = System.nanoTime();
        try (Pool pool = Pool.builder().queue(sge ? Queues.sge() : Queues.slurm()).workDir(shared).mode(mode)
                .chunkSize(10).pollInterval(Duration.ofMillis(250)).listener(e -> {
                    events.add(e);
                    if (!(e instanceof MapEvent.Progress)) {
                        System.out.printf("%6.1f s %s%n", (System.nanoTime() - start) / 1e9, e);
                    }
                }).build();
                ResultStream<Integer> stream = pool.stream(SlowEcho.class, tasks)) {
            stream.forEachRemaining(results::add);
        } catch (RuntimeException e) {
            System.out.printf("%6.1f s the map failed: %s%n", (System.nanoTime() - start) / 1e9, e);
            throw e;
        } finally {
            System.out.printf("node-loss map (%s, %s): %d results in %.1f s%n", sge ? "SGE" : "Slurm", mode,
                    results.size(), (System.nanoTime() - start) / 1e9);
        }
        Map<String, Integer> perHost = new TreeMap<>();
        results.forEach(r -> perHost.merge(r.run() == null ? "?" : r.run().host(), 1, Integer::sum));
        System.out.println("node-loss map: tasks per host " + perHost);
        assertEquals(tasks.size(), results.size());
        results.forEach(r -> assertEquals((int) r.itask(), r.value(), r.toString()));
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
}
