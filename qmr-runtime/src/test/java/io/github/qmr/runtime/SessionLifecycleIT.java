package io.github.qmr.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.fixtures.AllFailThenHeld;
import io.github.qmr.runtime.fixtures.FailOnSevenThenHeld;
import io.github.qmr.runtime.fixtures.FailsFirstTime;
import io.github.qmr.runtime.fixtures.SlowEcho;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session's life on the local queue: one live owner, failures said early and retried on rerun, early stops. */
class SessionLifecycleIT {
    @TempDir
    Path workDir;

    private final List<MapEvent> events = new ArrayList<>();

    private List<String> said() {
        return events.stream().map(Object::toString).toList();
    }

    private Pool.Builder pool() {
        return Pool.builder().workDir(workDir).listener(events::add);
    }

    /**
     * Issue 24: a caller busy between two results, and the same map started on another host (a UTS namespace of its
     * own, so another host name): the first session's lease is renewed by its own thread meanwhile, so the second sees
     * it change and is refused; the first then completes.
     */
    @Test
    void aBusyCallerStillHoldsItsSessionAgainstTheSameMapStartedOnAnotherHost() throws Exception {
        Path work = workDir.resolve("work");
        Path err = workDir.resolve("err");
        try (Pool first = io.github.qmr.runtime.fixtures.MapOnTheLocalQueue.pool(work).build();
                ResultStream<Integer> running = first.stream(SlowEcho.class,
                        io.github.qmr.runtime.fixtures.MapOnTheLocalQueue.TASKS)) {
            // busy from here on: no call into the session until the second has ended
            Process second = new ProcessBuilder("unshare", "--uts", "sh", "-c",
                    "hostname qmr-other-host && exec \"$0\" \"$@\"",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), io.github.qmr.runtime.fixtures.MapOnTheLocalQueue.class
                            .getName(), work.toString())
                    .redirectOutput(workDir.resolve("out").toFile()).redirectError(err.toFile()).start();
            try {
                // the lease is renewed every 15 s and watched for up to 60 s: a generous deadline
                assertTrue(second.waitFor(180, java.util.concurrent.TimeUnit.SECONDS), "the second run did not end");
            } finally {
                second.destroyForcibly();
            }
            String said = Files.readString(err);
            assertEquals(1, second.exitValue(), said);
            assertTrue(said.contains("session " + running.sessionId() + " of the same map is running now in " + work
                    + " (host " + Files.readString(Path.of("/proc/sys/kernel/hostname")).strip() + ", pid "
                    + ProcessHandle.current().pid() + ", since "), said);
            assertTrue(said.contains("; its lease " + work.resolve(running.sessionId()).resolve("lease")
                    + " is renewed): two runs of one map in one work dir would compete for its chunks"), said);
            List<Integer> values = new ArrayList<>();
            running.forEachRemaining(r -> values.add(r.value()));
            assertEquals(io.github.qmr.runtime.fixtures.MapOnTheLocalQueue.TASKS, values);
        }
    }

    @Test
    void aSecondRunOfTheSameMapWhileTheFirstIsAliveIsRefusedAtOnceAndTheFirstCompletes() {
        List<Integer> tasks = IntStream.range(0, 8).boxed().toList();
        try (Pool first = pool().chunkSize(1).build(); Pool second = pool().chunkSize(1).build();
                ResultStream<Integer> running = first.stream(SlowEcho.class, tasks)) {
            assertEquals(0, running.next().value());
            QmrException e = assertThrows(QmrException.class, () -> second.map(SlowEcho.class, tasks));
            assertTrue(e.getMessage().startsWith("session " + running.sessionId() + " of the same map is running now"
                    + " in " + workDir + " (host "), e.getMessage());
            assertTrue(e.getMessage().contains(", pid " + ProcessHandle.current().pid() + ", since "),
                    e.getMessage());
            assertTrue(e.getMessage().contains("two runs of one map in one work dir would compete for its chunks"),
                    e.getMessage());
            List<Integer> rest = new ArrayList<>(List.of(0));
            while (running.hasNext()) {
                rest.add(running.next().value());
            }
            assertEquals(tasks, rest, "the first run is untouched");
        }
    }

    @Test
    void aRerunRetriesTheChunksWhoseTasksFailedAndTakesOverTheRest() throws Exception {
        Path markers = Files.createDirectory(workDir.resolve("markers"));
        Path work = workDir.resolve("work");
        List<Integer> tasks = IntStream.range(0, 12).boxed().toList();
        Pool.Builder builder = Pool.builder().workDir(work).chunkSize(3).listener(events::add)
                .environment(EnvironmentPolicy.inherit().with("QMR_TEST_MARKERS", markers.toString()));
        try (Pool pool = builder.build()) {
            MapException e = assertThrows(MapException.class, () -> pool.map(FailsFirstTime.class, tasks));
            assertEquals(5, e.taskFailures().get(0).itask());
        }
        assertTrue(said().stream().anyMatch(n -> n.contains(": a task failed (chunk 1, itask 5 (5):"
                + " java.lang.IllegalStateException: a passing fault on task 5); the map goes on")), said().toString());
        events.clear();
        try (Pool pool = builder.build()) {
            assertEquals(tasks, pool.map(FailsFirstTime.class, tasks));
        }
        assertTrue(said().stream().anyMatch(n -> n.contains(": resuming: 3 of 4 chunks already done in [")
                && n.endsWith("; submitting the other 1, of which 1 had failed tasks and run again")),
                said().toString());
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("qmr-")).toList(),
                    "the superseded session is removed once taken over");
        }
    }

    /** Tasks held by the fixtures wait for this file, which no test creates: a map that stops deletes them first. */
    private Pool.Builder held() {
        return pool().chunkSize(1).maxWorkers(1).environment(EnvironmentPolicy.inherit()
                .with("QMR_TEST_RELEASE", workDir.resolve("never-released").toString()));
    }

    @Test
    void aMapStopsOnceMoreTasksFailedThanAllowedAndCountsWhatRanAndWhatDidNot() throws Exception {
        List<Integer> tasks = IntStream.range(0, 40).boxed().toList();
        MapException e;
        try (Pool pool = held().maxFailedTasks(0).build()) {
            e = assertThrows(MapException.class, () -> pool.map(FailOnSevenThenHeld.class, tasks));
        }
        assertEquals(List.of(7L), e.taskFailures().stream().map(TaskFailure::itask).toList());
        assertEquals(List.of(), e.chunkFailures(), "no chunk failed: the ones not run are not failures");
        assertEquals(1, e.failedCount());
        assertEquals(32, e.notRunCount());
        assertEquals(7, e.succeededCount());
        assertTrue(e.notRunChunks().stream().allMatch(c -> c.reason().equals("the map stopped early, as a task"
                + " failed, and the map stops at its first failed task")), e.notRunChunks().get(0).reason());
        assertTrue(e.getMessage().startsWith("1 of 40 tasks failed and 32 were not run; 7 succeeded; the work dir is"
                + " kept for inspection: "), e.getMessage());
        String[] lines = e.getMessage().split("\n");
        assertEquals("  itask 7 (chunk 7): java.lang.IllegalStateException: task 7 refused", lines[1],
                "the real cause comes first");
        assertEquals("  32 tasks in 32 chunks (chunk 8 to 39) not run: the map stopped early, as a task failed, and"
                + " the map stops at its first failed task", lines[2]);
        assertTrue(said().stream().anyMatch(n -> n.contains(": stopped early, as a task failed, and the map stops at"
                + " its first failed task; deleted its ") && n.contains("; 32 tasks in 32 chunks not run; work dir"
                + " kept at ")), said().toString());
        // the workers of this test's work dir: the suites of the real queues run beside it in this JVM
        assertEquals(List.of(), ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(workDir.toString())).toList(),
                "no worker is left running");
    }

    @Test
    void aSystematicFailureStopsTheMapAfterTheFirstTenFailedTasksByDefault() throws Exception {
        List<Integer> tasks = IntStream.range(0, 40).boxed().toList();
        MapException e;
        try (Pool pool = held().build()) {
            e = assertThrows(MapException.class, () -> pool.map(AllFailThenHeld.class, tasks));
        }
        assertEquals(10, e.failedCount());
        assertEquals(30, e.notRunCount());
        assertEquals(0, e.succeededCount());
        assertTrue(e.getMessage().startsWith("10 of 40 tasks failed and 30 were not run; 0 succeeded;"),
                e.getMessage());
        assertTrue(e.getMessage().contains("\n  30 tasks in 30 chunks (chunk 10 to 39) not run: the map stopped"
                + " early, as the first 10 tasks to finish all failed, which looks systematic\n"), e.getMessage());
        assertTrue(said().stream().anyMatch(n -> n.contains(": a task failed (chunk 0, itask 0 (0):"
                + " java.lang.IllegalStateException: task 0 cannot find its input)")),
                said().toString());
    }

    @Test
    void aSessionFolderRemovedUnderTheMapIsReportedAsExactlyThat() throws Exception {
        List<Integer> tasks = IntStream.range(0, 16).boxed().toList();
        try (Pool pool = pool().chunkSize(1).maxWorkers(1).build();
                ResultStream<Integer> results = pool.stream(SlowEcho.class, tasks)) {
            assertEquals(0, results.next().value());
            Path session = workDir.resolve(results.sessionId());
            // the worker keeps writing into it: delete until nothing is left, as a clean-up job would
            for (int attempt = 0; Files.exists(session); attempt++) {
                try {
                    TestFiles.deleteTree(session);
                } catch (java.io.IOException | java.io.UncheckedIOException raced) {
                    assertTrue(attempt < 100, "cannot delete " + session + ": " + raced);
                }
            }
            QmrException e = assertThrows(QmrException.class, () -> {
                while (results.hasNext()) {
                    results.next();
                }
            });
            assertTrue(e.getMessage().startsWith("the session folder " + session + " vanished while the map ran"),
                    e.getMessage());
        }
        // nothing is kept, so nothing is said to be kept or resumable
        List<String> said = said();
        assertTrue(said.stream().anyMatch(n -> n.endsWith(" is gone, so no work is kept; running the map again starts"
                + " it anew")), said.toString());
        assertTrue(said.stream().noneMatch(n -> n.contains("work dir kept at") || n.contains("to resume it")),
                said.toString());
    }

    /**
     * Issue 24: the session's secret deleted under a running map. Each later worker refuses the session's files; the
     * map says so once, with what to do (no guess about java or the classpath, no stack trace per chunk), and
     * counts the other chunks as failed the same way.
     */
    @Test
    void aSessionSecretDeletedUnderTheMapIsSaidOnceWithWhatToDo() {
        List<Integer> tasks = IntStream.range(0, 6).boxed().toList();
        MapException e;
        // one slot: task 0's job ends before the next starts, so every later one meets the missing secret
        try (Pool pool = pool().queue(Queues.local(1)).mode(Mode.JOBS).chunkSize(1).maxFailedTasks(10).build()) {
            e = assertThrows(MapException.class,
                    () -> pool.map(io.github.qmr.runtime.fixtures.DeletesItsSessionSecret.class, tasks));
        }
        assertEquals(5, e.failedCount(), e.getMessage());
        Path session = e.keptWorkDir();
        String said = e.getMessage();
        assertTrue(said.contains("\n  chunk 1 (itask 1, queue-job 2): the worker failed:"
                + " io.github.qmr.runtime.codec.CodecException: cannot read " + session.resolve("function.bin")
                + ": the session's secret " + session.resolve("session.secret") + " is missing (deleted after the"
                + " session began, or the folder was not made by this version of qmr), so no file of the session can"
                + " be checked and the session cannot go on: delete the session folder " + session + " and run the"
                + " map again"), said);
        assertTrue(said.contains("\n  4 more chunks failed the same way as chunk 1: 2..5"), said);
        assertEquals(1, said.split("stderr \\(end\\)", -1).length - 1, "one stderr for the one cause: " + said);
        assertTrue(!said.contains("\tat ") && !said.contains("Check the workers' java"), said);
    }
}
