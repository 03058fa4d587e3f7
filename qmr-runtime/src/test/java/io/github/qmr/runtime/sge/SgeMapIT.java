package io.github.qmr.runtime.sge;

import io.github.qmr.runtime.Queues;
import io.github.qmr.runtime.RealQueueMapIT;
import io.github.qmr.runtime.RealQueues;
import io.github.qmr.runtime.process.CommandRunner;
import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.CommandLineQueue;
import io.github.qmr.runtime.queue.QueueTiming;
import io.github.qmr.runtime.queue.QueueTools;
import io.github.qmr.runtime.queue.TaskRange;
import io.github.qmr.runtime.queue.sge.SgeDialect;
import io.github.qmr.runtime.queue.sge.SgeOptions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/** End to end on the real single-node Son of Grid Engine started by scripts/sge.sh. */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(RealQueues.SGE)
class SgeMapIT extends RealQueueMapIT {
    @Override
    protected void requireQueue() {
        RealSge.require();
    }

    @Override
    protected String flavour() {
        return "SGE";
    }

    @Override
    protected BatchQueue queue() {
        return Queues.sge();
    }

    @Override
    protected BatchQueue queue(QueueTiming timing) {
        return new CommandLineQueue(new SgeDialect(SgeOptions.DEFAULTS), QueueTools.sge(), timing, new CommandRunner());
    }

    @Override
    protected BatchQueue queueWithArraysOf(int maxArraySize) {
        return Queues.sge(new SgeOptions(null, Map.of(), null, 1, null, List.of(), maxArraySize, 0), QueueTools.sge());
    }

    /** SGE puts a job whose script exits 100 into Eqw. */
    @Override
    protected int errorExitCode() {
        return 100;
    }

    @Override
    protected String errorState() {
        return "Eqw";
    }

    @Override
    protected BatchQueue queueWithOneGigabyte() {
        return Queues.sge(new SgeOptions(null, Map.of("h_vmem", "1G"), null, 1, null, List.of(),
                SgeOptions.SGE_MAX_AJ_TASKS, 0), QueueTools.sge());
    }

    /** 1G of virtual memory leaves -Xmx512m (see SgeMemory). */
    @Override
    protected long[] expectedHeapMiB() {
        return new long[] {400, 512};
    }

    @Override
    protected List<String> activeJobsNamed(String prefix) {
        // a running array task is listed on its own, as the engine names it (12.3); waiting ones as a range
        return RealSge.jobsNamed(prefix).stream().map(e -> e.jobNumber() + (e.isArray() ? "." + e.tasks().stream()
                .map(TaskRange::toString).collect(Collectors.joining(",")) : "") + " " + e.state()).toList();
    }

    @Override
    protected String mapUntilStoppedQueue() {
        return "sge";
    }

    @Override
    protected String directiveLines() {
        return "#$ -v QMR_INJECTED=yes\n#$ -l h_rt=0:0:1";
    }

    @Override
    protected BatchQueue queueWithARejectedRequest() {
        return Queues.sge(new SgeOptions(null, Map.of("no_such_resource", "1"), null, 1, null, List.of(),
                SgeOptions.SGE_MAX_AJ_TASKS, 0), QueueTools.sge());
    }

    @Override
    protected String rejectionMessage() {
        return "unknown resource \"no_such_resource\"";
    }
}
