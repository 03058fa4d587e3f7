package io.github.qmr.runtime.slurm;

import io.github.qmr.runtime.QueueOutageIT;
import io.github.qmr.runtime.queue.QueueDialect;
import io.github.qmr.runtime.queue.QueueTools;
import io.github.qmr.runtime.queue.slurm.SlurmDialect;
import io.github.qmr.runtime.queue.slurm.SlurmOptions;
import java.time.Duration;
import java.util.List;

/** The real Slurm with slurmctld stopped ({@code scontrol shutdown slurmctld}) for a while. */
class SlurmOutageIT extends QueueOutageIT {
    @Override
    protected void requireQueue() {
        RealSlurm.require();
    }

    @Override
    protected String flavour() {
        return "slurm";
    }

    @Override
    protected QueueDialect dialect() {
        return new SlurmDialect(SlurmOptions.DEFAULTS);
    }

    @Override
    protected QueueTools tools() {
        return QueueTools.slurm();
    }

    /** squeue and scancel each try to connect for about 9 s before they give up (measured, 22.05). */
    @Override
    protected Duration outage() {
        return Duration.ofSeconds(25);
    }

    @Override
    protected List<String> activeJobsNamed(String prefix) {
        return RealSlurm.activeJobsNamed(prefix);
    }
}
