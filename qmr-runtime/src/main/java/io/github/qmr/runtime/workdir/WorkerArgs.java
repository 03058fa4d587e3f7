package io.github.qmr.runtime.workdir;

import java.util.List;

/**
 * The worker's command line after {@code WorkerMain <session dir>}: built by the process node (as the arguments of
 * the launcher) and parsed by the worker, here only, so both sides agree. Five forms:
 * <ul>
 *   <li>{@code <ichunk>}: run one chunk (a job of its own);</li>
 *   <li>{@code array <first chunk>}: an array element; the launcher turns it into {@code <ichunk>} from the queue's
 *       task id;</li>
 *   <li>{@code pull <worker> <first chunk> <chunks> <budget ms> <walltime ms>}: pull mode, claim chunks from the work
 *       dir until none is left or the time budget is spent (0: no limit);</li>
 *   <li>{@code pull-array <first worker> <first chunk> <chunks> <budget ms> <walltime ms>}: the same as an array
 *       element; the launcher turns it into {@code pull} with the worker number from the queue's task id;</li>
 *   <li>{@code train}: the class-data archive's training run on the process node.</li>
 * </ul>
 */
public record WorkerArgs(Kind kind, int worker, int firstChunk, int chunks, long budgetMillis, long walltimeMillis) {
    public static final String ARRAY = "array";
    public static final String PULL = "pull";
    public static final String PULL_ARRAY = "pull-array";
    public static final String TRAIN = "train";

    public enum Kind { CHUNK, PULL, TRAIN }

    /**
     * The launcher's variable that gives the worker its heartbeat interval in milliseconds (see
     * {@link #heartbeatMillis}); unset or 0: no heartbeat.
     */
    public static final String HEARTBEAT_ENV = "QMR_HEARTBEAT_MILLIS";

    /**
     * How often a worker rewrites its heartbeat for a monitor that takes it as lost after {@code timeoutMillis} of
     * silence: an eighth of it, so a change late by a file system cache of up to half the timeout still comes well
     * in time; at least 100 ms, at most 15 s (a file server of a thousand workers gets under 70 writes a second).
     */
    public static long heartbeatMillis(long timeoutMillis) {
        return Math.max(100, Math.min(15_000, timeoutMillis / 8));
    }

    /** One chunk, as a job of its own. */
    public static List<String> chunk(int ichunk) {
        return List.of(Integer.toString(ichunk));
    }

    /** An array element running chunk {@code first + task id - 1}. */
    public static List<String> array(int firstChunk) {
        return List.of(ARRAY, Integer.toString(firstChunk));
    }

    /** A pull-mode worker of its own. */
    public static List<String> pull(int worker, int firstChunk, int chunks, long budgetMillis, long walltimeMillis) {
        return List.of(PULL, Integer.toString(worker), Integer.toString(firstChunk), Integer.toString(chunks),
                Long.toString(budgetMillis), Long.toString(walltimeMillis));
    }

    /** Pull-mode workers as an array: element {@code i} (1-based) is worker {@code firstWorker + i - 1}. */
    public static List<String> pullArray(int firstWorker, int firstChunk, int chunks, long budgetMillis,
            long walltimeMillis) {
        return List.of(PULL_ARRAY, Integer.toString(firstWorker), Integer.toString(firstChunk),
                Integer.toString(chunks), Long.toString(budgetMillis), Long.toString(walltimeMillis));
    }

    /**
     * Parses the arguments after the session dir, as the launcher passes them on (array forms already resolved).
     *
     * @throws IllegalArgumentException with a message for the worker's stderr
     */
    public static WorkerArgs parse(List<String> args) {
        if (args.size() == 1 && args.get(0).equals(TRAIN)) {
            return new WorkerArgs(Kind.TRAIN, -1, 0, 0, 0, 0);
        }
        if (args.size() == 1) {
            int ichunk = (int) number(args.get(0));
            return new WorkerArgs(Kind.CHUNK, -1, ichunk, ichunk + 1, 0, 0);
        }
        if (args.size() == 6 && args.get(0).equals(PULL)) {
            return new WorkerArgs(Kind.PULL, (int) number(args.get(1)), (int) number(args.get(2)),
                    (int) number(args.get(3)), number(args.get(4)), number(args.get(5)));
        }
        throw new IllegalArgumentException("usage: WorkerMain <session dir> <ichunk> | pull <worker> <first chunk>"
                + " <chunks> <budget ms> <walltime ms> | train; got " + args + ". The launcher script of the session"
                + " passes them; run it, not this class.");
    }

    private static long number(String arg) {
        try {
            long n = Long.parseLong(arg);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the argument '" + arg + "' is not a number of 0 or more");
        }
    }

    /**
     * Whether a pull-mode worker that has run for {@code elapsedMillis}, whose longest chunk so far took
     * {@code longestChunkMillis}, takes another chunk: not after its time budget, and not when the chunk might not end
     * before the job's walltime (the longest chunk so far, plus a margin of a tenth of the walltime, at most 60 s,
     * for the JVM's exit and a slow file system). 0 means no budget / no walltime.
     */
    public static boolean mayClaim(long elapsedMillis, long longestChunkMillis, long budgetMillis,
            long walltimeMillis) {
        if (budgetMillis > 0 && elapsedMillis >= budgetMillis) {
            return false;
        }
        if (walltimeMillis > 0) {
            long margin = Math.min(60_000, walltimeMillis / 10);
            return elapsedMillis + longestChunkMillis + margin < walltimeMillis;
        }
        return true;
    }
}
