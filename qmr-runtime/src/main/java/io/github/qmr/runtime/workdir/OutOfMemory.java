package io.github.qmr.runtime.workdir;

/**
 * A worker whose JVM ran out of memory ({@link OutOfMemoryError}) outside a task, or in a task while memory
 * escalation is on ({@link #STOP_PROPERTY}): it stops instead of going on, as the heap it was given is too small for
 * the chunk. The tasks it finished are saved, so the next attempt, with more memory, runs only the others. Without
 * escalation a task's OutOfMemoryError fails only that task, and the chunk's other tasks keep their results.
 *
 * <p>The contract: the worker's exit note ({@link SessionDir#exitFile}) then starts with {@link #NOTE_PREFIX};
 * {@link #isNote} recognises it, and the engine takes it as a memory kill.
 */
public final class OutOfMemory {
    /** The first characters of the exit note of a worker that ran out of memory. */
    public static final String NOTE_PREFIX = "out of memory: ";

    /** The worker JVM's system property, {@code true} when memory escalation is on. */
    public static final String STOP_PROPERTY = "qmr.stopOnOutOfMemory";

    private OutOfMemory() {}

    /** The worker's JVM option that makes a task's OutOfMemoryError stop it (memory escalation is on). */
    public static String stopOption() {
        return "-D" + STOP_PROPERTY + "=true";
    }

    /** In the worker: whether a task's OutOfMemoryError stops it. */
    public static boolean stopsWorker() {
        return Boolean.getBoolean(STOP_PROPERTY);
    }

    /** Whether an exit note's text says the worker ran out of memory. */
    public static boolean isNote(String note) {
        return note != null && note.stripLeading().startsWith(NOTE_PREFIX);
    }

    /** Whether the failure is (or was caused by) an {@link OutOfMemoryError}. */
    public static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * The exit note: what ran out, where, and how much the JVM had ({@code -Xmx}) and held at its peak.
     *
     * @param itask the task that ran out (-1: outside tasks)
     * @param host the worker's host
     * @param error the error
     * @param maxHeapBytes {@link Runtime#maxMemory()}
     * @param peakResidentBytes the JVM's peak resident memory ({@code VmHWM}), or -1 if not known
     */
    public static String note(long itask, String host, Throwable error, long maxHeapBytes, long peakResidentBytes) {
        return NOTE_PREFIX + "the worker JVM on " + host + " ran out of memory"
                + (itask >= 0 ? " in itask " + itask : "") + " (" + error + "); used " + used(maxHeapBytes,
                        peakResidentBytes) + "; the tasks it finished are saved";
    }

    /** What a note of {@link #note} says was used, e.g. {@code heap limit (-Xmx) 256 MiB, peak resident 301 MiB}. */
    public static String used(long maxHeapBytes, long peakResidentBytes) {
        return "heap limit (-Xmx) " + mib(maxHeapBytes) + (peakResidentBytes < 0 ? ""
                : ", peak resident " + mib(peakResidentBytes));
    }

    /** The part of a note that says what was used, or null if the note has none. */
    public static String usedIn(String note) {
        int at = note.indexOf("); used ");
        if (at < 0) {
            return null;
        }
        int end = note.indexOf("; the tasks", at);
        return note.substring(at + "); used ".length(), end < 0 ? note.length() : end).strip();
    }

    private static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }
}
