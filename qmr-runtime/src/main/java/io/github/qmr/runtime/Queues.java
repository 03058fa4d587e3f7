package io.github.qmr.runtime;

import io.github.qmr.runtime.process.CommandRunner;
import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.QueueTiming;
import io.github.qmr.runtime.queue.sge.SgeOptions;
import io.github.qmr.runtime.queue.sge.SgeQueue;
import io.github.qmr.runtime.queue.sge.SgeTools;
import io.github.qmr.runtime.queue.slurm.SlurmOptions;
import io.github.qmr.runtime.queue.slurm.SlurmQueue;
import io.github.qmr.runtime.queue.slurm.SlurmTools;
import io.github.qmr.runtime.queue.local.LocalQueue;

/** The queues qmr can run on. */
public final class Queues {
    private Queues() {}

    /** The embedded queue: worker JVMs as local processes, one per available processor at a time. */
    public static BatchQueue local() {
        return new LocalQueue(Runtime.getRuntime().availableProcessors());
    }

    /**
     * Son of Grid Engine with default options: {@code qsub}, {@code qstat}, {@code qdel}, {@code qacct} from PATH,
     * the cluster's default queue, job arrays of up to 75,000 tasks.
     */
    public static BatchQueue sge() {
        return sge(SgeOptions.DEFAULTS, SgeTools.onPath());
    }

    /** Son of Grid Engine with the given submit options and programs. */
    public static BatchQueue sge(SgeOptions options, SgeTools tools) {
        return new SgeQueue(tools, options, QueueTiming.DEFAULTS, new CommandRunner());
    }

    /**
     * Slurm with default options: {@code sbatch}, {@code squeue}, {@code scancel}, {@code sacct} from PATH, the
     * cluster's default partition and limits, job arrays of up to 1,000 elements (Slurm's default MaxArraySize).
     */
    public static BatchQueue slurm() {
        return slurm(SlurmOptions.DEFAULTS, SlurmTools.onPath());
    }

    /** Slurm with the given submit options and programs. */
    public static BatchQueue slurm(SlurmOptions options, SlurmTools tools) {
        return new SlurmQueue(tools, options, QueueTiming.DEFAULTS, new CommandRunner());
    }

    /** The embedded queue with at most {@code slots} workers at a time. */
    public static BatchQueue local(int slots) {
        return new LocalQueue(slots);
    }
}
