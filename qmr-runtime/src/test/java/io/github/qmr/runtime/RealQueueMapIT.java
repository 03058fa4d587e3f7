package io.github.qmr.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.fixtures.CountedRuns;
import io.github.qmr.runtime.fixtures.ExitOnce;
import io.github.qmr.runtime.fixtures.HeldUntilFile;
import io.github.qmr.runtime.fixtures.SlowWhenAsked;
import io.github.qmr.runtime.fixtures.MapCountedRuns;
import io.github.qmr.runtime.fixtures.MapUntilStopped;
import io.github.qmr.runtime.fixtures.ReadEnv;
import io.github.qmr.runtime.fixtures.SlowEcho;
import io.github.qmr.runtime.fixtures.Square;
import io.github.qmr.runtime.fixtures.StoppedMidChunk;
import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.QueueTiming;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on a real single-node queue: the one suite every queue flavour passes (SgeMapIT, SlurmMapIT). A
 * subclass says how to reach its queue and how to put a job into an error state there.
 */
public abstract class RealQueueMapIT {
    @TempDir
    protected Path workDir;

    protected final List<MapEvent> events = new ArrayList<>();

    /** Fails when the queue is unreachable and its test property says "required", else skips the test. */
    protected abstract void requireQueue();

    /** For the timing lines, e.g. "SGE". */
    protected abstract String flavour();

    /** The queue with default options. */
    protected abstract BatchQueue queue();

    /** The queue with default options and the given timing. */
    protected abstract BatchQueue queue(QueueTiming timing);

    /** The queue with job arrays of at most {@code maxArraySize} elements. */
    protected abstract BatchQueue queueWithArraysOf(int maxArraySize);

    /** A worker exit code the queue turns into an error state, and that state as {@code JobStatus.queueState}. */
    protected abstract int errorExitCode();

    protected abstract String errorState();

    /** The queue with a memory request of 1 GiB, and the heap the worker must get from it (MiB, inclusive). */
    protected abstract BatchQueue queueWithOneGigabyte();

    protected abstract long[] expectedHeapMiB();

    /**
     * The session's queue-jobs that are still pending or running, by the ids the engine gives them, e.g.
     * {@code "12.3 r"}, {@code "12_3 RUNNING"}.
     */
    protected abstract List<String> activeJobsNamed(String prefix);

    /** The argument of {@link MapUntilStopped} that picks this queue. */
    protected abstract String mapUntilStoppedQueue();

    /** Lines the queue reads as submit options when they head a job script, e.g. {@code #$ -l h_rt=0:0:1}. */
    protected abstract String directiveLines();

    /** The queue with a request it rejects at submission, and a fragment of the queue's own message about it. */
    protected abstract BatchQueue queueWithARejectedRequest();

    protected abstract String rejectionMessage();

    @BeforeEach
    void queueIsUp() {
        requireQueue();
    }

    /** Not staged: see {@link #pool(BatchQueue)}. */
    private static final WorkerSetup NOT_STAGED = WorkerSetup.defaults().withStageClasspath(false);

    /**
     * A pool on the queue in this test's work dir. The classpath is not staged: this single-node queue runs its jobs
     * where the classpath is, and staging (a copy of every jar, then a class-data archive made from them) costs each
     * test's first map seconds; staging is tested in {@code LocalMapIT} and used across nodes in {@code ClusterMapIT}.
     */
    protected Pool.Builder pool(BatchQueue queue) {
        return Pool.builder().workerSetup(NOT_STAGED).queue(queue).workDir(workDir).pollInterval(Duration.ofMillis(250))
                .listener(events::add);
    }

    private void thousandTasksInChunks(int chunks, Pool.Builder builder, String how) {
        List<Integer> tasks = IntStream.range(0, 1000).boxed().toList();
        long start = System.nanoTime();
        List<Long> out;
        try (Pool pool = builder.numChunks(chunks).build()) {
            out = pool.map(Square.class, tasks);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(tasks.stream().map(t -> (long) t * t).toList(), out);
        System.out.printf("real %s: 1000 tasks in %d chunks as %s: %.2f s wall%n", flavour(), chunks, how, seconds);
    }

    @Test
    void thousandTasksInTwentyChunksTakenByTwoWorkers() {
        thousandTasksInChunks(20, pool(queue()).maxWorkers(2), "2 pull-mode workers");
        assertTrue(events.stream().filter(e -> e instanceof MapEvent.Notice).noneMatch(e -> e.toString()
                .contains("released") || e.toString().contains("resubmitted")), events.toString());
    }

    /** Ten jobs: each wave of jobs costs SGE a few seconds, so ten, not twenty. */
    @Test
    void thousandTasksInTenChunksOneJobPerChunk() {
        thousandTasksInChunks(10, pool(queue()).mode(Mode.JOBS).jobArrays(false), "10 jobs");
    }

    @Test
    void thousandTasksInTwentyChunksAsOneArrayJob() {
        thousandTasksInChunks(20, pool(queue()).mode(Mode.JOBS).jobArrays(true), "one array job");
    }

    @Test
    void arraysAreSplitAtTheQueuesMaximum() {
        // ten chunks in arrays of at most 4: 4 + 4 + 2 (the queue refuses an array above its maximum); each wave of
        // jobs costs SGE seconds, so no more chunks than it takes to show a full split and a remainder
        List<Integer> tasks = IntStream.range(0, 40).boxed().toList();
        try (Pool pool = pool(queueWithArraysOf(4)).mode(Mode.JOBS).numChunks(10).build()) {
            assertEquals(tasks.stream().map(t -> (long) t * t).toList(), pool.map(Square.class, tasks));
        }
    }

    @Test
    void aJobInAnErrorStateIsDeletedAndResubmittedAndTheMapSucceeds() throws Exception {
        Path markers = Files.createDirectory(workDir.resolve("markers"));
        List<Integer> tasks = IntStream.range(0, 8).boxed().toList();
        for (boolean arrays : new boolean[] {false, true}) {
            Files.deleteIfExists(markers.resolve("attempted-3"));
            events.clear();
            try (Pool pool = pool(queue()).mode(Mode.JOBS).chunkSize(2).jobArrays(arrays)
                    .environment(EnvironmentPolicy.inherit().with("QMR_TEST_MARKERS", markers.toString())
                            .with("QMR_TEST_EXIT_CODE", Integer.toString(errorExitCode())))
                    .build()) {
                assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), pool.map(ExitOnce.class, tasks));
            }
            List<String> resubmitted = events.stream().filter(e -> e instanceof MapEvent.Notice).map(Object::toString)
                    .filter(e -> e.contains("resubmitted")).toList();
            assertEquals(1, resubmitted.size(), events.toString());
            assertTrue(resubmitted.get(0).startsWith("chunk 1: queue-job "), resubmitted.get(0));
            assertTrue(resubmitted.get(0).contains("was in error state '" + errorState() + "'"), resubmitted.get(0));
            System.out.printf("real %s, %s: %s%n", flavour(), arrays ? "array" : "one job per chunk", resubmitted.get(0));
        }
    }

    @Test
    void closingThePoolMidRunDeletesEveryJobOfTheSession() {
        List<Integer> tasks = IntStream.range(0, 40).boxed().toList();
        String session;
        try (Pool pool = pool(queue()).chunkSize(2).build()) {
            ResultStream<Integer> results = pool.stream(SlowEcho.class, tasks);
            session = results.sessionId();
            assertEquals(0, results.next().value());
            assertTrue(!activeJobsNamed(session).isEmpty(), "the session has jobs in the queue");
        } // Pool.close() without closing the stream: the pool deletes what the session left in the queue
        assertEquals(List.of(), activeJobsNamed(session));
    }

    @Test
    void anEnvironmentValueHoldingADirectiveLineDoesNotSetQueueOptions() {
        // On SGE without qsub -C '', "#$ -v QMR_INJECTED=yes" inside this value was read as an option of the job.
        String value = "first line\n" + directiveLines();
        try (Pool pool = pool(queue()).environment(EnvironmentPolicy.inherit().with("QMR_MULTILINE", value)).build()) {
            List<String> out = pool.map(ReadEnv.class, List.of("QMR_MULTILINE", "QMR_INJECTED"));
            assertEquals(value, out.get(0));
            assertEquals(null, out.get(1));
        }
    }

    @Test
    void stoppingTheProcessThatRunsTheMapDeletesEveryJobOfTheSessionWithin30Seconds() throws Exception {
        Path idFile = workDir.resolve("session-id");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MapUntilStopped.class.getName(), mapUntilStoppedQueue(),
                workDir.resolve("work").toString(), idFile.toString())
                .redirectOutput(workDir.resolve("out").toFile()).redirectError(workDir.resolve("err").toFile())
                .start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.exists(idFile) || Files.readString(idFile).isEmpty()) {
                assertTrue(process.isAlive(), "the map process ended early: " + Files.readString(workDir.resolve("err")));
                assertTrue(System.nanoTime() < deadline, "the map process never submitted its jobs");
                Thread.sleep(100);
            }
            String session = Files.readString(idFile);
            assertTrue(!activeJobsNamed(session).isEmpty(), "the session has jobs in the queue");
            process.destroy(); // SIGTERM, as Ctrl-C or a cancelled CI build sends
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the map process did not stop");
            List<String> left = activeJobsNamed(session);
            for (int i = 0; i < 120 && !left.isEmpty(); i++) {
                Thread.sleep(250);
                left = activeJobsNamed(session);
            }
            assertEquals(List.of(), left, "no job of the stopped session is left in the queue after 30 s");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void aRequestTheQueueRejectsFailsTheMapWithTheQueuesOwnMessage() {
        try (Pool pool = Pool.builder().workerSetup(NOT_STAGED).queue(queueWithARejectedRequest()).workDir(workDir)
                .build()) {
            QmrException e = assertThrows(QmrException.class, () -> pool.map(Square.class, List.of(1, 2, 3)));
            assertTrue(e.getMessage().contains(rejectionMessage()), e.getMessage());
        }
    }

    @Test
    void aMemoryRequestSizesTheWorkerHeapToFitIt() {
        try (Pool pool = Pool.builder().workerSetup(NOT_STAGED).queue(queueWithOneGigabyte()).workDir(workDir)
                .pollInterval(Duration.ofMillis(250)).build()) {
            List<Long> maxHeap = pool.map((Integer t) -> Runtime.getRuntime().maxMemory() >> 20, List.of(1, 2));
            // the JVM reports a little less than -Xmx (one survivor space)
            long[] range = expectedHeapMiB();
            assertTrue(maxHeap.get(0) >= range[0] && maxHeap.get(0) <= range[1], maxHeap + " not in " + range[0]
                    + ".." + range[1]);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Jobs killed for memory or time

    /** The queue's memory request as its own option after escalating 1 GiB by 2, e.g. {@code h_vmem=2048M}. */
    protected abstract String doubledMemoryRequest();

    /** 900 MiB held at once: past the heap qmr gives a worker under 1 GiB, within the one under 2 GiB. */
    private static final int PAST_ONE_GIGABYTE = 900;

    @Test
    void aTaskPastItsMemoryRequestFailsItsChunkAtOnceWithWhatItUsedAndRequested() {
        long start = System.nanoTime();
        try (Pool pool = pool(queueWithOneGigabyte()).mode(Mode.JOBS)
                .escalate(Escalation.OFF.withMemory(2, 1L << 30)).build()) {
            MapException e = assertThrows(MapException.class, () -> pool.map(
                    io.github.qmr.runtime.fixtures.HoldMebibytes.class, List.of(PAST_ONE_GIGABYTE)));
            assertEquals(1, e.chunkFailures().size(), e.getMessage());
            String reason = e.chunkFailures().get(0).reason();
            assertTrue(reason.contains("was killed for memory: used the worker JVM's heap limit (-Xmx) ")
                    && reason.contains("that is the cap (escalateMemoryCap 1073741824 bytes)"), reason);
            assertEquals(1, submittedJobs(), "never resubmitted unchanged");
        }
        System.out.printf("real %s: a chunk killed for memory failed at once: %.2f s%n", flavour(),
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * What the scheduler recorded that a job of ours asked for, polled until {@code expected} shows in it or a
     * generous deadline passes (SGE's accounting file is written about a second after a job ends), e.g. qacct's
     * {@code category} line, scontrol's {@code TimeLimit=... MinMemoryNode=...}.
     */
    protected abstract String schedulerRecord(String jobId, List<String> expected);

    /** The fragments of {@link #schedulerRecord} for 1 GiB of memory and a walltime of 10 minutes. */
    protected abstract List<String> recordedOneGigabyteForTenMinutes();

    /** The fragment of {@link #schedulerRecord} for the doubled memory request, 2 GiB. */
    protected abstract String recordedTwoGigabytes();

    /**
     * The CPU seconds the scheduler's accounting recorded for an ended job of ours, asked until it has the record or
     * a generous deadline passes; null when the queue keeps no accounting it can ask (this project's Slurm has no
     * slurmdbd).
     */
    protected abstract Double accountedCpuSeconds(String jobId);

    /**
     * The structured request (memory and walltime in qmr's own names, no flavour's options) reaches the scheduler as
     * its own options, and is what the escalation doubles: attempt 1 of a chunk past its memory is killed, attempt 2
     * asks the scheduler for twice the memory and succeeds.
     */
    @Test
    void withEscalationAChunkKilledPastItsStructuredMemoryRequestSucceedsOnItsSecondAttemptWithTwiceTheRequest() {
        long start = System.nanoTime();
        try (Pool pool = pool(queue()).mode(Mode.JOBS).jobArrays(false)
                .request(JobRequest.NONE.withMemory("1G").withWalltime("0:10:00"))
                .escalate(Escalation.OFF.withMemory(2, null)).build()) {
            List<Integer> out = pool.map(io.github.qmr.runtime.fixtures.HoldMebibytes.class,
                    List.of(PAST_ONE_GIGABYTE));
            assertEquals(List.of(PAST_ONE_GIGABYTE), out);
        }
        List<MapEvent.ChunkResubmitted> resubmitted = events.stream().filter(e -> e instanceof MapEvent
                .ChunkResubmitted).map(e -> (MapEvent.ChunkResubmitted) e).toList();
        assertEquals(1, resubmitted.size(), events.toString());
        assertEquals(2, resubmitted.get(0).attempt());
        assertTrue(resubmitted.get(0).reason().contains("was killed for memory")
                && resubmitted.get(0).reason().endsWith("the next attempt asks for " + doubledMemoryRequest()),
                resubmitted.get(0).reason());
        List<String> jobs = events.stream().filter(e -> e instanceof MapEvent.JobSubmitted)
                .map(e -> ((MapEvent.JobSubmitted) e).jobId()).toList();
        assertEquals(2, jobs.size(), events.toString());
        String first = schedulerRecord(jobs.get(0), recordedOneGigabyteForTenMinutes());
        for (String fragment : recordedOneGigabyteForTenMinutes()) {
            assertTrue(first.contains(fragment), fragment + " not in the record of job " + jobs.get(0) + ":\n" + first);
        }
        String second = schedulerRecord(jobs.get(1), List.of(recordedTwoGigabytes()));
        assertTrue(second.contains(recordedTwoGigabytes()), recordedTwoGigabytes() + " not in the record of job "
                + jobs.get(1) + ":\n" + second);
        System.out.printf("real %s: a chunk past its structured memory request succeeded on attempt 2 with %s: %.2f"
                + " s%n", flavour(), doubledMemoryRequest(), (System.nanoTime() - start) / 1e9);
    }

    /**
     * Pull mode: the chunk past its memory leaves the pull worker, which keeps the request of 1 GiB and ran the chunk
     * before it, for a job of its own asking the scheduler for twice that, where it succeeds.
     */
    @Test
    void inPullModeAChunkKilledPastItsMemoryRequestSucceedsInAJobOfItsOwnWithTwiceTheRequest() {
        long start = System.nanoTime();
        List<Integer> tasks = List.of(1, PAST_ONE_GIGABYTE);
        try (Pool pool = pool(queue()).maxWorkers(1).chunkSize(1)
                .request(JobRequest.NONE.withMemory("1G").withWalltime("0:10:00"))
                .escalate(Escalation.OFF.withMemory(2, null)).build()) {
            assertEquals(tasks, pool.map(io.github.qmr.runtime.fixtures.HoldMebibytes.class, tasks));
        }
        List<MapEvent.ChunkResubmitted> resubmitted = events.stream().filter(e -> e instanceof MapEvent
                .ChunkResubmitted).map(e -> (MapEvent.ChunkResubmitted) e).toList();
        assertEquals(1, resubmitted.size(), events.toString());
        assertEquals(1, resubmitted.get(0).ichunk());
        assertTrue(resubmitted.get(0).reason().startsWith("worker queue-job ")
                && resubmitted.get(0).reason().contains("was killed for memory")
                && resubmitted.get(0).reason().endsWith("the next attempt asks for " + doubledMemoryRequest()),
                resubmitted.get(0).reason());
        List<String> jobs = events.stream().filter(e -> e instanceof MapEvent.JobSubmitted)
                .map(e -> ((MapEvent.JobSubmitted) e).jobId()).toList();
        assertEquals(2, jobs.size(), "the pull worker, then the chunk's own job: " + events);
        String own = schedulerRecord(jobs.get(1), List.of(recordedTwoGigabytes()));
        assertTrue(own.contains(recordedTwoGigabytes()), recordedTwoGigabytes() + " not in the record of job "
                + jobs.get(1) + ":\n" + own);
        String worker = schedulerRecord(jobs.get(0), recordedOneGigabyteForTenMinutes());
        for (String fragment : recordedOneGigabyteForTenMinutes()) {
            assertTrue(worker.contains(fragment), fragment + " not in the record of the pull worker " + jobs.get(0)
                    + ":\n" + worker);
        }
        // the scheduler's own figures, asked once at the map's end: the worker ended seconds before it
        List<MapEvent.JobUsage> usage = events.stream().filter(e -> e instanceof MapEvent.JobUsage)
                .map(e -> (MapEvent.JobUsage) e).toList();
        Double cpu = accountedCpuSeconds(jobs.get(0));
        if (cpu == null) {
            assertEquals(List.of(), usage, "no accounting to ask: no figures, never made up");
        } else {
            MapEvent.JobUsage workerUsage = usage.stream().filter(u -> u.jobId().equals(jobs.get(0))).findFirst()
                    .orElseThrow(() -> new AssertionError("no figures for the pull worker " + jobs.get(0) + ": "
                            + usage));
            assertEquals(cpu, workerUsage.cpu().toNanos() / 1e9, 0.0005, workerUsage.toString());
            assertTrue(workerUsage.memoryBytes() > 0, workerUsage.toString());
        }
        System.out.printf("real %s: a pull-mode chunk past its memory request succeeded in a job of its own with %s:"
                + " %.2f s%n", flavour(), doubledMemoryRequest(), (System.nanoTime() - start) / 1e9);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Pull mode, the default

    protected List<String> said() {
        return events.stream().filter(e -> e instanceof MapEvent.Notice).map(Object::toString).toList();
    }

    /** Deleted jobs may show a while longer (SGE's "dt"): nothing of the session is left after 30 s. */
    private void assertNoneLeftWithin30Seconds(String session) throws InterruptedException {
        assertNoneLeftWithin(session, Duration.ofSeconds(30));
    }

    private void assertNoneLeftWithin(String session, Duration limit) throws InterruptedException {
        List<String> left = activeJobsNamed(session);
        for (long i = 0; i < limit.toMillis() / 250 && !left.isEmpty(); i++) {
            Thread.sleep(250);
            left = activeJobsNamed(session);
        }
        assertEquals(List.of(), left, "jobs of session " + session + " left in the queue after " + limit.toSeconds()
                + " s");
    }

    private String sessionId() {
        return events.stream().filter(e -> e instanceof MapEvent.JobSubmitted).map(e -> ((MapEvent.JobSubmitted) e)
                .sessionId()).findFirst().orElseThrow();
    }

    protected long submittedJobs() {
        return events.stream().filter(e -> e instanceof MapEvent.JobSubmitted).count();
    }

    private static long tickets(Path sessionFolder) throws Exception {
        Path claimers = sessionFolder.resolve("claimers");
        if (!Files.isDirectory(claimers)) {
            return 0;
        }
        try (var files = Files.list(claimers)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".ticket")).count();
        }
    }

    private Path onlySessionFolder() throws Exception {
        try (var folders = Files.list(workDir)) {
            List<Path> all = folders.filter(f -> f.getFileName().toString().startsWith("qmr-")).toList();
            assertEquals(1, all.size(), all.toString());
            return all.get(0);
        }
    }

    @Test
    void byDefaultWorkersClaimChunksAndTheWaitingOnesAreDeletedOnceEveryChunkIsTaken() throws Exception {
        List<Integer> tasks = IntStream.range(0, 40).boxed().toList();
        String session;
        try (Pool pool = pool(queue()).keepWorkDir(true).build();
                ResultStream<Integer> results = pool.stream(SlowEcho.class, tasks)) {
            session = results.sessionId();
            for (int t : tasks) {
                assertEquals(t, results.next().value());
            }
        }
        // nothing of the session is left waiting in the queue once the map has its results; the workers that ran
        // find no chunk and exit by themselves, and the pool's close does not wait for the queue to see them gone
        List<String> left = activeJobsNamed(session);
        assertEquals(List.of(), left.stream().filter(j -> j.endsWith("qw") || j.endsWith("PENDING")).toList(),
                "waiting workers left: " + left);
        assertNoneLeftWithin30Seconds(session);
        List<String> said = said();
        assertTrue(said.stream().anyMatch(n -> n.contains("40 tasks in 40 chunks of up to 1 on the ")
                && n.contains("pull mode: at most 100 workers claiming chunks")), said.toString());
        // one array job of 40 workers (one per chunk, below the default of 100); only those that found a free
        // slot before every chunk was taken ever ran (2 slots here): the rest were deleted while waiting
        assertEquals(40, submittedJobs(), said.toString());
        long ran = tickets(onlySessionFolder());
        assertTrue(ran >= 1 && ran < 40, ran + " workers ran");
        System.out.printf("real %s: 40 tasks of 0.3 s by default: %d of 40 submitted workers ran%n", flavour(), ran);
    }

    @Test
    void aWorkerPastItsTimeBudgetLeavesTheRestToANewWorker() throws Exception {
        List<Integer> tasks = IntStream.range(0, 16).boxed().toList();
        try (Pool pool = pool(queue()).maxWorkers(2).chunkSize(1).workerTimeBudget(Duration.ofSeconds(1))
                .keepWorkDir(true).build()) {
            assertEquals(tasks, pool.map(SlowEcho.class, tasks));
        }
        // each worker takes chunks for about 1 s (3-4 of 0.3 s), so 16 chunks need several workers in turn
        long ran = tickets(onlySessionFolder());
        assertTrue(ran >= 4, ran + " workers ran: " + said());
        assertTrue(submittedJobs() >= 4, said().toString());
        assertTrue(said().stream().noneMatch(n -> n.contains("released") || n.contains("resubmitted")),
                said().toString());
    }

    @Test
    void aWorkerKilledMidChunkLeavesItsChunkToAnotherWorker() throws Exception {
        Path markers = Files.createDirectory(workDir.resolve("markers"));
        List<Integer> tasks = IntStream.range(0, 10).boxed().toList();
        try (Pool pool = pool(queue()).chunkSize(2).environment(EnvironmentPolicy.inherit()
                .with("QMR_TEST_MARKERS", markers.toString())).build()) {
            assertEquals(tasks, pool.map(io.github.qmr.runtime.fixtures.KilledOnce.class, tasks));
        }
        List<String> released = said().stream().filter(n -> n.contains("released")).toList();
        assertEquals(1, released.size(), said().toString());
        assertTrue(released.get(0).startsWith("chunk 2: worker queue-job "), released.get(0));
        assertTrue(released.get(0).contains("released for another worker (resubmission 1 of at most 10)"),
                released.get(0));
        System.out.printf("real %s, pull mode: %s%n", flavour(), released.get(0));
    }

    /**
     * 12 tasks in 2 chunks of 6; the worker of chunk 0 is sent {@code signal} while it runs task 3. Gives how often
     * each task started, as the tasks counted it.
     */
    private int[] stopMidChunk(Pool.Builder builder, String signal) throws Exception {
        return stopMidChunk(builder, pid -> List.of("kill", signal, Long.toString(pid)));
    }

    /** As {@link #stopMidChunk(Pool.Builder, String)}, stopping the worker with the command {@code stop} makes. */
    protected int[] stopMidChunk(Pool.Builder builder, java.util.function.LongFunction<List<String>> stop)
            throws Exception {
        Path markers = Files.createDirectory(workDir.resolve("markers"));
        List<Integer> tasks = IntStream.range(0, 12).boxed().toList();
        try (Pool pool = builder.chunkSize(6).environment(EnvironmentPolicy.inherit()
                .with("QMR_TEST_MARKERS", markers.toString()).with("QMR_TEST_STOP_AT", "3")).build();
                ResultStream<Integer> results = pool.stream(StoppedMidChunk.class, tasks)) {
            StoppedMidChunk.stopTheWaitingWorker(markers, stop);
            List<Integer> values = new ArrayList<>();
            while (results.hasNext()) {
                TaskResult<Integer> r = results.next();
                assertTrue(r.succeeded(), r.toString());
                values.add(r.value());
            }
            assertEquals(tasks.stream().map(t -> t * 10).toList(), values);
        }
        return StoppedMidChunk.runs(markers, tasks.size());
    }

    @Test
    void aWorkerKilledMidChunkLosesOnlyTheTaskItWasIn() throws Exception {
        int[] runs = stopMidChunk(pool(queue()).maxWorkers(2), "-9");
        // tasks 0, 1, 2 were saved as they finished; only 3 ran twice; the other worker of the rerun ran 4 and 5
        assertEquals("[1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1]", Arrays.toString(runs), said().toString());
        List<String> released = said().stream().filter(n -> n.contains("released")).toList();
        assertEquals(1, released.size(), said().toString());
        System.out.printf("real %s, a worker killed mid-chunk: %s%n", flavour(), released.get(0));
    }

    /**
     * A hung worker: 12 tasks in 2 chunks of 6 on 2 pull-mode workers, a heartbeat timeout of 5 s; the worker of chunk
     * 0 is SIGSTOPped while it runs task 3, once chunk 1's result is there (the order is fixed by files). The map
     * takes the silent worker as lost, deletes its job (the queue's kill ends the stopped JVM) and gives the chunk to
     * another worker, which runs only the tasks not saved.
     */
    @Test
    void aWorkerStoppedMidChunkIsTakenAsLostAfterTheHeartbeatTimeoutAndItsChunkRunsElsewhere() throws Exception {
        Path markers = Files.createDirectory(workDir.resolve("markers"));
        List<Integer> tasks = IntStream.range(0, 12).boxed().toList();
        ProcessHandle stopped = null;
        String sessionId;
        long start = System.nanoTime();
        try (Pool pool = pool(queue()).maxWorkers(2).chunkSize(6).heartbeatTimeout(Duration.ofSeconds(5))
                .environment(EnvironmentPolicy.inherit().with("QMR_TEST_MARKERS", markers.toString())
                        .with("QMR_TEST_STOP_AT", "3")).build();
                ResultStream<Integer> results = pool.stream(StoppedMidChunk.class, tasks)) {
            Path session;
            try (var folders = Files.list(workDir)) {
                session = folders.filter(f -> f.getFileName().toString().startsWith("qmr-")).findFirst().orElseThrow();
            }
            sessionId = session.getFileName().toString();
            stopped = StoppedMidChunk.sigstopTheWaitingWorker(markers,
                    session.resolve("chunks/000000/000000001.result"));
            List<Integer> values = new ArrayList<>();
            while (results.hasNext()) {
                TaskResult<Integer> r = results.next();
                assertTrue(r.succeeded(), r.toString());
                values.add(r.value());
            }
            assertEquals(tasks.stream().map(t -> t * 10).toList(), values);
            stopped.onExit().get(60, TimeUnit.SECONDS); // the queue's delete ended the stopped JVM
        } finally {
            StoppedMidChunk.release(markers);
            StoppedMidChunk.killStopped(stopped);
        }
        assertEquals("[1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1]", Arrays.toString(StoppedMidChunk.runs(markers,
                tasks.size())), said().toString());
        List<String> released = said().stream().filter(n -> n.contains("released")).toList();
        assertEquals(1, released.size(), said().toString());
        assertTrue(released.get(0).matches("chunk 0: worker queue-job \\S+ on host \\S+ \\(pid " + stopped.pid()
                + "\\) sent no heartbeat for [0-9.]+ s, more than heartbeatTimeout \\(5 s\\): it hangs, was stopped, or"
                + " lost its node; deleted it; released for another worker \\(resubmission 1 of at most 10\\)"),
                released.get(0));
        // the lost worker's job is gone from the queue, as is every other job of the session once it ends
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<String> left;
        while (!(left = activeJobsNamed(sessionId)).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(List.of(), left, "jobs of the session left in the queue");
        System.out.printf("real %s, a worker SIGSTOPped mid-chunk, heartbeat timeout 5 s: %.1f s; %s%n", flavour(),
                (System.nanoTime() - start) / 1e9, released.get(0));
    }

    @Test
    void aWorkerStoppedBySigtermMidChunkHasItsChunkResubmittedAndTheMapSucceeds() throws Exception {
        int[] runs = stopMidChunk(pool(queue()).mode(Mode.JOBS), "-TERM");
        assertEquals("[1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1]", Arrays.toString(runs), said().toString());
        List<String> resubmitted = said().stream().filter(n -> n.contains("resubmitted")).toList();
        assertEquals(1, resubmitted.size(), said().toString());
        assertTrue(resubmitted.get(0).contains("stopped: the worker received SIGTERM"), resubmitted.get(0));
        System.out.printf("real %s, a worker stopped by SIGTERM mid-chunk: %s%n", flavour(), resubmitted.get(0));
    }

    @Test
    void aWorkerWhoseJobGoesIntoAnErrorStateLeavesItsChunkToAnotherWorker() throws Exception {
        Path markers = Files.createDirectory(workDir.resolve("markers"));
        List<Integer> tasks = IntStream.range(0, 8).boxed().toList();
        try (Pool pool = pool(queue()).chunkSize(2).environment(EnvironmentPolicy.inherit()
                .with("QMR_TEST_MARKERS", markers.toString())
                .with("QMR_TEST_EXIT_CODE", Integer.toString(errorExitCode()))).build()) {
            assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), pool.map(ExitOnce.class, tasks));
        }
        List<String> released = said().stream().filter(n -> n.contains("released")).toList();
        assertEquals(1, released.size(), said().toString());
        assertTrue(released.get(0).startsWith("chunk 1: worker queue-job "), released.get(0));
        assertTrue(released.get(0).contains("was in error state '" + errorState() + "'"), released.get(0));
        assertNoneLeftWithin30Seconds(sessionId());
        System.out.printf("real %s, pull mode: %s%n", flavour(), released.get(0));
    }

    @Test
    void aTaskThatStopsTheWorkerJvmFailsItsChunkAsInJobsMode() throws Exception {
        List<Integer> tasks = IntStream.range(0, 12).boxed().toList();
        MapException e;
        try (Pool pool = pool(queue()).chunkSize(4).build()) {
            e = assertThrows(MapException.class,
                    () -> pool.map(io.github.qmr.runtime.fixtures.ExitOnTask.class, tasks));
        }
        assertEquals(1, e.chunkFailures().size(), e.getMessage());
        ChunkFailure c = e.chunkFailures().get(0);
        assertEquals(1, c.ichunk());
        assertTrue(c.reason().startsWith("the worker JVM exited while running itask 5 (System.exit in the function,"
                + " or a signal); it ended"), c.reason());
        assertEquals(8, e.results().get(8));
        // the failed map keeps its work dir, and a job it deleted may still write there as it ends: wait for the
        // queue to let them go before the temporary folder is removed (a loaded CI run raced there)
        assertNoneLeftWithin(sessionId(), Duration.ofSeconds(120));
    }

    @Test
    void workersThatCannotStartFailTheMapWithTheirStderrAfterThreeTries() throws Exception {
        Path empty = Files.createDirectory(workDir.resolve("empty-classpath"));
        MapException e;
        try (Pool pool = pool(queue()).classpath(List.of(empty)).build()) {
            e = assertThrows(MapException.class, () -> pool.map(Square.class, List.of(1, 2, 3, 4, 5, 6)));
        }
        String reason = e.chunkFailures().get(0).reason();
        assertTrue(reason.startsWith("the workers cannot start: 3 in a row ended before taking a chunk, the last"
                + " (worker queue-job "), reason);
        assertTrue(reason.contains("Could not find or load main class io.github.qmr.runtime.worker.WorkerMain"),
                reason);
        assertTrue(reason.endsWith("Check the workers' java, classpath and JVM options"), reason);
        // the first wave (a worker a chunk) and at most the replacements of the failures seen before the last one
        // that decides: how many those are depends on how the queue reports the first ones, on a loaded machine
        assertTrue(submittedJobs() <= 6 + io.github.qmr.runtime.session.EngineSettings.MAX_WORKER_START_FAILURES - 1,
                "a bounded number of workers: " + submittedJobs() + "; " + said());
        assertNoneLeftWithin30Seconds(sessionId());
    }

    @Test
    void aRerunAfterTheProcessNodeWasKilledAdoptsTheOrphanedJobsAndRunsNoTaskTwice() throws Exception {
        Path markers = Files.createDirectory(workDir.resolve("runs"));
        Path work = workDir.resolve("work");
        Path idFile = workDir.resolve("session-id");
        Process process = io.github.qmr.runtime.fixtures.MapCountedRuns.process(mapUntilStoppedQueue(), work, markers,
                idFile, workDir.resolve("out"), workDir.resolve("err")).start();
        String killed;
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (runs(markers).size() < 6) { // some chunks done, some running
                assertTrue(process.isAlive(), "the map process ended early: "
                        + Files.readString(workDir.resolve("err")));
                assertTrue(System.nanoTime() < deadline, "the map never got going");
                Thread.sleep(100);
            }
            killed = Files.readString(idFile);
            process.destroyForcibly(); // SIGKILL: no shutdown hook runs, the jobs stay in the queue
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        } finally {
            process.destroyForcibly();
        }
        assertTrue(!activeJobsNamed(killed).isEmpty(), "the killed map left its jobs in the queue");
        rerunRunsEachTaskOnce(work, markers);
        assertTrue(said().stream().anyMatch(n -> n.contains(": session " + killed + " of the same map was left by a"
                + " process that is gone; deleted its ")), said().toString());
        assertNoneLeftWithin30Seconds(killed);
        assertNoneLeftWithin30Seconds(sessionId());
    }

    /**
     * kill -9 of the process node while its submission is still in the queue's submit program (a slow qsub or
     * sbatch): the job is submitted after the process is gone and its id never recorded. The rerun finds it by its
     * name (the session id prefixes it), so its workers take no chunk of the rerun's and no task runs twice. The
     * order is the test's: a wrapper of the submit program says when it started and when the real one returned.
     */
    @Test
    void aRerunAfterAKillDuringASlowSubmissionFindsTheUnrecordedJobByItsNameAndRunsNoTaskTwice() throws Exception {
        String submit = flavour().equals("SGE") ? "qsub" : "sbatch";
        Path real = io.github.qmr.runtime.process.Executables.locate(submit, System.getenv("PATH")).orElseThrow();
        Path bin = Files.createDirectory(workDir.resolve("slow-bin"));
        Path started = workDir.resolve("submit-started");
        Path submitted = workDir.resolve("submit-returned");
        Path wrapper = bin.resolve(submit);
        Files.writeString(wrapper, "#!/bin/sh\n: > '" + started + "'\nsleep 3\n'" + real + "' \"$@\"\nrc=$?\n: > '"
                + submitted + "'\nexit $rc\n");
        wrapper.toFile().setExecutable(true);
        Path markers = Files.createDirectory(workDir.resolve("runs"));
        Path work = workDir.resolve("work");
        ProcessBuilder child = io.github.qmr.runtime.fixtures.MapCountedRuns.process(mapUntilStoppedQueue(), work,
                markers, workDir.resolve("session-id"), workDir.resolve("out"), workDir.resolve("err"));
        child.environment().put("PATH", bin + java.io.File.pathSeparator + System.getenv("PATH"));
        Process process = child.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!Files.exists(started)) {
                assertTrue(process.isAlive(), "the map process ended early: "
                        + Files.readString(workDir.resolve("err")));
                assertTrue(System.nanoTime() < deadline, "the map never submitted");
                Thread.sleep(50);
            }
            process.destroyForcibly(); // SIGKILL mid-submission: its submit program goes on without it
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        } finally {
            process.destroyForcibly();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(submitted)) {
            assertTrue(System.nanoTime() < deadline, "the submission never returned");
            Thread.sleep(50);
        }
        String killed;
        try (var folders = Files.list(work)) {
            killed = folders.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("qmr-")).findFirst()
                    .orElseThrow();
        }
        Path jobs = work.resolve(killed).resolve("jobs");
        assertTrue(!Files.exists(jobs) || Files.readString(jobs).isBlank(), "the job id was not recorded");
        rerunRunsEachTaskOnce(work, markers);
        assertNoneLeftWithin30Seconds(killed);
        assertNoneLeftWithin30Seconds(sessionId());
    }

    /** The same map again, in this JVM: every result right, and each task ran once in both runs together. */
    private void rerunRunsEachTaskOnce(Path work, Path markers) throws Exception {
        List<Integer> results;
        try (Pool pool = io.github.qmr.runtime.fixtures.MapCountedRuns.pool(mapUntilStoppedQueue(), work, markers)
                .listener(events::add).build()) {
            results = pool.map(io.github.qmr.runtime.fixtures.CountedRuns.class,
                    io.github.qmr.runtime.fixtures.MapCountedRuns.TASKS);
        }
        assertEquals(io.github.qmr.runtime.fixtures.MapCountedRuns.TASKS, results);
        List<String> runs = runs(markers);
        for (int task : io.github.qmr.runtime.fixtures.MapCountedRuns.TASKS) {
            assertEquals(1, runs.stream().filter(r -> r.startsWith("run-" + task + "-")).count(),
                    "runs of task " + task + ": " + runs + "; " + said());
        }
    }

    private static List<String> runs(Path markers) throws java.io.IOException {
        try (var files = Files.list(markers)) {
            return files.map(f -> f.getFileName().toString()).toList();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // A map submitted with its monitor as a queue-job of its own (MonitorHost.JOB)

    /**
     * The monitor runs as a queue-job: the pool that submitted is closed (its JVM could end), the map goes on, the
     * status shows the monitor's process (not this JVM), and attach + await gives every result with each task run once
     * and no job left. The order is the gates': no task ends before "go", none past chunk 1 before "rest".
     */
    @Test
    void aMapWhoseMonitorIsAQueueJobGoesOnWithoutTheSubmitterAndAttachCollectsIt() throws Exception {
        long start = System.nanoTime();
        Path markers = Files.createDirectory(workDir.resolve("runs"));
        Path gates = Files.createDirectory(workDir.resolve("gates"));
        Path work = workDir.resolve("work");
        SubmittedMap<Integer> map;
        try (Pool pool = io.github.qmr.runtime.fixtures.SubmitGatedRuns.pool(queue(), work, markers, gates).build()) {
            map = pool.submit(io.github.qmr.runtime.fixtures.GatedRuns.class,
                    io.github.qmr.runtime.fixtures.SubmitGatedRuns.TASKS, MonitorHost.JOB);
        }
        assertTrue(map.monitorJob() != null, "the monitor's job id is recorded");
        Files.createFile(gates.resolve("go"));
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (map.status().done() < 2) {
            assertTrue(System.nanoTime() < deadline, "chunks 0 and 1 never done: " + map.status() + "\n"
                    + Files.readString(map.monitorLog()));
            Thread.sleep(100);
        }
        SessionStatus status = map.status();
        assertTrue(status.heldBy() != null && !status.heldBy().contains("pid " + ProcessHandle.current().pid()),
                status.toString());
        Files.createFile(gates.resolve("rest"));
        assertEquals(io.github.qmr.runtime.fixtures.SubmitGatedRuns.TASKS,
                Pool.<Integer>attach(work, map.sessionId()).await());
        List<String> runs = runs(markers);
        for (int task : io.github.qmr.runtime.fixtures.SubmitGatedRuns.TASKS) {
            assertEquals(1, runs.stream().filter(r -> r.startsWith("run-" + task + "-")).count(), runs.toString());
        }
        assertNoneLeftWithin30Seconds(map.sessionId());
        System.out.printf("real %s: a map with its monitor as a queue-job, collected by attach: %.2f s%n", flavour(),
                (System.nanoTime() - start) / 1e9);
    }

    /** Cancel deletes the monitor's queue-job and then every job of the session: none is left. */
    @Test
    void cancellingAMapWhoseMonitorIsAQueueJobLeavesNoJob() throws Exception {
        long start = System.nanoTime();
        Path markers = Files.createDirectory(workDir.resolve("runs"));
        Path gates = Files.createDirectory(workDir.resolve("gates"));
        SubmittedMap<Integer> map;
        try (Pool pool = io.github.qmr.runtime.fixtures.SubmitGatedRuns.pool(queue(), workDir.resolve("work"),
                markers, gates).build()) {
            map = pool.submit(io.github.qmr.runtime.fixtures.GatedRuns.class,
                    io.github.qmr.runtime.fixtures.SubmitGatedRuns.TASKS, MonitorHost.JOB);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (runs(markers).isEmpty()) { // a worker of the monitor's is in a task, held by the gate
            assertTrue(System.nanoTime() < deadline, "no worker started: " + Files.readString(map.monitorLog()));
            Thread.sleep(100);
        }
        String said = map.cancel();
        assertTrue(said.contains("deleted its monitor queue-job " + map.monitorJob()), said);
        assertNoneLeftWithin30Seconds(map.sessionId());
        System.out.printf("real %s: a map with its monitor as a queue-job, cancelled: %.2f s%n", flavour(),
                (System.nanoTime() - start) / 1e9);
    }

    @Test
    void theControllerStoppedFor90SecondsMidMapIsWaitedForAndEveryResultIsRight() throws Exception {
        // 2 workers, 30 tasks of 8 s: about 120 s of work, so the map spans the outage and the restart
        List<Integer> tasks = IntStream.range(0, 30).boxed().toList();
        List<Integer> results = new ArrayList<>();
        try (Pool pool = pool(queue()).maxWorkers(2).chunkSize(1)
                .environment(EnvironmentPolicy.inherit().with("QMR_TEST_SLEEP_MS", "8000")).build();
                ResultStream<Integer> stream = pool.stream(io.github.qmr.runtime.fixtures.SleepEcho.class, tasks)) {
            results.add(stream.next().value());
            try (Controllers.Outage outage = Controllers.stop(mapUntilStoppedQueue(), Duration.ofSeconds(90))) {
                while (stream.hasNext()) {
                    results.add(stream.next().value());
                }
                outage.awaitRestarted();
            }
        }
        assertEquals(tasks, results);
        List<String> said = said();
        assertTrue(said.stream().anyMatch(n -> n.contains(" queue cannot be reached (")), said.toString());
        assertTrue(said.stream().anyMatch(n -> n.contains(" queue answers again, after ")), said.toString());
        assertTrue(said.stream().noneMatch(n -> n.contains("released") || n.contains("resubmitted")),
                "no chunk ran twice: " + said);
    }

    @Test
    void aMapThatCompletesWhileTheControllerIsDownSucceedsAndItsWaitingWorkersExitCleanlyOnceItIsBack()
            throws Exception {
        // more workers than slots, so some wait; the running ones take task 0 and 1, then hold on task 2 and up
        // until the gate file exists: the controller is stopped while they hold, and every result arrives meanwhile
        List<Integer> tasks = IntStream.range(0, 20).boxed().toList();
        Path gate = workDir.resolve("gate");
        List<Integer> results = new ArrayList<>();
        String session;
        Controllers.Outage outage = null;
        try {
            try (Pool pool = pool(queue(ONE_ATTEMPT_PER_CALL)).maxWorkers(20).chunkSize(1)
                    .environment(EnvironmentPolicy.inherit().with("QMR_TEST_GATE", gate.toString())).build()) {
                try (ResultStream<Integer> stream = pool.stream(HeldUntilFile.class, tasks)) {
                    session = stream.sessionId();
                    results.add(stream.next().value());
                    results.add(stream.next().value());
                    // down until the map has ended and the pool is closed; the 5 minutes only bound a hung test
                    outage = Controllers.stop(mapUntilStoppedQueue(), Duration.ofMinutes(5));
                    Files.createFile(gate);
                    while (stream.hasNext()) {
                        results.add(stream.next().value());
                    }
                }
            } // closing the pool while the controller is down says what it could not delete, and does not throw
            assertEquals(tasks.stream().map(t -> t * 10).toList(), results);
            List<String> said = said();
            String prefix = session + ": complete, but ";
            String left = said.stream().filter(n -> n.startsWith(prefix)).findFirst().orElseThrow(
                    () -> new AssertionError("no word of the undeleted waiting workers: " + said));
            assertTrue(left.contains(" could not be deleted (") && left.contains("they will find no chunk and exit"
                    + " once they start. To remove them now: ") && left.contains("The session folder is kept for"
                    + " them at " + workDir.resolve(session)), left);
            assertTrue(Files.isDirectory(workDir.resolve(session)), "the waiting workers' folder is kept");
            assertTrue(said.stream().anyMatch(n -> n.startsWith("could not delete the jobs left by this pool on the ")),
                    said.toString());
        } finally {
            if (outage != null) {
                outage.close(); // the controller is started again now
            }
        }
        // back up: the waiting workers start, find no chunk and end; none goes into an error state
        List<String> seen = new ArrayList<>();
        List<String> active = activeJobsNamed(session);
        for (int i = 0; i < 180 * 4 && !active.isEmpty(); i++) {
            seen.addAll(active);
            Thread.sleep(250);
            active = activeJobsNamed(session);
        }
        assertEquals(List.of(), active, "jobs of session " + session + " left 180 s after the controller came back");
        assertTrue(seen.stream().noneMatch(j -> j.endsWith(" " + errorState())), "a job went into an error state: "
                + seen);
    }

    @Test
    void aWorkDirWithNonAsciiCharactersWorks() {
        Path dir = workDir.resolve("wörk dir π");
        // staged (the default off the local queue): the launcher then names jars in the non-ASCII folder too
        try (Pool pool = Pool.builder().queue(queue()).workDir(dir).pollInterval(Duration.ofMillis(250))
                .listener(events::add).chunkSize(2).build()) {
            assertEquals(List.of(1L, 4L, 9L, 16L), pool.map(Square.class, List.of(1, 2, 3, 4)));
        }
    }

    /** One attempt per queue call: the retries are unit-tested; here each failing call meets the stopped controller. */
    private static final QueueTiming ONE_ATTEMPT_PER_CALL =
            new QueueTiming(Duration.ofSeconds(60), 1, Duration.ofSeconds(1), Duration.ofSeconds(1));

    @Test
    void theControllerDownPastTheOutageToleranceStopsTheMapNamingTheJobsThatMayStillRunAndARerunResumes()
            throws Exception {
        // tasks 0-3 end at once, 4 and 5 hold the two workers until they are deleted: the map cannot end by itself
        List<Integer> tasks = IntStream.range(0, 8).boxed().toList();
        List<Integer> expected = tasks.stream().map(t -> t * 10).toList();
        String session;
        QmrException e;
        // with one attempt per call a failing poll takes a moment on SGE and about 9 s on Slurm (its clients wait
        // that long for slurmctld), and polls are 2.5 s apart during an outage: the map gives up about 8 s after the
        // stop on SGE (7.5 s > 5 s), 30 s on Slurm (the second failed poll ends 11.5 s after the first, then scancel)
        try (Pool pool = pool(queue(ONE_ATTEMPT_PER_CALL)).maxWorkers(2).chunkSize(1)
                .outageTolerance(Duration.ofSeconds(5))
                .environment(EnvironmentPolicy.inherit().with("QMR_TEST_SLOW_MS", "600000")).build();
                ResultStream<Integer> stream = pool.stream(SlowWhenAsked.class, tasks)) {
            session = stream.sessionId();
            for (int t = 0; t < 4; t++) {
                assertEquals(t * 10, stream.next().value());
            }
            // down until the map has given up, however long that takes; the 3 minutes only bound a hung test
            try (Controllers.Outage outage = Controllers.stop(mapUntilStoppedQueue(), Duration.ofMinutes(3))) {
                e = assertThrows(QmrException.class, () -> {
                    while (stream.hasNext()) {
                        stream.next();
                    }
                });
            } // the controller is started again here, the jobs kept
            String message = e.getMessage();
            assertTrue(message.startsWith("the " + mapUntilStoppedQueue() + " queue could not be reached for "),
                    message);
            assertTrue(message.contains(" s, longer than the outageTolerance of 5 s: "), message);
            assertTrue(message.contains("\nThe work dir of session " + session + " is kept at " + workDir.resolve(
                    session) + "; run the same map again once the queue answers to resume it"), message);
            // the controller was still down when the map stopped: its jobs could not be deleted, and it says so
            Matcher m = Pattern.compile("\nOn stopping, the map could NOT delete its queue-jobs, which may still"
                    + " run: \\[([^\\]]+)\\] \\(.*\\); delete them with (\\S+) ([^\n]+)$").matcher(message);
            assertTrue(m.find(), message);
            assertFalse(message.contains("deleted its"), message);
            List<String> named = Arrays.asList(m.group(1).split(", "));
            assertEquals(named, Arrays.asList(m.group(3).split(" ")), "the command deletes the jobs named");
            // and they are real: exactly the session's jobs still in the queue (the workers held on tasks 4 and 5)
            assertEquals(2, named.size(), message);
            assertEquals(named.stream().sorted().toList(), activeJobsNamed(session).stream()
                    .map(j -> j.split(" ")[0]).sorted().toList(), message);
            // the command the message gives deletes them
            List<String> delete = new ArrayList<>(List.of(m.group(2)));
            delete.addAll(named);
            Process deleting = new ProcessBuilder(delete).redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("delete.out").toFile()).start();
            assertTrue(deleting.waitFor(60, TimeUnit.SECONDS), String.join(" ", delete) + " hangs");
            assertEquals(0, deleting.exitValue(), String.join(" ", delete) + ": "
                    + Files.readString(workDir.resolve("delete.out")));
            // SGE 8.1.9 ends a job deleted after a qmaster restart only about 62 s after the qmaster started again
            // (measured here, whenever the qdel came; it shows "dr" till then); Slurm at once
            assertNoneLeftWithin(session, Duration.ofSeconds(90));
        }
        List<String> said = said();
        assertTrue(said.stream().anyMatch(n -> n.startsWith(session + ": the " + mapUntilStoppedQueue()
                + " queue cannot be reached (")), said.toString());
        assertTrue(said.stream().anyMatch(n -> n.startsWith(session + ": stopped before the end; could NOT delete"
                + " its queue-jobs, which may still run: [")), said.toString());
        assertTrue(said.stream().noneMatch(n -> n.contains("deleted its")), said.toString());
        System.out.printf("real %s: the map stopped past the outage tolerance: %s%n", flavour(), e.getMessage());
        // the rerun takes over the 4 results and runs the other 4 chunks
        events.clear();
        try (Pool pool = pool(queue()).maxWorkers(2).chunkSize(1).build()) {
            assertEquals(expected, pool.map(SlowWhenAsked.class, tasks));
        }
        assertTrue(said().stream().anyMatch(n -> n.endsWith(": resuming: 4 of 8 chunks already done in [" + session
                + "]; submitting the other 4")), said().toString());
        assertNoneLeftWithin30Seconds(sessionId());
    }

    @Test
    void aSecondProcessRunningTheSameMapWhileTheFirstIsLiveIsRefusedAtOnceNamingItAndTheFirstCompletes()
            throws Exception {
        Path markers = Files.createDirectory(workDir.resolve("runs"));
        Path work = workDir.resolve("work");
        Path idFile = workDir.resolve("session-id");
        List<Integer> results = new ArrayList<>();
        String session;
        try (Pool pool = MapCountedRuns.pool(mapUntilStoppedQueue(), work, markers).listener(events::add).build();
                ResultStream<Integer> first = pool.stream(CountedRuns.class, MapCountedRuns.TASKS)) {
            session = first.sessionId();
            // live: its jobs run, and it holds its session until its last result is read
            results.add(first.next().value());
            // the same map (function, tasks, chunking, classpath), from another process in the same work dir
            Process second = MapCountedRuns.process(mapUntilStoppedQueue(), work, markers, idFile,
                    workDir.resolve("out"), workDir.resolve("err")).start();
            try {
                // the first is held meanwhile: a second that waited for it would never end
                assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the second map did not end while the first ran");
            } finally {
                second.destroyForcibly();
            }
            String err = Files.readString(workDir.resolve("err"));
            assertEquals(1, second.exitValue(), err);
            assertTrue(err.contains(QmrException.class.getName() + ": session " + session + " of the same map is"
                    + " running now in " + work + " (host "), err);
            assertTrue(err.contains(", pid " + ProcessHandle.current().pid() + ", since "), err);
            assertTrue(err.contains("): two runs of one map in one work dir would compete for its chunks. Wait for it"
                    + " to end, or stop it, then run again"), err);
            assertFalse(Files.exists(idFile), "the second map got as far as submitting");
            while (first.hasNext()) {
                results.add(first.next().value());
            }
        }
        assertEquals(MapCountedRuns.TASKS, results, "the first map, untouched, has every result");
        List<String> runs = runs(markers);
        for (int task : MapCountedRuns.TASKS) {
            assertEquals(1, runs.stream().filter(r -> r.startsWith("run-" + task + "-")).count(),
                    "runs of task " + task + " (the second map may run none): " + runs);
        }
        assertNoneLeftWithin30Seconds(session);
        try (var left = Files.list(work)) {
            assertEquals(List.of(), left.filter(f -> f.getFileName().toString().startsWith("qmr-")).toList(),
                    "the first session, complete, removed its folder; the refused one left none");
        }
    }
}
