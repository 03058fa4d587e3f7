package io.github.qmr.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.fixtures.AllocateOnTask;
import io.github.qmr.runtime.fixtures.Describe;
import io.github.qmr.runtime.fixtures.ExitOnTask;
import io.github.qmr.runtime.fixtures.FailOnMultiplesOfSeven;
import io.github.qmr.runtime.fixtures.Point;
import io.github.qmr.runtime.fixtures.ReadEnv;
import io.github.qmr.runtime.fixtures.SlowEcho;
import io.github.qmr.runtime.fixtures.Square;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end through the real file protocol: worker JVMs started by the embedded local queue. */
class LocalMapIT {
    @TempDir
    Path workDir;

    private final List<MapEvent> events = new ArrayList<>();

    private Pool.Builder pool() {
        return Pool.builder().workDir(workDir).listener(events::add);
    }

    private List<Path> sessionFolders() throws Exception {
        try (Stream<Path> s = Files.list(workDir)) {
            return s.toList();
        }
    }

    @Test
    void tenThousandTasksInThirtySevenChunksComeBackInTaskOrder() throws Exception {
        List<Integer> tasks = IntStream.range(0, 10_000).boxed().toList();
        try (Pool pool = pool().numChunks(37).build()) {
            List<Long> results = pool.map(Square.class, tasks);
            assertEquals(10_000, results.size());
            for (int i = 0; i < tasks.size(); i++) {
                assertEquals((long) i * i, results.get(i), "result of itask " + i);
            }
        }
        // ceil(10000/37) = 271 tasks per chunk -> 37 chunks, as the original tool plans them
        MapEvent.Progress last = (MapEvent.Progress) events.stream().filter(e -> e instanceof MapEvent.Progress)
                .reduce((a, b) -> b).orElseThrow();
        assertEquals(37, last.chunks());
        assertEquals(37, last.done());
        assertEquals(List.of(), sessionFolders(), "the session folder is removed after full success");
    }

    /**
     * A queue whose jobs run off this node gets the classpath staged in the work dir by default: the workers run from
     * the staged jars, and a later pool reuses them.
     */
    @Test
    void offThisNodeTheClasspathIsStagedInTheWorkDirAndReused() throws Exception {
        List<String> notices = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            try (Pool pool = Pool.builder().queue(new io.github.qmr.runtime.queue.ForwardingQueue("elsewhere",
                    Queues.local(2)) {
                        @Override
                        public boolean runsOnThisNode() {
                            return false;
                        }
                    }).workDir(workDir).listener(e -> {
                        if (e instanceof MapEvent.Notice n && n.text().startsWith("worker classpath:")) {
                            notices.add(n.text());
                        }
                    }).build()) {
                assertTrue(pool.plan().stagesClasspath());
                assertEquals(List.of(1L, 4L, 9L), pool.map(Square.class, List.of(1, 2, 3)));
            }
        }
        Path staged = workDir.resolve("classpath");
        long jars;
        try (Stream<Path> s = Files.list(staged)) {
            jars = s.filter(f -> f.getFileName().toString().matches("[0-9a-f]{64}\\.jar")).count();
        }
        assertTrue(jars > 0, "jars staged in " + staged);
        assertEquals(2, notices.size(), notices.toString());
        assertTrue(notices.get(0).matches("worker classpath: " + jars + " jars in " + java.util.regex.Pattern.quote(
                staged.toString()) + " \\(" + jars + " new, 0 reused\\)"), notices.get(0));
        assertTrue(notices.get(1).endsWith("(0 new, " + jars + " reused)"), notices.get(1));
    }

    @Test
    void eachResultSaysWhenAndOnWhichHostItsTaskRan() throws Exception {
        java.time.Instant before = java.time.Instant.now().minusSeconds(1);
        List<TaskResult<Long>> results = new ArrayList<>();
        try (Pool pool = pool().numChunks(2).build();
                ResultStream<Long> stream = pool.stream(Square.class, List.of(1, 2, 3, 4))) {
            stream.forEachRemaining(results::add);
        }
        java.time.Instant after = java.time.Instant.now().plusSeconds(1);
        assertEquals(4, results.size());
        for (TaskResult<Long> r : results) {
            TaskRun run = r.run();
            assertNotNull(run, "itask " + r.itask() + " has its run facts");
            assertTrue(run.start().isAfter(before) && run.end().isBefore(after), run.toString());
            assertFalse(run.end().isBefore(run.start()), run.toString());
            assertFalse(run.host().isBlank());
            assertNull(run.jobId(), "the local queue sets no job id");
        }
    }

    @Test
    void aNonAsciiWorkDirWorksEvenWhereTheQueueStartsWorkersInTheCLocale() throws Exception {
        // SGE's execd starts jobs with LC_ALL=C; here the launcher gets it from the environment policy instead
        Path dir = workDir.resolve("wörk dir π");
        try (Pool pool = Pool.builder().workDir(dir).numChunks(2)
                .environment(EnvironmentPolicy.inherit().with("LC_ALL", "C")).build()) {
            assertEquals(List.of(1L, 4L, 9L, 16L), pool.map(Square.class, List.of(1, 2, 3, 4)));
        }
    }

    @Test
    void emptyTaskListGivesEmptyResultWithoutSubmittingAnything() throws Exception {
        CountingQueue queue = new CountingQueue();
        try (Pool pool = pool().queue(queue).build()) {
            assertEquals(List.of(), pool.map(Square.class, List.of()));
        }
        assertEquals(0, queue.submitted);
        assertEquals(List.of(), sessionFolders());
    }

    @Test
    void userTypesTravelBothWaysWithoutRegistrationCode() {
        List<Point> tasks = List.of(
                new Point("a", new double[] {3, 4}, List.of(Map.of("x", 1), Map.of("x", 2, "y", 3))),
                new Point("b", new double[] {}, List.of()),
                new Point("c", new double[] {1, 1, 1, 1}, List.of(Map.of("z", -1))));
        try (Pool pool = pool().chunkSize(2).build()) {
            List<Describe.Summary> out = pool.map(Describe.class, tasks);
            assertEquals(new Describe.Summary("a", 5.0, 2, Map.of("x", List.of(1, 2), "y", List.of(3))), out.get(0));
            assertEquals(new Describe.Summary("b", 0.0, 0, Map.of()), out.get(1));
            assertEquals(new Describe.Summary("c", 2.0, 1, Map.of("z", List.of(-1))), out.get(2));
        }
    }

    @Test
    void aLambdaCapturingAValueRunsOnTheWorkers() {
        int offset = 1000;
        try (Pool pool = pool().numChunks(3).build()) {
            List<Integer> out = pool.map((Integer t) -> t + offset, List.of(1, 2, 3, 4, 5));
            assertEquals(List.of(1001, 1002, 1003, 1004, 1005), out);
        }
    }

    @Test
    void streamingGivesEachResultInTaskOrderWithItsIndex() {
        try (Pool pool = pool().chunkSize(3).build();
                ResultStream<Long> results = pool.stream(Square.class, () -> IntStream.range(0, 10).iterator())) {
            assertEquals(4, results.chunkCount());
            long expected = 0;
            while (results.hasNext()) {
                TaskResult<Long> r = results.next();
                assertEquals(expected, r.itask());
                assertTrue(r.succeeded());
                assertEquals(expected * expected, r.value());
                expected++;
            }
            assertEquals(10, expected);
            assertNull(results.keptWorkDir());
        }
    }

    /** Issue 18: a null result fails its task on the worker too, unless the function declares null a result. */
    @Test
    void aNullResultFailsItsTaskUnlessTheFunctionDeclaresNullAResult() throws Exception {
        List<Integer> tasks = IntStream.range(0, 6).boxed().toList();
        MapException e;
        try (Pool pool = pool().chunkSize(3).build()) {
            e = assertThrows(MapException.class, () -> pool.map(io.github.qmr.runtime.fixtures.NullForOdd.class,
                    tasks));
            assertEquals(Arrays.asList(0, null, 2, null, 4, null),
                    pool.map(io.github.qmr.runtime.fixtures.NullForOdd.Declared.class, tasks));
        }
        assertEquals(List.of(1L, 3L, 5L), e.taskFailures().stream().map(TaskFailure::itask).toList());
        TaskFailure first = e.taskFailures().get(0);
        assertEquals("io.github.qmr.runtime.NullResult", first.exceptionClass());
        assertEquals("itask 1 returned null; a null would reach the reducer and the outputs as a missing value. Return"
                + " a value, or, if null is a result of io.github.qmr.runtime.fixtures.NullForOdd, override"
                + " mayReturnNull() to return true", first.message());
        assertTrue(e.getMessage().startsWith("3 of 6 tasks failed"), e.getMessage());
        assertEquals(3, e.succeededCount());
    }

    @Test
    void aTaskThatThrowsIsNamedWithItsExceptionAndTheOtherResultsRemainReachable() throws Exception {
        List<Integer> tasks = IntStream.range(0, 20).boxed().toList();
        MapException e;
        try (Pool pool = pool().chunkSize(6).build()) {
            e = assertThrows(MapException.class, () -> pool.map(FailOnMultiplesOfSeven.class, tasks));
        }
        assertEquals(List.of(7L, 14L), e.taskFailures().stream().map(TaskFailure::itask).toList());
        TaskFailure first = e.taskFailures().get(0);
        assertEquals(1, first.ichunk());
        assertEquals("java.lang.IllegalStateException", first.exceptionClass());
        assertEquals("task 7 is a multiple of seven", first.message());
        assertTrue(first.stackTrace().contains("FailOnMultiplesOfSeven.apply"), first.stackTrace());
        assertTrue(e.getMessage().startsWith("2 of 20 tasks failed"), e.getMessage());
        assertTrue(e.getMessage().contains("itask 7 (chunk 1): java.lang.IllegalStateException: task 7 is a multiple"),
                e.getMessage());
        assertEquals(12, e.results().get(6));
        assertNull(e.results().get(7));
        assertEquals(38, e.results().get(19));
        assertFalse(e.succeeded(14));
        assertTrue(e.succeeded(13));
        assertNotNull(e.keptWorkDir());
        assertTrue(Files.isDirectory(e.keptWorkDir()), "the work dir is kept on failure");
        assertTrue(e.getMessage().contains(e.keptWorkDir().toString()));
    }

    @Test
    void aWorkerThatCallsSystemExitIsReportedWithChunkExitCodeAndStderr() {
        List<Integer> tasks = IntStream.range(0, 12).boxed().toList();
        MapException e;
        try (Pool pool = pool().chunkSize(4).build()) {
            e = assertThrows(MapException.class, () -> pool.map(ExitOnTask.class, tasks));
        }
        assertEquals(1, e.chunkFailures().size());
        ChunkFailure c = e.chunkFailures().get(0);
        assertEquals(1, c.ichunk());
        assertEquals(4, c.firstItask());
        assertEquals(4, c.taskCount());
        assertEquals(3, c.exitCode());
        assertTrue(c.stderrTail().contains("about to exit on task 5"), c.stderrTail());
        assertTrue(e.getMessage().contains("chunk 1 (itasks 4..7"), e.getMessage());
        assertTrue(e.getMessage().contains("exit code 3"), e.getMessage());
        assertTrue(c.reason().startsWith("the worker JVM exited while running itask 5 (System.exit in the function,"
                + " or a signal); it ended with exit code 3 without writing a result"), c.reason());
        assertEquals(3, e.results().get(3));
        assertNull(e.results().get(4));
        assertEquals(8, e.results().get(8));
    }

    @Test
    void aTaskThatRunsOutOfMemoryFailsAloneWithTheError() {
        MapException e;
        try (Pool pool = pool().chunkSize(5).jvmOptions(List.of("-Xmx64m", "-XX:+UseSerialGC")).build()) {
            e = assertThrows(MapException.class, () -> pool.map(AllocateOnTask.class, List.of(0, 1, 2, 3, 4)));
        }
        assertEquals(1, e.taskFailures().size());
        TaskFailure f = e.taskFailures().get(0);
        assertEquals(2, f.itask());
        assertEquals(0, f.ichunk());
        assertEquals("java.lang.OutOfMemoryError", f.exceptionClass());
        assertEquals(List.of(0, 1), e.results().subList(0, 2));
        assertEquals(List.of(3, 4), e.results().subList(3, 5));
    }

    @Test
    void aTasksCpuTimeAndPeakMemoryAreMeasuredWithinTenPercentOfWhatTheKernelCounted() {
        List<TaskResult<List<Long>>> results = new ArrayList<>();
        long start = System.nanoTime();
        try (Pool pool = pool().build(); ResultStream<List<Long>> stream = pool.stream(
                io.github.qmr.runtime.fixtures.BurnAndHold.class, List.of("1500,300"))) {
            stream.forEachRemaining(results::add);
        }
        List<Long> kernel = results.get(0).value();
        TaskRun run = results.get(0).run();
        assertTrue(kernel.get(1) >= 270L << 20, "the task held 300 MiB resident: " + kernel);
        long cpu = run.cpu().toNanos();
        assertTrue(Math.abs(cpu - kernel.get(0)) <= kernel.get(0) / 10, "measured CPU " + cpu + " ns, the kernel"
                + " counted " + kernel.get(0) + " ns");
        assertTrue(Math.abs(run.peakMemory() - kernel.get(2)) <= kernel.get(2) / 10, "measured peak "
                + run.peakMemory() + " bytes, resident while holding " + kernel.get(2));
        System.out.printf("local: CPU %.3f s (kernel %.3f s), peak %d MiB (resident %d MiB): %.2f s%n", cpu / 1e9,
                kernel.get(0) / 1e9, run.peakMemory() >> 20, kernel.get(2) >> 20, (System.nanoTime() - start) / 1e9);
    }

    @Test
    void aTaskPastItsTimeLimitFailsAndTheWorkerGoesOnWhetherOrNotItStopsWhenInterrupted() {
        long start = System.nanoTime();
        MapException e;
        // chunk 0: a task that stops when interrupted, then one that does not (its worker ends, the chunk runs again
        // for the task after it); chunk 1: one that does not stop as the chunk's last task
        try (Pool pool = pool().chunkSize(5).taskTimeLimit(java.time.Duration.ofSeconds(1)).build()) {
            e = assertThrows(MapException.class, () -> pool.map(
                    io.github.qmr.runtime.fixtures.PastTheTimeLimit.class, List.of(0, 1, 0, 2, 0, 0, 2)));
        }
        assertEquals(List.of(), e.chunkFailures(), e.getMessage());
        assertEquals(List.of(1L, 3L, 6L), e.taskFailures().stream().map(TaskFailure::itask).toList());
        for (TaskFailure f : e.taskFailures()) {
            assertEquals("io.github.qmr.runtime.TaskTimeLimitExceeded", f.exceptionClass(), f.toString());
        }
        assertEquals("itask 1 ran past the task time limit of 1 s (taskTimeLimit) and was interrupted",
                e.taskFailures().get(0).message());
        assertEquals("itask 3 ran past the task time limit of 1 s (taskTimeLimit) and did not stop when interrupted;"
                + " its worker was ended", e.taskFailures().get(1).message());
        assertEquals("itask 6 ran past the task time limit of 1 s (taskTimeLimit) and did not stop when interrupted;"
                + " its worker was ended", e.taskFailures().get(2).message());
        assertEquals(Arrays.asList(0, null, 0, null, 0, 0, null), e.results());
        System.out.printf("local: three tasks past a 1 s limit failed, the others ran: %.2f s%n",
                (System.nanoTime() - start) / 1e9);
    }

    @Test
    void environmentValuesWithAwkwardCharactersArriveUnchanged() {
        String awkward = "it's \"quoted\" $HOME `id` $(id) ; rm -rf / \\ back\nnew line\ttab ' end";
        try (Pool pool = pool().environment(EnvironmentPolicy.inherit().with("QMR_SET_VALUE", awkward)).build()) {
            List<String> out = pool.map(ReadEnv.class, List.of("QMR_SET_VALUE", "QMR_TEST_AWKWARD", "HOME"));
            assertEquals(awkward, out.get(0));
            assertEquals(System.getenv("QMR_TEST_AWKWARD"), out.get(1), "inherited from the process node");
            assertNotNull(System.getenv("QMR_TEST_AWKWARD"), "the build sets QMR_TEST_AWKWARD for this test");
            assertEquals(System.getenv("HOME"), out.get(2));
        }
    }

    @Test
    void closingTheStreamMidRunStopsEveryWorkerAndKeepsTheWorkDir() throws Exception {
        List<Integer> tasks = IntStream.range(0, 40).boxed().toList();
        try (Pool pool = pool().chunkSize(4).build()) {
            ResultStream<Integer> results = pool.stream(SlowEcho.class, tasks);
            assertEquals(0, results.next().value());
            String session = results.sessionId();
            assertTrue(ProcessHandle.allProcesses().anyMatch(p -> p.isAlive() && p.info().commandLine().orElse("")
                    .contains(session)), "workers are running");
            results.close();
            List<String> left = ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                    .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).filter(c -> c.contains(session))
                    .toList();
            assertEquals(List.of(), left, "no worker of the session is left running");
            List<Path> kept = sessionFolders();
            assertEquals(1, kept.size(), "the work dir is kept after a stop");
            List<String> said = events.stream().map(Object::toString).toList();
            assertTrue(said.contains(session + ": stopped before the end; deleted its 2 queue-jobs"), said.toString());
            assertTrue(said.contains(session + ": work dir kept at " + kept.get(0)), said.toString());
            assertTrue(said.contains(session + ": run the same map again to resume it: chunks already done are not"
                    + " run again"), said.toString());
        }
    }

    @Test
    void theSessionFolderIsOwnerOnlyAndKeptWhenAsked() throws Exception {
        try (Pool pool = pool().keepWorkDir(true).build()) {
            pool.map(Square.class, List.of(1, 2, 3));
        }
        List<Path> sessions = sessionFolders();
        assertEquals(1, sessions.size());
        Path session = sessions.get(0);
        assertTrue(session.getFileName().toString().matches("qmr-\\d{8}T\\d{6}Z-[0-9a-f]{4}"), session.toString());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(session)));
        try (Stream<Path> files = Files.walk(session)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(f));
                assertTrue(perms.startsWith("rw") && perms.endsWith("------"), f + " has " + perms);
            }
        }
        assertTrue(Files.exists(session.resolve("chunks/000000/000000000.result")));
    }

    /** Sums squares: the reducer of {@link #mapReduceGivesEveryTaskAndResultToTheReducerInTaskOrder}. */
    public static final class SumOfSquares implements Reducer<Integer, Long, String> {
        private final StringBuilder seen = new StringBuilder();
        private long sum;

        @Override
        public void add(Integer task, Long result) {
            seen.append(task).append(' ');
            sum += result;
        }

        @Override
        public String result() {
            return seen.toString().strip() + " -> " + sum;
        }
    }

    @Test
    void mapReduceGivesEveryTaskAndResultToTheReducerInTaskOrder() {
        try (Pool pool = pool().chunkSize(2).build()) {
            assertEquals("0 1 2 3 4 -> 30", pool.mapReduce(Square.class, List.of(0, 1, 2, 3, 4), new SumOfSquares()));
        }
    }

    /**
     * kill -9 of the process that runs a map on the local queue leaves its worker processes running (the queue lived in
     * that process); a rerun must not run their chunks beside them: it waits for them and takes their results.
     */
    @Test
    void aRerunAfterTheProcessNodeWasKilledWaitsForItsLocalWorkersAndRunsNoTaskTwice() throws Exception {
        Path markers = Files.createDirectory(workDir.resolve("runs"));
        Path work = workDir.resolve("work");
        Path idFile = workDir.resolve("session-id");
        Process process = io.github.qmr.runtime.fixtures.MapCountedRuns.process("local", work, markers, idFile,
                workDir.resolve("out"), workDir.resolve("err")).start();
        String killed;
        try {
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(90).toNanos();
            while (markerCount(markers) < 6) { // some chunks done, some running
                assertTrue(process.isAlive(), "the map process ended early: "
                        + Files.readString(workDir.resolve("err")));
                assertTrue(System.nanoTime() < deadline, "the map never got going");
                Thread.sleep(100);
            }
            killed = Files.readString(idFile);
            process.destroyForcibly(); // SIGKILL: no shutdown hook runs, its local workers live on
            assertTrue(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            process.destroyForcibly();
        }
        List<String> said = new ArrayList<>();
        List<Integer> results;
        try (Pool pool = io.github.qmr.runtime.fixtures.MapCountedRuns.pool("local", work, markers)
                .listener(e -> said.add(e.toString())).build()) {
            results = pool.map(io.github.qmr.runtime.fixtures.CountedRuns.class,
                    io.github.qmr.runtime.fixtures.MapCountedRuns.TASKS);
        }
        assertEquals(io.github.qmr.runtime.fixtures.MapCountedRuns.TASKS, results);
        List<String> runs;
        try (var files = Files.list(markers)) {
            runs = files.map(f -> f.getFileName().toString()).toList();
        }
        for (int task : io.github.qmr.runtime.fixtures.MapCountedRuns.TASKS) {
            assertEquals(1, runs.stream().filter(r -> r.startsWith("run-" + task + "-")).count(),
                    "runs of task " + task + ": " + runs + "\n" + said);
        }
        assertEquals(List.of(), ProcessHandle.allProcesses().filter(p -> p.isAlive() && p.info().commandLine()
                .orElse("").contains(killed)).toList(), "no worker of the killed map is left");
    }

    private static long markerCount(Path markers) throws java.io.IOException {
        try (var files = Files.list(markers)) {
            return files.count();
        }
    }
}
