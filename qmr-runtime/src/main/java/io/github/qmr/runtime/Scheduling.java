package io.github.qmr.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * How a map's chunks reach the queue: the mode, how many workers, for how long, in arrays or not, and how tasks are
 * cut into chunks. Immutable; {@link #DEFAULTS} holds every default, the constructor every range check, and
 * {@link #fromText} the text form. A null means "the queue decides" and is resolved in {@link Pool#plan()}.
 *
 * @param mode how chunks reach the queue; see {@link Mode}
 * @param maxWorkers pull mode: at most this many workers in the queue at once; null: the local queue's slots, else
 *     {@value #CLUSTER_MAX_WORKERS}
 * @param workerTimeBudget pull mode: a worker takes no chunk after running this long, and exits
 * @param jobArrays submit as job arrays where the queue has them (the workers in pull mode, the chunks in jobs mode)
 * @param chunkSize tasks per chunk; null: from {@code numChunks} or the default
 * @param numChunks about how many chunks, ceil(n / numChunks) tasks each; null: from {@code chunkSize} or the
 *     default (pull mode: {@value io.github.qmr.runtime.session.Chunking#PULL_CHUNKS_PER_WORKER} per worker; jobs
 *     mode: the local queue's slots, else {@value #CLUSTER_JOBS_CHUNKS})
 * @param pollInterval time between two polls of the queue; null: the queue's own (local 20 ms, SGE and Slurm 1 s)
 */
public record Scheduling(Mode mode, Integer maxWorkers, Duration workerTimeBudget, boolean jobArrays,
        Integer chunkSize, Integer numChunks, Duration pollInterval) {
    /** Pull mode's most workers by default on a cluster: enough to spread a sweep, bounded for fair share. */
    public static final int CLUSTER_MAX_WORKERS = 100;
    /** Jobs mode on a cluster: chunks (one queue-job each) by default. */
    public static final int CLUSTER_JOBS_CHUNKS = 100;

    private static final Duration BUDGET = Duration.ofMinutes(10);

    /** Every default: pull mode, workers and chunks from the queue, a 10-minute budget, job arrays. */
    public static final Scheduling DEFAULTS = new Scheduling(Mode.PULL, null, BUDGET, true, null, null, null);

    public Scheduling {
        if (mode == null) {
            throw new SettingException("mode", "is not set", "use Mode.PULL (the default) or Mode.JOBS");
        }
        if (maxWorkers != null && maxWorkers < 1) {
            throw new SettingException("maxWorkers", "must be at least 1, got " + maxWorkers,
                    "leave it out for the default (the local queue's slots, " + CLUSTER_MAX_WORKERS + " on a cluster)");
        }
        if (workerTimeBudget == null || workerTimeBudget.isNegative() || workerTimeBudget.isZero()) {
            throw new SettingException("workerTimeBudget", "must be more than 0",
                    "leave it out for the default of " + BUDGET.toMinutes() + " minutes");
        }
        if (chunkSize != null && numChunks != null) {
            throw new SettingException("chunkSize", "and {numChunks} are both set", "keep one");
        }
        if (chunkSize != null && chunkSize < 1) {
            throw new SettingException("chunkSize", "must be at least 1, got " + chunkSize, null);
        }
        if (numChunks != null && numChunks < 1) {
            throw new SettingException("numChunks", "must be at least 1, got " + numChunks, null);
        }
        if (pollInterval != null && pollInterval.isNegative()) {
            throw new SettingException("pollInterval", "must not be negative, got " + pollInterval, null);
        }
    }

    /**
     * Reads the settings named as this record's components ({@code mode} {@code pull} or {@code jobs},
     * {@code maxWorkers}, {@code workerTimeBudget} {@code 10m}, {@code jobArrays}, {@code chunkSize},
     * {@code numChunks}, {@code pollInterval} {@code 500ms}) through {@code text}; one not set keeps its default.
     */
    public static Scheduling fromText(Function<String, String> text) {
        SettingText t = SettingText.of(text);
        Scheduling d = DEFAULTS;
        Mode mode = t.choice("mode", List.of("pull", "jobs"), w -> Mode.valueOf(w.toUpperCase(Locale.ROOT)));
        Duration budget = t.duration("workerTimeBudget");
        Boolean arrays = t.bool("jobArrays");
        return new Scheduling(mode == null ? d.mode : mode, t.integer("maxWorkers"),
                budget == null ? d.workerTimeBudget : budget, arrays == null ? d.jobArrays : arrays,
                t.integer("chunkSize"), t.integer("numChunks"), t.duration("pollInterval"));
    }

    public Scheduling withMode(Mode mode) {
        return new Scheduling(mode, maxWorkers, workerTimeBudget, jobArrays, chunkSize, numChunks, pollInterval);
    }

    public Scheduling withMaxWorkers(Integer maxWorkers) {
        return new Scheduling(mode, maxWorkers, workerTimeBudget, jobArrays, chunkSize, numChunks, pollInterval);
    }

    public Scheduling withWorkerTimeBudget(Duration budget) {
        return new Scheduling(mode, maxWorkers, budget, jobArrays, chunkSize, numChunks, pollInterval);
    }

    public Scheduling withJobArrays(boolean jobArrays) {
        return new Scheduling(mode, maxWorkers, workerTimeBudget, jobArrays, chunkSize, numChunks, pollInterval);
    }

    /** Tasks per chunk; clears {@code numChunks}, so the last of the two set wins. */
    public Scheduling withChunkSize(Integer chunkSize) {
        return new Scheduling(mode, maxWorkers, workerTimeBudget, jobArrays, chunkSize, null, pollInterval);
    }

    /** About how many chunks; clears {@code chunkSize}, so the last of the two set wins. */
    public Scheduling withNumChunks(Integer numChunks) {
        return new Scheduling(mode, maxWorkers, workerTimeBudget, jobArrays, null, numChunks, pollInterval);
    }

    public Scheduling withPollInterval(Duration interval) {
        return new Scheduling(mode, maxWorkers, workerTimeBudget, jobArrays, chunkSize, numChunks, interval);
    }
}
