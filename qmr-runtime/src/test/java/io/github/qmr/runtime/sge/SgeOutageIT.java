package io.github.qmr.runtime.sge;

import io.github.qmr.runtime.QueueOutageIT;
import io.github.qmr.runtime.queue.QueueDialect;
import io.github.qmr.runtime.queue.QueueTools;
import io.github.qmr.runtime.queue.sge.SgeDialect;
import io.github.qmr.runtime.queue.sge.SgeOptions;
import java.time.Duration;
import java.util.List;

/** The real SGE with its qmaster stopped ({@code qconf -km}) for a few seconds. */
class SgeOutageIT extends QueueOutageIT {
    @Override
    protected void requireQueue() {
        RealSge.require();
    }

    @Override
    protected String flavour() {
        return "sge";
    }

    @Override
    protected QueueDialect dialect() {
        return new SgeDialect(SgeOptions.DEFAULTS);
    }

    @Override
    protected QueueTools tools() {
        return QueueTools.sge();
    }

    /** qstat and qdel fail at once while the qmaster is down. */
    @Override
    protected Duration outage() {
        return Duration.ofSeconds(8);
    }

    @Override
    protected List<String> activeJobsNamed(String prefix) {
        return RealSge.jobsNamed(prefix).stream().map(e -> e.jobNumber() + " " + e.state()).toList();
    }
}
