package io.github.qmr.runtime.worker;

import io.github.qmr.runtime.workdir.OutOfMemory;
import io.github.qmr.runtime.workdir.SessionDir;
import io.github.qmr.runtime.workdir.StorageFailure;
import io.github.qmr.runtime.workdir.StoppedFromOutside;

/**
 * The chunk's exit note: what the process node reads when a worker ended before its chunk's result (a task's
 * {@code System.exit}, a signal, a failure, a task stuck past its time limit). The worker keeps here, as it runs,
 * which chunk and task are running; the shutdown hook writes the note from them. Static: the hook and the SIGTERM
 * handler run on threads of their own, and a worker runs one chunk at a time.
 */
final class ExitNote {
    /** The task running now, for the exit note; -1 outside tasks. */
    static volatile long currentItask = -1;
    static volatile boolean chunkComplete;
    /** The chunk being run, for the exit note; -1 before the first (pull mode). */
    static volatile int currentChunk = -1;
    /** The exit note to write instead of the usual one (a task that did not stop at the time limit), or null. */
    static volatile String instead;
    /** Set when SIGTERM arrived: the exit note then says the worker was stopped from outside, not by its task. */
    static volatile boolean stoppedFromOutside;

    private ExitNote() {}

    /** Writes the chunk's exit note (its partial result file is gone by now); returns it, or null if none is due. */
    static synchronized String write(SessionDir session, Throwable failure) {
        int ichunk = currentChunk;
        if (chunkComplete || ichunk < 0) {
            return null; // between chunks (pull mode): nothing is left half done
        }
        chunkComplete = true; // one note per chunk
        long itask = currentItask;
        String storage = failure == null ? null : StorageFailure.kind(failure);
        String note = instead != null ? instead
                : storage != null ? StorageFailure.note(storage, session.resultFile(ichunk), failure)
                : failure != null && OutOfMemory.isCause(failure) ? OutOfMemory.note(itask, WorkerHost.name(),
                        failure, Runtime.getRuntime().maxMemory(), PeakMemory.bytes())
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
     * SIGTERM (scancel, preemption, a node drain, a kill) is told apart from the function's own {@code System.exit}:
     * both run the shutdown hook, which alone cannot tell which it was, and only the latter fails a chunk for good.
     * Where the JVM lets no handler in (e.g. {@code -Xrs}), SIGTERM keeps its default and the note says "a signal?".
     */
    static void catchSigterm() {
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
}
