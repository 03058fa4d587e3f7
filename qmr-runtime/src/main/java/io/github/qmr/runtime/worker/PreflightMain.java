package io.github.qmr.runtime.worker;

import io.github.qmr.runtime.Preflight;
import io.github.qmr.runtime.TaskFunction;
import io.github.qmr.runtime.codec.FileKind;
import io.github.qmr.runtime.codec.RecordReader;
import io.github.qmr.runtime.workdir.SessionDir;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The pre-flight check in a JVM of its own, started by {@code Preflight.checkForked} with the workers' java, options
 * and classpath: a task that calls {@code System.exit}, crashes the JVM or never ends then ends this JVM, not the
 * build. Arguments: {@code <session dir> <tasks> <time limit ms>}; the function and the tasks are the session's
 * function file and chunk 0. Writes {@link SessionDir#preflightProgress} before each task and
 * {@link SessionDir#preflightOutcome} at the end.
 */
public final class PreflightMain {
    private PreflightMain() {}

    public static void main(String[] args) throws Exception {
        SessionDir session = SessionDir.open(Path.of(args[0]));
        int count = Integer.parseInt(args[1]);
        Duration timeLimit = Duration.ofMillis(Long.parseLong(args[2]));
        ClassLoader loader = PreflightMain.class.getClassLoader();
        Properties outcome = new Properties();
        long start = System.nanoTime();
        int run = 0;
        boolean timedOut = false;
        long elapsed = -1;
        try {
            TaskFunction<Object, Object> function = WorkerMain.readFunction(session, loader);
            List<Object> tasks = new ArrayList<>();
            try (RecordReader reader = RecordReader.open(session.tasksFile(0), FileKind.TASKS, loader)) {
                while (reader.hasNext() && tasks.size() < count) {
                    tasks.add(reader.readObject());
                }
            }
            // Preflight.check takes each task just before it runs it: the moment to say which task is running
            Iterable<Object> announced = () -> new java.util.Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    return next < tasks.size();
                }

                @Override
                public Object next() {
                    session.writeText(session.preflightProgress(), Integer.toString(next), false);
                    return tasks.get(next++);
                }
            };
            Preflight.Report report = Preflight.check(function, announced, count, timeLimit);
            run = report.tasksRun();
            timedOut = report.timedOut();
            elapsed = report.elapsed().toNanos();
        } catch (Preflight.PreflightException e) {
            outcome.setProperty("failedTask", Long.toString(e.itask()));
            outcome.setProperty("message", e.getMessage());
            // a result that cannot be serialized is said in one line (its field path); Kryo's trace would add nothing
            if (e.getCause() != null && !(e.getCause() instanceof io.github.qmr.runtime.codec.CodecException)) {
                outcome.setProperty("trace", WorkerMain.stackTrace(e.getCause()));
            }
        } catch (Exception | LinkageError e) { // the function's class cannot be loaded or made: before any task
            outcome.setProperty("setupFailure", e.toString());
            outcome.setProperty("trace", WorkerMain.stackTrace(e));
        }
        outcome.setProperty("tasksRun", Integer.toString(run));
        outcome.setProperty("timedOut", Boolean.toString(timedOut));
        outcome.setProperty("elapsedNanos", Long.toString(elapsed >= 0 ? elapsed : System.nanoTime() - start));
        write(outcome, session.preflightOutcome());
        System.exit(0); // a task still running past the limit is on a daemon thread: this ends it
    }

    private static void write(Properties outcome, Path file) throws IOException {
        Path part = file.resolveSibling(file.getFileName() + ".part");
        try (OutputStream out = Files.newOutputStream(part)) {
            outcome.store(out, null);
        }
        Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
