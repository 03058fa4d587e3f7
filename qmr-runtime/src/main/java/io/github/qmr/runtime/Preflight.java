package io.github.qmr.runtime;

import io.github.qmr.runtime.codec.CodecException;
import io.github.qmr.runtime.codec.FileKind;
import io.github.qmr.runtime.codec.RecordReader;
import io.github.qmr.runtime.codec.RecordWriter;
import io.github.qmr.runtime.process.CommandResult;
import io.github.qmr.runtime.process.CommandRunner;
import io.github.qmr.runtime.workdir.SessionDir;
import io.github.qmr.runtime.workdir.TaskText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * A pre-flight check: runs the first few tasks here, in this JVM, before a map submits anything, and checks that each
 * result can be written and read back under qmr's class policy. A misspelt parameter or a result holding a thread
 * then fails in seconds, before a job exists, instead of once per task on the queue.
 *
 * <pre>{@code
 * Preflight.check(new Simulate(), tasks, 1, Duration.ofSeconds(30));   // throws PreflightException
 * List<Double> out = pool.map(Simulate.class, tasks);
 * }</pre>
 *
 * <p>The tasks run on one short-lived thread so that a slow task cannot hold the build: past the time limit the check
 * stops waiting (the thread is interrupted and left to end; it is a daemon) and reports that it could not finish,
 * which is not a failure. The map itself still uses no extra threads.
 */
public final class Preflight {

    private Preflight() {}

    /**
     * What a check found.
     *
     * @param tasksRun tasks that ran and whose results were checked
     * @param timedOut true if a task was still running at the time limit (not a failure: it may just be long)
     * @param elapsed time spent
     */
    public record Report(int tasksRun, boolean timedOut, Duration elapsed) {
        /**
         * About how long one task took here (a task cut off by the time limit counts as taking that long, a lower
         * bound), for {@link Pool.Builder#taskTime}; null when nothing ran.
         */
        public Duration taskTime() {
            int tasks = tasksRun + (timedOut ? 1 : 0);
            return tasks == 0 ? null : elapsed.dividedBy(tasks);
        }
    }

    /** A task failed in the pre-flight check, or its result cannot be serialized; nothing was submitted. */
    public static final class PreflightException extends InvalidInputException {
        private static final long serialVersionUID = 1L;
        private final long itask;

        PreflightException(String message, long itask, Throwable cause) {
            super(message, cause);
            this.itask = itask;
        }

        /** The index of the task that failed. */
        public long itask() {
            return itask;
        }
    }

    /**
     * Applies {@code function} to the first {@code count} tasks, in order, and checks that each result serializes.
     *
     * @param count how many tasks; 0 checks nothing
     * @param timeLimit how long to wait for all of them
     * @throws PreflightException a task threw, or its result cannot be serialized (the message names the task's
     *     index and the task itself)
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Report check(TaskFunction<?, ?> function, Iterable<?> tasks, int count, Duration timeLimit) {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(tasks, "tasks");
        if (count < 0 || timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("count must be 0 or more and the time limit more than 0, got " + count
                    + " and " + timeLimit);
        }
        long start = System.nanoTime();
        Iterator<?> it = tasks.iterator();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        int run = 0;
        for (long itask = 0; itask < count && it.hasNext(); itask++) {
            Object task = it.next();
            Duration left = timeLimit.minusNanos(System.nanoTime() - start);
            Attempt attempt = new Attempt((TaskFunction) function, task);
            Thread thread = new Thread(attempt, "qmr-preflight");
            thread.setDaemon(true);
            thread.setContextClassLoader(loader);
            thread.start();
            try {
                thread.join(Math.max(1, left.toMillis()));
            } catch (InterruptedException e) {
                thread.interrupt();
                Thread.currentThread().interrupt();
                return new Report(run, true, Duration.ofNanos(System.nanoTime() - start));
            }
            if (thread.isAlive()) {
                thread.interrupt();
                return new Report(run, true, Duration.ofNanos(System.nanoTime() - start));
            }
            if (attempt.failure != null) {
                Throwable t = attempt.failure;
                throw new PreflightException("task " + itask + " (" + TaskText.of(task) + ") failed in the pre-flight"
                        + " check on this machine, before anything was submitted: " + t + atFunction(t, function.getClass()), itask, t);
            }
            if (attempt.result == null && !function.mayReturnNull()) {
                throw new PreflightException("task " + itask + " (" + TaskText.of(task) + ") returned null in the"
                        + " pre-flight check, before anything was submitted; "
                        + io.github.qmr.runtime.workdir.NullResult.why(function.getClass().getName()), itask, null);
            }
            checkSerializable(attempt.result, itask, task, loader);
            run++;
        }
        return new Report(run, false, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * {@link #check} in a JVM of its own, started as a worker's is ({@code worker}'s java, JVM options and classpath),
     * so that the check runs exactly the classes and library versions the workers will, and a task that calls
     * {@code System.exit}, crashes the JVM or hangs past the time limit fails the check with a message naming it
     * instead of ending or holding the caller. Costs one JVM start (about half a second).
     *
     * @param functionClass the function's class name, made with its public no-arg constructor as a worker does
     * @param loader resolves the tasks' classes for writing them
     * @throws PreflightException a task failed, its result cannot be serialized, or it ended the JVM
     */
    public static Report checkForked(String functionClass, Iterable<?> tasks, int count, Duration timeLimit,
            WorkerSetup worker, ClassLoader loader) {
        Objects.requireNonNull(functionClass, "functionClass");
        Objects.requireNonNull(worker, "worker");
        if (count < 0 || timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("count must be 0 or more and the time limit more than 0, got " + count
                    + " and " + timeLimit);
        }
        SessionDir scratch;
        try {
            scratch = SessionDir.scratch("qmr-preflight-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary folder for the pre-flight check: " + e, e);
        }
        try {
            List<Object> first = new ArrayList<>();
            try (RecordWriter w = RecordWriter.create(scratch.functionFile(), FileKind.FUNCTION, 0, 0, loader)) {
                w.writeObject(functionClass);
                w.finish();
            }
            try (RecordWriter w = RecordWriter.create(scratch.tasksFile(0), FileKind.TASKS, 0, 0, loader)) {
                Iterator<?> it = tasks.iterator();
                while (first.size() < count && it.hasNext()) {
                    Object task = it.next();
                    try {
                        w.writeObject(task);
                    } catch (CodecException e) {
                        throw new PreflightException("task " + first.size() + " (" + TaskText.of(task) + ") cannot be"
                                + " sent to a worker: " + e.getMessage(), first.size(), e);
                    }
                    first.add(task);
                }
                w.finish();
            }
            if (first.isEmpty()) {
                return new Report(0, false, Duration.ZERO);
            }
            List<String> argv = new ArrayList<>();
            argv.add(worker.java().toString());
            argv.addAll(worker.jvmOptions());
            argv.add("-cp");
            argv.add(worker.classpath().stream().map(Path::toString).collect(
                    java.util.stream.Collectors.joining(java.io.File.pathSeparator)));
            argv.add("io.github.qmr.runtime.worker.PreflightMain");
            argv.add(scratch.path().toString());
            argv.add(Integer.toString(first.size()));
            argv.add(Long.toString(timeLimit.toMillis()));
            // the check stops itself at the time limit; past it plus a JVM's start, it is stopped from here
            CommandResult ran = new CommandRunner().run(argv, timeLimit.plus(JVM_START_ALLOWANCE));
            return outcome(scratch, ran, first, timeLimit);
        } finally {
            scratch.deleteScratch();
        }
    }

    /** How long a pre-flight JVM may take to start and load the function, beyond the check's own time limit. */
    static final Duration JVM_START_ALLOWANCE = Duration.ofSeconds(60);

    private static Report outcome(SessionDir scratch, CommandResult ran, List<Object> tasks, Duration timeLimit) {
        Path file = scratch.preflightOutcome();
        if (Files.isRegularFile(file)) {
            java.util.Properties p = new java.util.Properties();
            try (java.io.InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the pre-flight check's outcome " + file + ": " + e, e);
            }
            String trace = p.getProperty("trace");
            if (p.getProperty("setupFailure") != null) {
                throw new PreflightException("the function could not be made in the pre-flight JVM (the workers'"
                        + " classpath), before any task ran: " + p.getProperty("setupFailure"), -1,
                        trace == null ? null : new ForkedFailure(trace));
            }
            if (p.getProperty("failedTask") != null) {
                throw new PreflightException(p.getProperty("message"), Long.parseLong(p.getProperty("failedTask")),
                        trace == null ? null : new ForkedFailure(trace));
            }
            return new Report(Integer.parseInt(p.getProperty("tasksRun")),
                    Boolean.parseBoolean(p.getProperty("timedOut")),
                    Duration.ofNanos(Long.parseLong(p.getProperty("elapsedNanos"))));
        }
        int itask = runningTask(scratch);
        String task = itask < 0 ? "the pre-flight JVM" : "task " + itask + " (" + TaskText.of(tasks.get(itask)) + ")";
        if (ran.timedOut()) {
            // not a failure, as with a task that is merely long: the map starts without waiting for it
            return new Report(Math.max(0, itask), true, timeLimit);
        }
        throw new PreflightException(task + " ended the pre-flight check's JVM with exit code " + ran.exitCode()
                + (itask < 0 ? "" : ": System.exit(" + ran.exitCode() + ") in the function, or a crash of the JVM")
                + ", before anything was submitted; on a worker it would end the worker's JVM the same way. Its"
                + " command and output:\n" + ran.describe(), Math.max(0, itask), null);
    }

    private static int runningTask(SessionDir scratch) {
        try {
            return Integer.parseInt(Files.readString(scratch.preflightProgress()).strip());
        } catch (IOException | NumberFormatException e) {
            return -1; // it ended before its first task
        }
    }

    /** A failure in the pre-flight JVM: its stack trace as that JVM printed it. */
    public static final class ForkedFailure extends QmrException {
        private static final long serialVersionUID = 1L;
        private final String trace;

        ForkedFailure(String trace) {
            super(trace.lines().findFirst().orElse("a failure in the pre-flight JVM"));
            this.trace = trace;
        }

        /** The stack trace as printed in the pre-flight JVM, causes included. */
        public String trace() {
            return trace;
        }
    }

    /** The result must survive what the worker does with it: written, then read back, under the class policy. */
    private static void checkSerializable(Object result, long itask, Object task, ClassLoader loader) {
        SessionDir scratch = null;
        try {
            // a scratch session of its own: result files are sealed with a session's secret, as a worker's are
            scratch = SessionDir.scratch("qmr-preflight-");
            Path file = scratch.resultFile(0);
            try (RecordWriter w = RecordWriter.create(file, FileKind.RESULTS, 0, itask, loader)) {
                w.writeSuccess(0, result);
                w.finish();
            }
            try (RecordReader r = RecordReader.open(file, FileKind.RESULTS, loader)) {
                r.readOutcome();
            }
        } catch (CodecException e) {
            throw new PreflightException("task " + itask + " (" + TaskText.of(task) + ") ran in the pre-flight check,"
                    + " but its result cannot be sent back from a worker: " + e.getMessage(), itask, e);
        } catch (IOException | UncheckedIOException e) {
            throw new UncheckedIOException("cannot write a temporary file for the pre-flight check: " + e,
                    e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        } finally {
            if (scratch != null) {
                scratch.deleteScratch();
            }
        }
    }

    /** Where in the function it failed: its first frame in the stack trace, else the frame that threw. */
    private static String atFunction(Throwable t, Class<?> function) {
        StackTraceElement[] frames = t.getStackTrace();
        for (StackTraceElement f : frames) {
            if (f.getClassName().equals(function.getName())) {
                return " (at " + f + ")";
            }
        }
        return frames.length == 0 ? "" : " (at " + frames[0] + ")";
    }

    private static final class Attempt implements Runnable {
        private final TaskFunction<Object, Object> function;
        private final Object task;
        private volatile Object result;
        private volatile Throwable failure;

        Attempt(TaskFunction<Object, Object> function, Object task) {
            this.function = function;
            this.task = task;
        }

        @Override
        public void run() {
            try {
                result = function.apply(task);
            } catch (Throwable t) { // as on a worker: even an Error fails only this task, and is reported
                failure = t;
            }
        }
    }
}
