package io.github.qmr.runtime.worker;

import io.github.qmr.runtime.TaskFunction;
import io.github.qmr.runtime.codec.CodecException;
import io.github.qmr.runtime.codec.FileKind;
import io.github.qmr.runtime.codec.RecordReader;
import io.github.qmr.runtime.codec.RecordWriter;
import io.github.qmr.runtime.workdir.SessionDir;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/**
 * Runs one chunk on a worker: {@code WorkerMain <session dir> <ichunk>}. Reads the function and the chunk's tasks,
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

    private WorkerMain() {}

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("qmr worker: usage: WorkerMain <session dir> <ichunk>; got " + args.length
                    + " arguments. The launcher script of the session passes them; run it, not this class.");
            System.exit(EXIT_USAGE);
        }
        int ichunk;
        try {
            ichunk = Integer.parseInt(args[1]);
        } catch (NumberFormatException e) {
            System.err.println("qmr worker: the chunk index '" + args[1] + "' is not a number");
            System.exit(EXIT_USAGE);
            return;
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
        Runtime.getRuntime().addShutdownHook(new Thread(() -> noteExit(session, ichunk, null), "qmr-exit-note"));
        try {
            runChunk(session, ichunk);
        } catch (Throwable e) {
            noteExit(session, ichunk, e);
            System.err.println("qmr worker: chunk " + ichunk + " of session " + args[0] + " failed: " + e);
            e.printStackTrace();
            System.exit(EXIT_WORKER_FAILED);
        }
        System.exit(0);
    }

    private static synchronized void noteExit(SessionDir session, int ichunk, Throwable failure) {
        if (chunkComplete) {
            return;
        }
        chunkComplete = true; // one note per JVM
        long itask = currentItask;
        String note = failure != null ? "the worker failed: " + failure
                : itask >= 0 ? "the worker JVM exited while running itask " + itask
                        + " (System.exit in the function, or a signal)"
                        : "the worker JVM exited before its chunk was complete (a signal?)";
        try {
            session.writeText(session.exitFile(ichunk), note + "\n", false);
        } catch (RuntimeException e) {
            System.err.println("qmr worker: cannot write " + session.exitFile(ichunk) + ": " + e.getMessage());
        }
    }

    static void runChunk(SessionDir session, int ichunk) throws Exception {
        ClassLoader loader = WorkerMain.class.getClassLoader();
        TaskFunction<Object, Object> function = readFunction(session, loader);
        try (RecordReader tasks = RecordReader.open(session.tasksFile(ichunk), FileKind.TASKS, loader);
                RecordWriter results = RecordWriter.create(session.resultFile(ichunk), FileKind.RESULTS, ichunk,
                        tasks.firstItask(), loader)) {
            long itask = tasks.firstItask();
            while (tasks.hasNext()) {
                Object task = tasks.readObject();
                currentItask = itask;
                long start = System.nanoTime();
                Object value;
                try {
                    value = function.apply(task);
                } catch (Throwable e) { // a task's OutOfMemoryError or StackOverflowError fails only that task
                    task = null;
                    results.writeFailure(System.nanoTime() - start, e.getClass().getName(), e.getMessage(),
                            stackTrace(e));
                    itask++;
                    continue;
                }
                long nanos = System.nanoTime() - start;
                try {
                    results.writeSuccess(nanos, value);
                } catch (CodecException e) {
                    results.writeFailure(nanos, CodecException.class.getName(), "the result of itask " + itask
                            + " cannot be sent back: " + e.getMessage(), stackTrace(e));
                }
                itask++;
            }
            currentItask = -1;
            if (!results.finish()) {
                System.err.println("qmr worker: chunk " + ichunk + " already has a result from an earlier attempt;"
                        + " kept that one and dropped this attempt's");
            }
            chunkComplete = true;
        }
    }

    @SuppressWarnings("unchecked")
    private static TaskFunction<Object, Object> readFunction(SessionDir session, ClassLoader loader) throws Exception {
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

    private static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
