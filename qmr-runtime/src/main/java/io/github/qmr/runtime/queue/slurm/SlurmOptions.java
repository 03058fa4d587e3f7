package io.github.qmr.runtime.queue.slurm;

import java.util.List;

/**
 * Site-specific sbatch options added to every job qmr submits; {@code null} (or 0) leaves a setting to the site's
 * defaults.
 *
 * @param partition {@code --partition}, e.g. {@code short}
 * @param time {@code --time}, the wall-clock limit in Slurm's syntax, e.g. {@code 30}, {@code 2:00:00},
 *     {@code 1-00:00:00}
 * @param mem {@code --mem}, the memory per node in Slurm's syntax (binary units K, M, G, T; no unit is M), e.g.
 *     {@code 4G}; it also sizes the worker's heap, see {@link SlurmMemory}
 * @param cpusPerTask {@code --cpus-per-task}; 0 for the site's default (one)
 * @param account {@code --account}, the account to charge
 * @param extraArgs further sbatch arguments, passed as they are before the script, e.g. {@code --qos=long}
 * @param maxArraySize the most elements qmr puts in one array job (0: no arrays). qmr numbers elements from 1, so
 *     at most the cluster's {@code MaxArraySize - 1} ({@code scontrol show config | grep MaxArraySize}); Slurm's
 *     default MaxArraySize is 1001
 * @param maxRunningTasks the most elements of one array job running at once ({@code --array=1-N%limit}); 0 for
 *     no limit
 */
public record SlurmOptions(String partition, String time, String mem, int cpusPerTask, String account,
        List<String> extraArgs, int maxArraySize, int maxRunningTasks) {
    /** Slurm's default {@code MaxArraySize} (1001) allows indexes 0..1000; qmr uses 1..N. */
    public static final int SLURM_MAX_ARRAY_SIZE = 1000;

    /** The site's defaults for everything; arrays of up to {@link #SLURM_MAX_ARRAY_SIZE} elements, no limit. */
    public static final SlurmOptions DEFAULTS =
            new SlurmOptions(null, null, null, 0, null, List.of(), SLURM_MAX_ARRAY_SIZE, 0);

    public SlurmOptions {
        extraArgs = List.copyOf(extraArgs);
        if (cpusPerTask < 0 || maxArraySize < 0 || maxRunningTasks < 0) {
            throw new IllegalArgumentException("cpusPerTask, maxArraySize and maxRunningTasks must be 0 or more, got "
                    + cpusPerTask + ", " + maxArraySize + " and " + maxRunningTasks);
        }
        if (mem != null) {
            SlurmMemory.parse(mem); // a typo fails here, not at the first sbatch
        }
    }

    public SlurmOptions withPartition(String value) {
        return new SlurmOptions(value, time, mem, cpusPerTask, account, extraArgs, maxArraySize, maxRunningTasks);
    }

    public SlurmOptions withTime(String value) {
        return new SlurmOptions(partition, value, mem, cpusPerTask, account, extraArgs, maxArraySize, maxRunningTasks);
    }

    public SlurmOptions withMem(String value) {
        return new SlurmOptions(partition, time, value, cpusPerTask, account, extraArgs, maxArraySize, maxRunningTasks);
    }

    public SlurmOptions withCpusPerTask(int value) {
        return new SlurmOptions(partition, time, mem, value, account, extraArgs, maxArraySize, maxRunningTasks);
    }

    public SlurmOptions withAccount(String value) {
        return new SlurmOptions(partition, time, mem, cpusPerTask, value, extraArgs, maxArraySize, maxRunningTasks);
    }

    public SlurmOptions withExtraArgs(List<String> value) {
        return new SlurmOptions(partition, time, mem, cpusPerTask, account, value, maxArraySize, maxRunningTasks);
    }

    public SlurmOptions withArrays(int maxSize, int maxRunning) {
        return new SlurmOptions(partition, time, mem, cpusPerTask, account, extraArgs, maxSize, maxRunning);
    }
}
