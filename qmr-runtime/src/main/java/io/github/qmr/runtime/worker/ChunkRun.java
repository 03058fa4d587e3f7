package io.github.qmr.runtime.worker;

import io.github.qmr.runtime.TaskFunction;
import io.github.qmr.runtime.codec.CodecException;
import io.github.qmr.runtime.codec.FileKind;
import io.github.qmr.runtime.codec.PartialFile;
import io.github.qmr.runtime.codec.RecordReader;
import io.github.qmr.runtime.codec.RecordWriter;
import io.github.qmr.runtime.workdir.NullResult;
import io.github.qmr.runtime.workdir.OutOfMemory;
import io.github.qmr.runtime.workdir.SessionDir;
import io.github.qmr.runtime.workdir.TaskText;
import io.github.qmr.runtime.workdir.TaskTimedOut;
import java.nio.file.Path;

/**
 * One chunk on a worker: its tasks in series, each outcome (value, or the exception with its stack trace, its time,
 * CPU time and peak memory) saved as it ends, what an earlier attempt saved carried over, a task past its time limit
 * ended, and the result file written atomically when the chunk is complete. {@link ExitNote} follows the task
 * running.
 */
final class ChunkRun {
    private ChunkRun() {}

    /**
     * Runs one chunk: the tasks an earlier attempt did not finish (its saved outcomes are carried over), each outcome
     * saved in the chunk's partial file as it is written, then the complete result file, which appears atomically.
     */
    static void run(SessionDir session, int ichunk, TaskFunction<Object, Object> function) throws Exception {
        ClassLoader loader = ChunkRun.class.getClassLoader();
        Path partialPath = session.partialFile(ichunk);
        PartialFile partial = null;
        boolean savesPartial = false;
        try (RecordReader tasks = RecordReader.open(session.tasksFile(ichunk), FileKind.TASKS, loader);
                RecordWriter results = RecordWriter.create(session.resultFile(ichunk), FileKind.RESULTS, ichunk,
                        tasks.firstItask(), loader)) {
            // the first attempt at a chunk makes its partial file at once; a later one finds the earlier attempt's
            // there, and carries over what it saved. A chunk of one task has none: its last task is never saved there.
            savesPartial = tasks.records() > 1;
            partial = savesPartial ? PartialFile.createNew(partialPath, ichunk, tasks.firstItask()) : null;
            PartialFile.Saved saved = partial != null || !savesPartial ? null
                    : savedEarlier(partialPath, ichunk, tasks, loader);
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
            if (partial == null && savesPartial && tasks.records() - (saved == null ? 0 : saved.records()) > 1) {
                partial = PartialFile.create(partialPath, ichunk, tasks.firstItask(), saved);
            }
            if (partial != null) {
                results.saveEachOutcomeIn(partial);
            }
            results.writeWorker(WorkerHost.name(), WorkerHost.jobId(System.getenv()));
            PeakMemory peak = new PeakMemory();
            Tally tally = new Tally();
            watch = TaskWatch.start(Thread.currentThread(), stuck -> endStuckTask(session, ichunk, results, stuck,
                    tally, watch()));
            boolean nullIsAResult = function.mayReturnNull();
            TaskCpu cpu = new TaskCpu(WorkerMain.cpuClock());
            while (tasks.hasNext()) {
                Object task = tasks.readObject();
                if (!tasks.hasNext()) {
                    results.saveEachOutcomeIn(null);
                }
                ExitNote.currentItask = itask;
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
                            ? TaskTimedOut.EXCEPTION : e.getClass().getName(), e.getMessage(),
                            WorkerMain.stackTrace(e));
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
                            + " itask " + itask + " cannot be sent back: " + e.getMessage(), WorkerMain.stackTrace(e));
                    if (tally.failed++ == 0) {
                        tally.firstFailure = "itask " + itask + " (" + TaskText.of(task) + "): the result cannot be"
                                + " sent back: " + e.getMessage();
                    }
                }
                itask++;
            }
            ExitNote.currentItask = -1;
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
        if (ExitNote.chunkComplete && savesPartial) {
            // the result holds every outcome now; a partial file left by a worker killed here (or one this cannot
            // delete) is never read again. java.io.File#delete: one unlink, where Files.delete looks first.
            partialPath.toFile().delete();
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

    /**
     * Writes the failed file (the failures before the result, so whoever sees the result sees it too) and the
     * result.
     */
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
        ExitNote.chunkComplete = true;
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
            ExitNote.instead = TaskTimedOut.note(itask, w.limitMillis());
        } catch (RuntimeException e) {
            ExitNote.instead = TaskTimedOut.note(itask, w.limitMillis()) + " (recording it failed: " + e + ")";
        }
        System.exit(WorkerMain.EXIT_WORKER_FAILED);
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
}
