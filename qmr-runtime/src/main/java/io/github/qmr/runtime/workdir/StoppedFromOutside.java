package io.github.qmr.runtime.workdir;

/**
 * A worker stopped by SIGTERM: {@code scancel}, Slurm's preemption, a node drained or rebooted, an administrator's
 * {@code kill}. Not the function's doing, so its chunk runs again (for its missing tasks only, as each finished task
 * is saved) within the chunk's resubmissions; only the function's own {@code System.exit} fails a chunk for good.
 *
 * <p>The contract: the worker's exit note ({@link SessionDir#exitFile}) then starts with {@link #NOTE_PREFIX}, and
 * the worker exits with {@link #EXIT_CODE} (143, as a shell reports a SIGTERM); {@link #isStopNote} recognises such a
 * note.
 */
public final class StoppedFromOutside {
    /** The first characters of the exit note of a worker that was stopped by a signal from outside. */
    public static final String NOTE_PREFIX = "stopped: ";
    /** 128 + SIGTERM. */
    public static final int EXIT_CODE = 143;

    private StoppedFromOutside() {}

    /** Whether an exit note's text says the worker was stopped from outside (running the chunk again may succeed). */
    public static boolean isStopNote(String note) {
        return note != null && note.stripLeading().startsWith(NOTE_PREFIX);
    }

    /** The exit note of a worker stopped by SIGTERM while it ran {@code itask} (-1: between tasks). */
    public static String note(long itask) {
        return NOTE_PREFIX + "the worker received SIGTERM (scancel, preemption, a node drain or reboot, or a kill)"
                + (itask >= 0 ? " while running itask " + itask : "")
                + "; the tasks it finished are saved, the chunk runs again for the others";
    }
}
