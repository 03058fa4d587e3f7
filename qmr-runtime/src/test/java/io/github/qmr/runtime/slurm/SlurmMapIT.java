package io.github.qmr.runtime.slurm;

import io.github.qmr.runtime.Queues;
import io.github.qmr.runtime.RealQueueMapIT;
import io.github.qmr.runtime.RealQueues;
import io.github.qmr.runtime.process.CommandRunner;
import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.CommandLineQueue;
import io.github.qmr.runtime.queue.QueueTiming;
import io.github.qmr.runtime.queue.QueueTools;
import io.github.qmr.runtime.queue.slurm.SlurmDialect;
import io.github.qmr.runtime.queue.slurm.SlurmOptions;
import java.util.List;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/** End to end on the real single-node Slurm started by scripts/slurm.sh. */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(RealQueues.SLURM)
class SlurmMapIT extends RealQueueMapIT {
    @Override
    protected void requireQueue() {
        RealSlurm.require();
    }

    @Override
    protected String flavour() {
        return "Slurm";
    }

    @Override
    protected BatchQueue queue() {
        return Queues.slurm();
    }

    @Override
    protected BatchQueue queue(QueueTiming timing) {
        return new CommandLineQueue(new SlurmDialect(SlurmOptions.DEFAULTS), QueueTools.slurm(), timing,
                new CommandRunner());
    }

    @Override
    protected BatchQueue queueWithArraysOf(int maxArraySize) {
        return Queues.slurm(SlurmOptions.DEFAULTS.withArrays(maxArraySize, 0), QueueTools.slurm());
    }

    /** scripts/slurm.sh sets RequeueExitHold=86: a job exiting 86 is held in SPECIAL_EXIT. */
    @Override
    protected int errorExitCode() {
        return 86;
    }

    @Override
    protected String errorState() {
        return "SPECIAL_EXIT";
    }

    @Override
    protected BatchQueue queueWithOneGigabyte() {
        return Queues.slurm(SlurmOptions.DEFAULTS.withMem("1G"), QueueTools.slurm());
    }

    /** --mem=1G leaves -Xmx768m (see SlurmMemory). */
    @Override
    protected long[] expectedHeapMiB() {
        return new long[] {700, 768};
    }

    @Override
    protected List<String> activeJobsNamed(String prefix) {
        return RealSlurm.activeJobsNamed(prefix);
    }

    @Override
    protected String mapUntilStoppedQueue() {
        return "slurm";
    }

    /** sbatch reads #SBATCH lines only before the script's first command; the launcher's exports come first. */
    @Override
    protected String directiveLines() {
        return "#SBATCH --export=ALL,QMR_INJECTED=yes\n#SBATCH --time=0:1";
    }

    @Override
    protected BatchQueue queueWithARejectedRequest() {
        return Queues.slurm(SlurmOptions.DEFAULTS.withPartition("no_such_partition"), QueueTools.slurm());
    }

    @Override
    protected String rejectionMessage() {
        return "sbatch: error: invalid partition specified: no_such_partition";
    }

    @Override
    protected String doubledMemoryRequest() {
        return "--mem=2048M";
    }
}
