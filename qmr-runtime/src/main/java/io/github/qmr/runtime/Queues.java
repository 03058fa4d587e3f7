package io.github.qmr.runtime;

import io.github.qmr.runtime.process.CommandRunner;
import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.CommandLineQueue;
import io.github.qmr.runtime.queue.QueueFlavour;
import io.github.qmr.runtime.queue.QueueTiming;
import io.github.qmr.runtime.queue.QueueTools;
import io.github.qmr.runtime.queue.flavours.QueueFlavours;
import io.github.qmr.runtime.queue.local.LocalQueue;
import io.github.qmr.runtime.queue.sge.SgeDialect;
import io.github.qmr.runtime.queue.sge.SgeOptions;
import io.github.qmr.runtime.queue.slurm.SlurmDialect;
import io.github.qmr.runtime.queue.slurm.SlurmOptions;

/** The queues qmr can run on. */
public final class Queues {
    private Queues() {}

    /** The embedded queue: worker JVMs as local processes, one per available processor at a time. */
    public static BatchQueue local() {
        return new LocalQueue(Runtime.getRuntime().availableProcessors());
    }

    /** The embedded queue with at most {@code slots} workers at a time. */
    public static BatchQueue local(int slots) {
        return new LocalQueue(slots);
    }

    /**
     * Son of Grid Engine with default options: {@code qsub}, {@code qstat}, {@code qdel}, {@code qacct} from PATH,
     * the cluster's default queue, job arrays of up to 75,000 tasks.
     */
    public static BatchQueue sge() {
        return sge(SgeOptions.DEFAULTS, QueueTools.sge());
    }

    /**
     * Son of Grid Engine with the given submit options and programs, e.g. {@code QueueTools.sgeIn(dir)}.
     *
     * @throws IllegalArgumentException if the tools do not name qsub, qstat, qdel and qacct
     */
    public static BatchQueue sge(SgeOptions options, QueueTools tools) {
        return new CommandLineQueue(new SgeDialect(options), tools, QueueTiming.DEFAULTS, new CommandRunner());
    }

    /**
     * Slurm with default options: {@code sbatch}, {@code squeue}, {@code scancel}, {@code sacct} from PATH, the
     * cluster's default partition and limits, job arrays of up to 1,000 elements (Slurm's default MaxArraySize).
     */
    public static BatchQueue slurm() {
        return slurm(SlurmOptions.DEFAULTS, QueueTools.slurm());
    }

    /**
     * Slurm with the given submit options and programs, e.g. {@code QueueTools.slurmIn(dir)}.
     *
     * @throws IllegalArgumentException if the tools do not name sbatch, squeue, scancel and sacct, or {@code --mem}
     *     is too small for a JVM
     */
    public static BatchQueue slurm(SlurmOptions options, QueueTools tools) {
        return new CommandLineQueue(new SlurmDialect(options), tools, QueueTiming.DEFAULTS, new CommandRunner());
    }

    /**
     * Which queue {@link #auto()} takes: the first flavour of {@link QueueFlavours#standard()} whose programs are
     * found (SGE when a Grid Engine qsub is, else Slurm when sbatch is), else {@code local}; {@code why} says so in
     * words, for a log.
     */
    public record AutoChoice(String kind, String why) {}

    /** The choice {@link #auto()} makes with these programs and this {@code PATH}. */
    public static AutoChoice choose(QueueTools sge, QueueTools slurm, String pathEnv) {
        java.util.Map<String, String> programs = new java.util.LinkedHashMap<>(sge.programs());
        programs.putAll(slurm.programs());
        QueueFlavours.Choice choice = QueueFlavours.standard().detect(programs, pathEnv, new CommandRunner());
        return new AutoChoice(choice.kind(), choice.why());
    }

    /** The first flavour whose programs are on PATH (SGE, then Slurm), else the embedded local queue; defaults. */
    public static BatchQueue auto() {
        QueueFlavours.Choice choice = QueueFlavours.standard().detect(java.util.Map.of(), System.getenv("PATH"),
                new CommandRunner());
        return choice.flavour() == null ? local() : choice.flavour().queue(QueueFlavour.Settings.DEFAULTS);
    }
}
