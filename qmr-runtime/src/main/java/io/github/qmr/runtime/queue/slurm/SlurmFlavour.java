package io.github.qmr.runtime.queue.slurm;

import io.github.qmr.runtime.process.Commands;
import io.github.qmr.runtime.queue.Flavour;
import io.github.qmr.runtime.queue.QueueFlavour;
import io.github.qmr.runtime.queue.QueueTools;
import io.github.qmr.runtime.queue.Walltime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Slurm as a unit of the flavour registry. */
public final class SlurmFlavour implements QueueFlavour {
    @Override
    public Flavour facts() {
        return SlurmDialect.FLAVOUR;
    }

    /** Slurm when {@code sbatch} is found: no other scheduler names its submit program so. */
    @Override
    public Detection detect(QueueTools tools, String pathEnv, Commands commands) {
        Optional<Path> sbatch = tools.locate("sbatch", pathEnv);
        return sbatch.isPresent() ? new Detection(true, tools.program("sbatch") + " is " + sbatch.get())
                : new Detection(false, "no " + tools.program("sbatch") + " on PATH");
    }

    /**
     * The resources {@code mem}, {@code time}, {@code cpus-per-task} and {@code account} are sbatch's options of
     * those names; the site queue and parallel environment are SGE's and do not apply.
     *
     * @throws IllegalArgumentException for another resource, a {@code cpus-per-task} that is not a whole number, or
     *     a {@code --mem} too small for a JVM
     */
    @Override
    public SlurmDialect dialect(Settings settings) {
        Map<String, String> left = new LinkedHashMap<>(settings.resources());
        String mem = left.remove("mem");
        String time = left.remove("time");
        String cpus = left.remove("cpus-per-task");
        String account = left.remove("account");
        if (!left.isEmpty()) {
            throw new IllegalArgumentException("Slurm takes the resources mem, time, cpus-per-task and account; "
                    + left.keySet() + " " + (left.size() == 1 ? "is" : "are") + " not among them. Write e.g."
                    + " <resources><mem>4G</mem><time>1:00:00</time></resources>");
        }
        int cpusPerTask;
        try {
            cpusPerTask = cpus == null ? 0 : Integer.parseInt(cpus.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("<resources><cpus-per-task> must be a whole number, got '" + cpus
                    + "'", e);
        }
        // a partition is the structured request's (JobRequest.partition), merged when the pool is built
        return new SlurmDialect(new SlurmOptions(null, time, mem, cpusPerTask, account, List.of(),
                SlurmOptions.SLURM_MAX_ARRAY_SIZE, 0));
    }

    /** {@code --time}: minutes, {@code H:MM:SS}, {@code D-HH:MM:SS} and the like. */
    @Override
    public Duration walltime(String value) {
        return Walltime.slurm(value);
    }
}
