package io.github.qmr.runtime.worker;

import io.github.qmr.runtime.TaskFunction;
import io.github.qmr.runtime.codec.CodecException;
import io.github.qmr.runtime.codec.FileKind;
import io.github.qmr.runtime.codec.RecordReader;
import io.github.qmr.runtime.codec.RecordWriter;
import io.github.qmr.runtime.workdir.ClaimBoard;
import io.github.qmr.runtime.workdir.SessionDir;
import io.github.qmr.runtime.workdir.WorkerArgs;
import io.github.qmr.runtime.workdir.StorageFailure;
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
 * (the command line is {@link WorkerArgs}). Reads the function once, then runs each chunk through {@link ChunkRun}
 * (its tasks in series, every outcome in the chunk's result file, which appears atomically when complete); the
 * heartbeat, and the {@link ExitNote} the shutdown hook writes when the worker ends before its chunk's result.
 *
 * <p>Exit codes: 0 when the result file is written (even if tasks threw: their failures are in it); 1 when the
 * worker itself failed (the reason is on stderr); 2 for a bad command line. Never 99 or 100, which Grid Engine
 * takes as "reschedule" and "error state".
 */
public final class WorkerMain {
    static final int EXIT_WORKER_FAILED = 1;
    static final int EXIT_USAGE = 2;

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
                ExitNote.write(session, null);
            }
        }, "qmr-exit-note"));
        ExitNote.catchSigterm();
        startHeartbeat(session, parsed);
        try {
            if (parsed.kind() == WorkerArgs.Kind.PULL) {
                runClaims(session, parsed, startNanos);
            } else {
                ExitNote.currentChunk = parsed.firstChunk();
                ChunkRun.run(session, parsed.firstChunk(), readFunction(session, WorkerMain.class.getClassLoader()));
            }
        } catch (Throwable e) {
            // a storage error is named as such (StorageFailure's contract): the note, stderr and the exit code say so
            String storage = StorageFailure.kind(e);
            String note = ExitNote.write(session, e);
            int ichunk = ExitNote.currentChunk;
            String line = "qmr worker: " + (ichunk < 0 ? "session " + args[0] + " failed before the worker took a"
                    + " chunk: " : "chunk " + ichunk + " of session " + args[0] + " failed: ")
                    + (storage != null && note != null ? note : e.toString());
            System.err.println(line);
            if (parsed.kind() == WorkerArgs.Kind.PULL && ichunk >= 0) {
                // a pull-mode worker's own stderr is not the chunk's: say it where the chunk's reader looks too
                try (PrintStream chunkErr = appendTo(session.stderrFile(ichunk))) {
                    chunkErr.println(line);
                } catch (java.io.IOException | RuntimeException alsoFailed) {
                    System.err.println("qmr worker: cannot write to " + session.stderrFile(ichunk) + ": "
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
                        : session.chunkHeartbeat(args.firstChunk()), millis, WorkerHost.name());
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
            ExitNote.currentChunk = ichunk;
            ExitNote.chunkComplete = false;
            // done by an earlier session or attempt, or finished late by a worker whose claim was released: the
            // look before the claim saw its claim file only (ClaimBoard.taken)
            if (Files.exists(session.resultFile(ichunk))) {
                ExitNote.chunkComplete = true;
                continue;
            }
            long chunkStart = System.nanoTime();
            try (PrintStream chunkOut = appendTo(session.stdoutFile(ichunk));
                    PrintStream chunkErr = appendTo(session.stderrFile(ichunk))) {
                System.setOut(chunkOut);
                System.setErr(chunkErr);
                ChunkRun.run(session, ichunk, function);
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
        // and so do the worker's own classes that every chunk uses (loaded, not run)
        Class.forName(ChunkRun.class.getName(), false, loader);
        Class.forName(ExitNote.class.getName(), false, loader);
        Class.forName(WorkerHost.class.getName(), false, loader);
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

    private static PrintStream appendTo(Path file) throws java.io.IOException {
        return new PrintStream(Channels.newOutputStream(Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))), true);
    }

    /** The JVM's clock of each thread's CPU time, or null where it has none. */
    static java.lang.management.ThreadMXBean cpuClock() {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        return bean.isCurrentThreadCpuTimeSupported() ? bean : null;
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
