package io.github.qmr.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.fixtures.FailOnSevenThenHeld;
import io.github.qmr.runtime.fixtures.HeldUntilFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status of a running map, read from the work dir alone, as {@code qmr:status} shows it. */
class SessionStatusIT {
    @TempDir
    Path workDir;

    @Test
    void aRunningMapShowsItsChunksDoneAndItsProcessAndIsGoneOnceComplete() throws Exception {
        Path gate = workDir.getParent().resolve(workDir.getFileName() + ".gate");
        List<Integer> tasks = IntStream.range(0, 8).boxed().toList();
        try (Pool pool = Pool.builder().workDir(workDir).chunkSize(2).maxWorkers(2).environment(
                EnvironmentPolicy.inherit().with("QMR_TEST_GATE", gate.toString())).build();
                ResultStream<Integer> results = pool.stream(HeldUntilFile.class, tasks)) {
            // tasks 0 and 1 (chunk 0) are not held: once both are here, chunk 0 is done and every other is held
            assertEquals(0, results.next().value());
            assertEquals(10, results.next().value());
            List<SessionStatus> now = SessionStatus.in(workDir);
            assertEquals(1, now.size(), now.toString());
            SessionStatus s = now.get(0);
            assertEquals(results.sessionId(), s.sessionId());
            assertEquals(4, s.chunks());
            assertEquals(1, s.done());
            assertEquals(3, s.running() + s.waiting(), s.toString());
            assertNotNull(s.heldBy());
            assertTrue(s.heldBy().contains("pid " + ProcessHandle.current().pid()), s.heldBy());
            assertTrue(s.describe(Instant.now()).contains("1 of 4 chunks done"), s.describe(Instant.now()));
            Files.createFile(gate);
            int n = 2;
            while (results.hasNext()) {
                results.next();
                n++;
            }
            assertEquals(8, n);
        } finally {
            Files.deleteIfExists(gate);
        }
        assertEquals(List.of(), SessionStatus.in(workDir), "a completed session is removed");
    }

    @Test
    void theFailuresSoFarAreShownWithTheirTasksWhileTheMapRuns() throws Exception {
        Path release = workDir.getParent().resolve(workDir.getFileName() + ".release");
        List<Integer> tasks = IntStream.range(0, 10).boxed().toList();
        try (Pool pool = Pool.builder().workDir(workDir).chunkSize(2).maxWorkers(2).maxFailedTasks(10).environment(
                EnvironmentPolicy.inherit().with("QMR_TEST_RELEASE", release.toString())).build();
                ResultStream<Integer> results = pool.stream(FailOnSevenThenHeld.class, tasks)) {
            // task 7 fails in chunk 3 while tasks 8 and 9 (chunk 4) are held
            SessionStatus s = SessionStatus.in(workDir).get(0);
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (s.failures().isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "no failure noted: " + s.describe(Instant.now()));
                Thread.sleep(100);
                s = SessionStatus.in(workDir).get(0);
            }
            assertEquals(List.of("chunk 3: 1 failed task; the first: itask 7 (7): java.lang.IllegalStateException:"
                    + " task 7 refused"), s.failures());
            assertTrue(s.describe(Instant.now()).contains(". Failures so far:\n  chunk 3: 1 failed task; the first:"
                    + " itask 7 (7): "), s.describe(Instant.now()));
            Files.createFile(release);
            int failed = 0;
            while (results.hasNext()) {
                failed += results.next().succeeded() ? 0 : 1;
            }
            assertEquals(1, failed);
        } finally {
            Files.deleteIfExists(release);
        }
    }
}
