package io.github.qmr.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.fixtures.GatedRuns;
import io.github.qmr.runtime.fixtures.SubmitGatedRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plain Java's submit and walk away on the local queue: {@code pool.submit} hands the map to a monitor process of its
 * own, which outlives the JVM that submitted; {@code Pool.attach} finds it again by its session id. The map's progress
 * is ordered by gate files ({@link GatedRuns}), never by time, and each run of a task leaves a marker file.
 */
class DetachedPoolIT {
    @TempDir
    Path root;
    Path work;
    Path markers;
    Path gates;
    final List<MapEvent> events = new ArrayList<>();

    @BeforeEach
    void folders() throws Exception {
        work = root.resolve("work");
        markers = Files.createDirectory(root.resolve("runs"));
        gates = Files.createDirectory(root.resolve("gates"));
    }

    @Test
    void aMapSubmittedFromAJvmThatIsKilledGoesOnAndAttachGivesTheResultsOfAMap() throws Exception {
        Path idFile = root.resolve("session-id");
        Process submitter = SubmitGatedRuns.process("local", MonitorHost.PROCESS, work, markers, gates, idFile,
                root.resolve("submitter.log")).start();
        String id;
        try {
            waitFor(() -> Files.exists(idFile) || !submitter.isAlive(), "the submitter to write the session id");
            assertTrue(submitter.isAlive(), Files.readString(root.resolve("submitter.log")));
            id = Files.readString(idFile);
        } finally {
            submitter.destroyForcibly(); // SIGKILL: nothing of the submitting JVM runs after this
        }
        assertTrue(submitter.waitFor(30, TimeUnit.SECONDS));
        long resultsBefore = results(id);
        Files.createFile(gates.resolve("go")); // only now may a task end: every result comes after the kill
        assertEquals(0, resultsBefore, "no task could end before the gate");
        waitFor(() -> results(id) >= 2, "chunks 0 and 1 to be done after the submitter was killed");

        SubmittedMap<Integer> map = Pool.attach(work, id);
        SessionStatus status = map.status();
        assertEquals(6, status.chunks());
        assertEquals(2, status.done(), status.toString());
        assertNotNull(status.heldBy(), "the monitor holds the session: " + status);
        assertFalse(status.heldBy().contains("pid " + ProcessHandle.current().pid()), status.heldBy());
        assertTrue(Files.readString(map.monitorLog()).contains("qmr monitor: following session " + id),
                Files.readString(map.monitorLog()));

        Files.createFile(gates.resolve("rest"));
        List<Integer> collected = map.await();
        List<Integer> mapped;
        Path otherWork = root.resolve("other-work");
        try (Pool pool = SubmitGatedRuns.pool(Queues.local(2), otherWork, Files.createDirectory(root.resolve("runs2")),
                gates).build()) {
            mapped = pool.map(GatedRuns.class, SubmitGatedRuns.TASKS);
        }
        assertEquals(mapped, collected);
        assertEachTaskRanOnce();
        assertFalse(Files.exists(work.resolve(id)), "the session folder is removed once its results were read");
    }

    @Test
    void aMonitorKilledMidMapIsAdoptedByAttachAndNoTaskRunsTwice() throws Exception {
        SubmittedMap<Integer> map;
        try (Pool pool = SubmitGatedRuns.pool(Queues.local(2), work, markers, gates).listener(events::add).build()) {
            map = pool.submit(GatedRuns.class, SubmitGatedRuns.TASKS);
        }
        Files.createFile(gates.resolve("go"));
        // chunks 0 and 1 done, and the two workers held in tasks 4 and 6 (chunks 2 and 3)
        waitFor(() -> results(map.sessionId()) >= 2 && ran(4) && ran(6), "chunks 0 and 1 done, 2 and 3 running");
        ProcessHandle monitor = monitorOf(map);
        monitor.destroyForcibly(); // SIGKILL: no hook runs; its workers go on
        waitFor(() -> !monitor.isAlive(), "the monitor to die");
        assertNull(map.status().heldBy(), map.status().toString());

        Files.createFile(gates.resolve("rest"));
        List<MapEvent> said = new ArrayList<>();
        List<Integer> results = Pool.<Integer>attach(work, map.sessionId(), said::add,
                getClass().getClassLoader()).await();
        assertEquals(SubmitGatedRuns.TASKS, results);
        assertEachTaskRanOnce();
        assertTrue(said.stream().anyMatch(e -> e instanceof MapEvent.Notice n && n.text().contains(
                "its monitor is gone without an end")), said.toString());
    }

    @Test
    void cancelStopsTheMonitorAndLeavesNoWorkerRunning() throws Exception {
        SubmittedMap<Integer> map;
        try (Pool pool = SubmitGatedRuns.pool(Queues.local(2), work, markers, gates).build()) {
            map = pool.submit(GatedRuns.class, SubmitGatedRuns.TASKS);
        }
        waitFor(() -> ran(0) && ran(2), "both workers to be in a task");
        ProcessHandle monitor = monitorOf(map);
        String said = map.cancel();
        assertTrue(said.contains("stopped its monitor process " + monitor.pid()), said);
        assertFalse(monitor.isAlive());
        waitFor(() -> processesNaming(map.folder()).isEmpty(), "no process of the session left");
        assertNull(map.status().heldBy(), map.status().toString());
        assertTrue(Files.readString(map.monitorLog()).contains("stopped before the end"),
                Files.readString(map.monitorLog()));
    }

    @Test
    void aQueueJobMonitorIsRefusedOnTheLocalQueueBeforeAnythingIsStaged() {
        try (Pool pool = SubmitGatedRuns.pool(Queues.local(2), work, markers, gates).build()) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> pool.submit(GatedRuns.class, SubmitGatedRuns.TASKS, MonitorHost.JOB));
            assertTrue(e.getMessage().contains("the monitor cannot run as a job of the local queue"), e.getMessage());
        }
        assertEquals(List.of(), SessionStatus.in(work));
    }

    @Test
    void attachingToASessionThatIsNotThereSaysWhere() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Pool.attach(work, "qmr-20260101T000000Z-abcd"));
        assertTrue(e.getMessage().contains("no session qmr-20260101T000000Z-abcd in the work dir " + work),
                e.getMessage());
    }

    private ProcessHandle monitorOf(SubmittedMap<?> map) {
        List<ProcessHandle> found = ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c
                .contains("DetachedMonitor") && c.contains(map.folder().toString())).orElse(false)).toList();
        assertEquals(1, found.size(), "one monitor process: " + found);
        return found.get(0);
    }

    private static List<ProcessHandle> processesNaming(Path folder) {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(
                folder.toString())).orElse(false)).toList();
    }

    private long results(String id) {
        try (var files = Files.walk(work.resolve(id).resolve("chunks"))) {
            return files.filter(f -> f.toString().endsWith(".result")).count();
        } catch (Exception e) {
            return -1;
        }
    }

    private boolean ran(int task) {
        try (var files = Files.list(markers)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("run-" + task + "-"));
        } catch (Exception e) {
            return false;
        }
    }

    private void assertEachTaskRanOnce() throws Exception {
        List<String> runs;
        try (var files = Files.list(markers)) {
            runs = files.map(f -> f.getFileName().toString()).toList();
        }
        for (int task : SubmitGatedRuns.TASKS) {
            assertEquals(1, runs.stream().filter(r -> r.startsWith("run-" + task + "-")).count(),
                    "runs of task " + task + ": " + runs);
        }
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "waited 120 s for " + what);
            Thread.sleep(50);
        }
    }
}
