package io.github.qmr.runtime.worker;

import io.github.qmr.runtime.TaskFunction;
import io.github.qmr.runtime.codec.CodecException;
import io.github.qmr.runtime.codec.FileKind;
import io.github.qmr.runtime.codec.PartialFile;
import io.github.qmr.runtime.codec.RecordReader;
import io.github.qmr.runtime.codec.RecordWriter;
import io.github.qmr.runtime.workdir.NullResult;
import io.github.qmr.runtime.workdir.OutOfMemory;
import io.github.qmr.runtime.workdir.ClaimBoard;
import io.github.qmr.runtime.workdir.SessionDir;
import io.github.qmr.runtime.workdir.WorkerArgs;
import io.github.qmr.runtime.workdir.StorageFailure;
import io.github.qmr.runtime.workdir.TaskTimedOut;
import io.github.qmr.runtime.workdir.StoppedFromOutside;
import io.github.qmr.runtime.workdir.TaskText;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.io.StringWriter;
import java.nio.file.Path;

/**
 * Runs one chunk on a worker ({@code WorkerMain <session dir> <ichunk>}), or in pull mode every chunk it can claim
 * (the command line is {@link WorkerArgs}). Reads the function and the chunk's tasks,
 * applies the function to each task in series, and writes every outcome (value, or the exception with its stack
 * trace) to the chunk's result file, which appears atomically when complete.
 *
 * <p>Exit codes: 0 when the result file is written (even if tasks threw: their failures are in it); 1 when the
 * worker itself failed (the reason is on stderr); 2 for a bad command line. Never 99 or 100, which Grid Engine
 * takes as "reschedule" and "error state".
 */
public final class WorkerMain {
    static final int EXIT_WORKER_FAILED = 1;
    static final int EXIT_USAGE = 2;

    /** The task running now, for the exit note; -1 outside tasks. */
    private static volatile long currentItask = -1;
    private static volatile boolean chunkComplete;
    /** The chunk being run, for the exit note; -1 before the first (pull mode). */
    private static volatile int currentChunk = -1;
    /** The exit note to write instead of the usual one (a task that did not stop at the time limit), or null. */
    private static volatile String exitNote;
    /** Set when SIGTERM arrived: the exit note then says the worker was stopped from outside, not by its task. */
    private static volatile boolean stoppedFromOutside;

    private WorkerMain() {}

    public static void main(String[] args) {
        long startNanos = System.nanoTime();
        WorkerArgs parsed;
        try {
            if (args.length < 2) {
                throw new IllegalArgumentException("usage: WorkerMain <session dir> <arguments>; got " + args.length
                        + " arguments. The launcher script of the session passes them; run it, not this class.");
            }
            parsed = WorkerArgs.parse(java.util.Arrays.asList(args).subList(1, args.length));
        } catch (IllegalArgumentException e) {
            System.err.println("qmr worker: " + e.getMessage());
            System.exit(EXIT_USAGE);
            return;
        }
        if (parsed.kind() == WorkerArgs.Kind.TRAIN) {
            try {
                train(SessionDir.open(Path.of(args[0])));
            } catch (Exception e) {
                System.err.println("qmr worker: the class-data training run failed: " + e);
                e.printStackTrace();
                System.exit(EXIT_WORKER_FAILED);
            }
            System.exit(0);
        }
        SessionDir session;
        try {
            session = SessionDir.open(Path.of(args[0]));
        } catch (RuntimeException e) {
            System.err.println("qmr worker: " + e.getMessage());
            System.exit(EXIT_WORKER_FAILED);
            return;
        }
        // A task that calls System.exit, or a SIGTERM, still runs this: the process node learns which task it was.
        // (an anonymous class, not a lambda: a lambda's bootstrap costs every worker's start a few milliseconds)
        Runtime.getRuntime().addShutdownHook(new Thread(new Runnable() {
            @Override
            public void run() {
                noteExit(session, null);
            }
        }, "qmr-exit-note"));
        catchSigterm();
        startHeartbeat(session, parsed);
        try {
            if (parsed.kind() == WorkerArgs.Kind.PULL) {
                runClaims(session, parsed, startNanos);
            } else {
                currentChunk = parsed.firstChunk();
                runChunk(session, parsed.firstChunk(), readFunction(session, WorkerMain.class.getClassLoader()));
            }
        } catch (Throwable e) {
            // a storage error is named as such (StorageFailure's contract): the note, stderr and the exit code say so
            String storage = StorageFailure.kind(e);
            String note = noteExit(session, e);
            String line = "qmr worker: " + (currentChunk < 0 ? "session " + args[0] + " failed before the worker"
                    + " took a chunk: " : "chunk " + currentChunk + " of session " + args[0] + " failed: ")
                    + (storage != null && note != null ? note : e.toString());
            System.err.println(line);
            if (parsed.kind() == WorkerArgs.Kind.PULL && currentChunk >= 0) {
                // a pull-mode worker's own stderr is not the chunk's: say it where the chunk's reader looks too
                try (PrintStream chunkErr = appendTo(session.stderrFile(currentChunk))) {
                    chunkErr.println(line);
                } catch (java.io.IOException | RuntimeException alsoFailed) {
                    System.err.println("qmr worker: cannot write to " + session.stderrFile(currentChunk) + ": "
                            + alsoFailed);
                }
            }
            if (!(e instanceof CodecException)) {
                // a session file refused is said in full above (what, where, what to do): its frames are noise
                e.printStackTrace();
            }
            System.exit(storage != null ? StorageFailure.EXIT_CODE : EXIT_WORKER_FAILED);
        }
        System.exit(0);
    }

    /**
     * Starts the heartbeat the monitor watches (in the worker's file in pull mode, the chunk's in jobs mode) at the
     * interval the launcher exports; none without it. A heartbeat that cannot start is said on stderr and the chunk
     * runs all the same (the monitor then takes the worker as lost after its bound, and the chunk runs elsewhere).
     */
    private static void startHeartbeat(SessionDir session, WorkerArgs args) {
        String interval = System.getenv(WorkerArgs.HEARTBEAT_ENV);
        if (interval == null || interval.isBlank()) {
            return;
        }
        try {
            long millis = Long.parseLong(interval.strip());
            if (millis > 0) {
                Heartbeat.start(args.kind() == WorkerArgs.Kind.PULL ? session.workerHeartbeat(args.worker())
                        : session.chunkHeartbeat(args.firstChunk()), millis, host());
            }
        } catch (RuntimeException e) {
            System.err.println("qmr worker: no heartbeat (" + WorkerArgs.HEARTBEAT_ENV + "=" + interval + "): " + e);
        }
    }

    /**
     * Pull mode: takes chunks from the first given on that no other worker holds and runs them one after another,
     * until none is left or {@link WorkerArgs#mayClaim} says no more (time budget, walltime); the function is made
     * once for all of them. A chunk with a result is skipped (done by an earlier session or attempt). The chunk's own
     * stdout and stderr files receive what its tasks print.
     */
    static void runClaims(SessionDir session, WorkerArgs args, long startNanos) throws Exception {
        TaskFunction<Object, Object> function = readFunction(session, WorkerMain.class.getClassLoader());
        int worker = args.worker();
        // the ticket says "this worker started": a worker gone without one never reached its first claim
        ClaimBoard claims = session.claims();
        claims.writeTicket(worker);
        PrintStream out = System.out;
        PrintStream err = System.err;
        long longestChunkMillis = 0;
        NextChunk.Chunks chunks = chunksFor(claims, worker);
        int next = args.firstChunk();
        while (true) {
            if (!WorkerArgs.mayClaim((System.nanoTime() - startNanos) / 1_000_000, longestChunkMillis,
                    args.budgetMillis(), args.walltimeMillis())) {
                return; // the process node submits another worker while chunks are left
            }
            int ichunk = NextChunk.claimNext(chunks, next, args.chunks());
            if (ichunk < 0) {
                return;
            }
            next = ichunk + 1;
            currentChunk = ichunk;
            chunkComplete = false;
            if (Files.exists(session.resultFile(ichunk))) { // finished between the look and the claim
                chunkComplete = true;
                continue;
            }
            long chunkStart = System.nanoTime();
            try (PrintStream chunkOut = appendTo(session.stdoutFile(ichunk));
                    PrintStream chunkErr = appendTo(session.stderrFile(ichunk))) {
                System.setOut(chunkOut);
                System.setErr(chunkErr);
                runChunk(session, ichunk, function);
            } finally {
                System.setOut(out);
                System.setErr(err);
            }
            longestChunkMillis = Math.max(longestChunkMillis, (System.nanoTime() - chunkStart) / 1_000_000);
        }
    }

    /** The work dir's chunks as {@link NextChunk} asks about them, through the claim protocol. */
    static NextChunk.Chunks chunksFor(ClaimBoard claims, int worker) {
        return new NextChunk.Chunks() {
            @Override
            public boolean taken(int ichunk) {
                return claims.taken(ichunk);
            }

            @Override
            public boolean claim(int ichunk) {
                return claims.claim(ichunk, worker);
            }
        };
    }

    /**
     * The training run of the class-data archive ({@code -XX:ArchiveClassesAtExit}): loads what a worker loads (the
     * codec, the function's class, the task classes of chunk 0 and their serializers) without running a task or
     * creating the function, so no user code runs on the process node.
     */
    static void train(SessionDir session) throws Exception {
        ClassLoader loader = WorkerMain.class.getClassLoader();
        try (RecordReader reader = RecordReader.open(session.functionFile(), FileKind.FUNCTION, loader)) {
            Object spec = reader.readObject();
            if (spec instanceof String className) {
                Class.forName(className, false, loader);
            }
        }
        cpuClock(); // its classes go into the archive too: every worker uses it
        Path scratch = session.path().resolve("cds-training.result");
        try (RecordReader tasks = RecordReader.open(session.tasksFile(0), FileKind.TASKS, loader);
                RecordWriter results = RecordWriter.create(scratch, FileKind.RESULTS, 0, tasks.firstItask(), loader)) {
            for (int i = 0; i < 1000 && tasks.hasNext(); i++) {
                results.writeSuccess(0, tasks.readObject()); // the tasks as results: their classes, both ways
            }
            results.writeFailure(0, "java.lang.Exception", "training", stackTrace(new Exception("training")));
            results.finish();
        } finally {
            Files.deleteIfExists(scratch);
        }
    }

    /**
     * SIGTERM (scancel, preemption, a node drain, a kill) is told apart from the function's own {@code System.exit}:
     * both run the shutdown hook, which alone cannot tell which it was, and only the latter fails a chunk for good.
     * Where the JVM lets no handler in (e.g. {@code -Xrs}), SIGTERM keeps its default and the note says "a signal?".
     */
    private static void catchSigterm() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), new sun.misc.SignalHandler() {
                @Override
                public void handle(sun.misc.Signal signal) {
                    stoppedFromOutside = true;
                    System.exit(StoppedFromOutside.EXIT_CODE); // as the JVM's own handler: the hooks run
                }
            });
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            System.err.println("qmr worker: cannot catch SIGTERM (" + e + "); a stop from outside will fail the chunk"
                    + " as an exit would");
        }
    }

    private static PrintStream appendTo(Path file) throws java.io.IOException {
        return new PrintStream(Channels.newOutputStream(Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))), true);
    }

    /** Writes the chunk's exit note (its partial result file is gone by now); returns it, or null if none is due. */
    private static synchronized String noteExit(SessionDir session, Throwable failure) {
        int ichunk = currentChunk;
        if (chunkComplete || ichunk < 0) {
            return null; // between chunks (pull mode): nothing is left half done
        }
        chunkComplete = true; // one note per chunk
        long itask = currentItask;
        String storage = failure == null ? null : StorageFailure.kind(failure);
        String note = exitNote != null ? exitNote
                : storage != null ? StorageFailure.note(storage, session.resultFile(ichunk), failure)
                : failure != null && OutOfMemory.isCause(failure) ? OutOfMemory.note(itask, host(), failure,
                        Runtime.getRuntime().maxMemory(), PeakMemory.bytes())
                : failure != null ? "the worker failed: " + failure
                : stoppedFromOutside ? StoppedFromOutside.note(itask)
                : itask >= 0 ? "the worker JVM exited while running itask " + itask
                        + " (System.exit in the function, or a signal)"
                        : "the worker JVM exited before its chunk was complete (a signal?)";
        try {
            session.writeText(session.exitFile(ichunk), note + "\n", false);
        } catch (RuntimeException e) {
            System.err.println("qmr worker: cannot write " + session.exitFile(ichunk) + ": " + e.getMessage());
        }
        return note;
    }

    /**
     * Runs one chunk: the tasks an earlier attempt did not finish (its saved outcomes are carried over), each outcome
     * saved in the chunk's partial file as it is written, then the complete result file, which appears atomically.
     */
    static void runChunk(SessionDir session, int ichunk, TaskFunction<Object, Object> function) throws Exception {
        ClassLoader loader = WorkerMain.class.getClassLoader();
        Path partialPath = session.partialFile(ichunk);
        PartialFile partial = null;
        try (RecordReader tasks = RecordReader.open(session.tasksFile(ichunk), FileKind.TASKS, loader);
                RecordWriter results = RecordWriter.create(session.resultFile(ichunk), FileKind.RESULTS, ichunk,
                        tasks.firstItask(), loader)) {
            PartialFile.Saved saved = savedEarlier(partialPath, ichunk, tasks, loader);
            long itask = tasks.firstItask();
            if (saved != null) {
                results.carryOver(saved);
                for (long i = 0; i < saved.records(); i++) {
                    tasks.readObject(); // done by an earlier attempt
                }
                itask += saved.records();
                System.err.println("qmr worker: chunk " + ichunk + ": " + saved.records() + " of its "
                        + tasks.records() + " tasks were done by an earlier attempt; running the other "
                        + (tasks.records() - saved.records()));
            }
            // a chunk's last task needs no saving of its own: the result file follows at once
            if (tasks.records() - (saved == null ? 0 : saved.records()) > 1) {
                partial = PartialFile.create(partialPath, ichunk, tasks.firstItask(), saved);
                results.saveEachOutcomeIn(partial);
            }
            results.writeWorker(host(), jobId(System.getenv()));
            PeakMemory peak = new PeakMemory();
            Tally tally = new Tally();
            watch = TaskWatch.start(Thread.currentThread(), stuck -> endStuckTask(session, ichunk, results, stuck,
                    tally, watch()));
            boolean nullIsAResult = function.mayReturnNull();
            TaskCpu cpu = new TaskCpu(cpuClock());
            while (tasks.hasNext()) {
                Object task = tasks.readObject();
                if (!tasks.hasNext()) {
                    results.saveEachOutcomeIn(null);
                }
                currentItask = itask;
                long startMillis = System.currentTimeMillis();
                if (watch != null) {
                    watch.begin(itask, !tasks.hasNext(), startMillis);
                }
                cpu.beforeTask();
                long start = System.nanoTime();
                Object value;
                try {
                    value = function.apply(task);
                    if (watch != null) {
                        watch.end(); // it finished, even if past the limit: its value stands
                    }
                } catch (Throwable thrown) { // a task's OutOfMemoryError or StackOverflowError fails only that task
                    // the first failure's note names its parameters (qmr:status shows it); not after an
                    // OutOfMemoryError, whose task is let go at once
                    String params = tally.failed == 0 && !(thrown instanceof OutOfMemoryError) ? " ("
                            + TaskText.of(task) + ")" : "";
                    task = null;
                    Throwable e = watch != null && watch.end()
                            ? new TimeLimitFailure(TaskTimedOut.message(itask, watch.limitMillis(), true), thrown)
                            : thrown;
                    if (thrown instanceof OutOfMemoryError && OutOfMemory.stopsWorker()) {
                        throw thrown; // escalation gives the chunk more memory: see OutOfMemory (finished tasks saved)
                    }
                    long nanos = System.nanoTime() - start;
                    if (tally.failed++ == 0) {
                        tally.firstFailure = "itask " + itask + params + ": " + e;
                    }
                    long cpuNanos = cpu.afterTask(!tasks.hasNext());
                    recordPeak(results, peak.afterTask(nanos, !tasks.hasNext()));
                    results.writeFailure(startMillis, nanos, cpuNanos, e instanceof TimeLimitFailure
                            ? TaskTimedOut.EXCEPTION : e.getClass().getName(), e.getMessage(), stackTrace(e));
                    itask++;
                    continue;
                }
                long nanos = System.nanoTime() - start;
                long cpuNanos = cpu.afterTask(!tasks.hasNext());
                recordPeak(results, peak.afterTask(nanos, !tasks.hasNext()));
                if (value == null && !nullIsAResult) {
                    String why = "itask " + itask + " returned null; " + NullResult.why(function.getClass().getName());
                    results.writeFailure(startMillis, nanos, cpuNanos, NullResult.EXCEPTION, why, NullResult.EXCEPTION
                            + ": " + why);
                    if (tally.failed++ == 0) {
                        tally.firstFailure = why;
                    }
                    itask++;
                    continue;
                }
                try {
                    results.writeSuccess(startMillis, nanos, cpuNanos, value);
                } catch (CodecException e) {
                    results.writeFailure(startMillis, nanos, cpuNanos, CodecException.class.getName(), "the result of"
                            + " itask " + itask + " cannot be sent back: " + e.getMessage(), stackTrace(e));
                    if (tally.failed++ == 0) {
                        tally.firstFailure = "itask " + itask + " (" + TaskText.of(task) + "): the result cannot be"
                                + " sent back: " + e.getMessage();
                    }
                }
                itask++;
            }
            currentItask = -1;
            tally.saved = saved;
            finishChunk(session, ichunk, results, tally);
        } finally {
            if (watch != null) {
                watch.close();
                watch = null;
            }
            if (partial != null) {
                partial.close();
            }
        }
        if (chunkComplete) {
            // the result holds every outcome now; a partial file left by a worker killed here is never read again
            Files.deleteIfExists(partialPath);
        }
    }

    /** The chunk's failed tasks so far, and the first of them, for its failed file. */
    private static final class Tally {
        long failed;
        String firstFailure;
        PartialFile.Saved saved;
    }

    /** The task's failure at the time limit: the task's own exception as its cause. */
    private static final class TimeLimitFailure extends Exception {
        TimeLimitFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The watch of the task running now, or null. */
    private static volatile TaskWatch watch;

    private static TaskWatch watch() {
        return watch;
    }

    /** Writes the failed file (the failures before the result, so whoever sees the result sees it too) and the result. */
    private static void finishChunk(SessionDir session, int ichunk, RecordWriter results, Tally tally) {
        long failed = tally.failed;
        String firstFailure = tally.firstFailure;
        if (tally.saved != null && tally.saved.failures() > 0) {
            failed += tally.saved.failures();
            firstFailure = tally.saved.firstFailure(); // it ran first
        }
        if (failed > 0) {
            session.writeText(session.failedFile(ichunk), failed + "\n" + firstFailure + "\n", false);
        }
        if (!results.finish()) {
            System.err.println("qmr worker: chunk " + ichunk + " already has a result from an earlier attempt;"
                    + " kept that one and dropped this attempt's");
        }
        chunkComplete = true;
    }

    /**
     * On the watch's thread: a task that did not stop when interrupted at the time limit is recorded failed (saved
     * with the chunk's finished tasks), and the worker ends, as Java cannot stop the thread. Its chunk runs again for
     * the tasks after it; if it was the last, the chunk's result is written now and the worker exits normally.
     */
    private static void endStuckTask(SessionDir session, int ichunk, RecordWriter results, long itask, Tally tally,
            TaskWatch w) {
        String message = TaskTimedOut.message(itask, w.limitMillis(), false);
        System.err.println("qmr worker: chunk " + ichunk + ": " + message);
        try {
            results.writeFailure(w.startMillis(), w.runningNanos(), -1, TaskTimedOut.EXCEPTION, message, message);
            if (w.last()) {
                if (tally.failed++ == 0) {
                    tally.firstFailure = "itask " + itask + ": " + TaskTimedOut.EXCEPTION + ": " + message;
                }
                finishChunk(session, ichunk, results, tally);
                System.exit(0); // the chunk is complete: its hook writes no exit note
            }
            exitNote = TaskTimedOut.note(itask, w.limitMillis());
        } catch (RuntimeException e) {
            exitNote = TaskTimedOut.note(itask, w.limitMillis()) + " (recording it failed: " + e + ")";
        }
        System.exit(EXIT_WORKER_FAILED);
    }

    /**
     * What an earlier attempt at the chunk saved, or null: none, or none usable (said on stderr, and the chunk runs
     * in full, which costs time but never a wrong result).
     */
    private static PartialFile.Saved savedEarlier(Path partialPath, int ichunk, RecordReader tasks,
            ClassLoader loader) {
        PartialFile.Saved saved;
        try {
            saved = PartialFile.read(partialPath, ichunk, tasks.firstItask(), loader);
        } catch (CodecException e) {
            System.err.println("qmr worker: chunk " + ichunk + ": not using what an earlier attempt saved: "
                    + e.getMessage() + "; running all its tasks");
            return null;
        }
        if (saved == null) {
            return null;
        }
        if (saved.dropped() > 0) {
            System.err.println("qmr worker: chunk " + ichunk + ": dropped the last " + saved.dropped() + " bytes of "
                    + partialPath + " (a record torn when the earlier attempt was stopped, or altered); its task runs"
                    + " again");
        }
        if (saved.records() >= tasks.records()) {
            // its last task is never saved there, so this cannot come from a worker of this chunk
            System.err.println("qmr worker: chunk " + ichunk + ": " + partialPath + " holds " + saved.records()
                    + " outcomes for a chunk of " + tasks.records() + " tasks; not using it, running all its tasks");
            return null;
        }
        return saved.records() == 0 ? null : saved;
    }

    private static void recordPeak(RecordWriter results, long peakBytes) {
        if (peakBytes >= 0) {
            results.writePeakMemory(peakBytes);
        }
    }

    /** The JVM's clock of each thread's CPU time, or null where it has none. */
    static java.lang.management.ThreadMXBean cpuClock() {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        return bean.isCurrentThreadCpuTimeSupported() ? bean : null;
    }

    /**
     * This worker's host name: the kernel's on Linux (a file read; resolving it through DNS could hang where the
     * name service is slow), else {@code HOSTNAME}, else the JDK's.
     */
    static String host() {
        String known = hostName;
        if (known == null) {
            hostName = known = readHost(); // read once: a worker runs hundreds of chunks, each records it
        }
        return known;
    }

    private static volatile String hostName;

    private static String readHost() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux: the next sources
        }
        String name = System.getenv("HOSTNAME");
        if (name != null && !name.isBlank()) {
            return name;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /**
     * The queue-job this worker runs in, as the launcher exported it from the queue's own variables
     * ({@code QMR_JOB_ID}, see {@code BatchQueue.jobLines()}); null when there is none (the local queue).
     */
    static String jobId(java.util.Map<String, String> env) {
        String id = env.get("QMR_JOB_ID");
        return id == null || id.isBlank() ? null : id;
    }

    @SuppressWarnings("unchecked")
    static TaskFunction<Object, Object> readFunction(SessionDir session, ClassLoader loader) throws Exception {
        Object spec;
        try (RecordReader reader = RecordReader.open(session.functionFile(), FileKind.FUNCTION, loader)) {
            spec = reader.readObject();
        }
        if (spec instanceof String className) {
            Class<?> type = Class.forName(className, true, loader);
            return (TaskFunction<Object, Object>) type.getConstructor().newInstance();
        }
        if (spec instanceof TaskFunction<?, ?> instance) {
            return (TaskFunction<Object, Object>) instance;
        }
        throw new IllegalStateException(session.functionFile() + " holds a " + spec.getClass().getName()
                + ", not a TaskFunction");
    }

    static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
