package io.github.qmr.runtime;

import io.github.qmr.runtime.process.CommandRunner;
import io.github.qmr.runtime.queue.CommandLineQueue;
import io.github.qmr.runtime.queue.JobSpec;
import io.github.qmr.runtime.queue.JobStatus;
import io.github.qmr.runtime.queue.QueueDialect;
import io.github.qmr.runtime.queue.QueueTiming;
import io.github.qmr.runtime.queue.QueueTools;
import io.github.qmr.runtime.queue.QueueUnreachableException;
import io.github.qmr.runtime.queue.sge.SgeDialect;
import io.github.qmr.runtime.queue.sge.SgeOptions;
import io.github.qmr.runtime.queue.slurm.SlurmDialect;
import io.github.qmr.runtime.queue.slurm.SlurmOptions;
import io.github.qmr.runtime.sge.RealSge;
import io.github.qmr.runtime.slurm.RealSlurm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real queues while their controller is stopped and then started again by the project's scripts
 * ({@link Controllers}): status and delete calls say the controller is unreachable, a delete that failed names the
 * job, the job is still there afterwards, and the queue works again once the controller is back.
 */
@Execution(ExecutionMode.CONCURRENT) // each flavour's test holds only its own controller's lock
class QueueOutageIT {
    @TempDir
    Path dir;

    /** The facts of one real queue for this test. */
    private record Real(Runnable require, QueueDialect dialect, QueueTools tools, Duration outage,
            Function<String, List<String>> activeJobsNamed) {}

    private static Real real(String flavour) {
        return switch (flavour) {
            // qstat and qdel fail at once while the qmaster is down. The job waits on a user hold (qsub -h): a
            // RUNNING job deleted after a qmaster restart leaves qstat only ~60 s after the restart (the restarted
            // execd reports re-adopted jobs that late; measured 07.12), which SgeMapIT's outage tests already show
            case "sge" -> new Real(RealSge::require, new SgeDialect(new SgeOptions(null, Map.of(), null, 1, null,
                    List.of("-h"), SgeOptions.SGE_MAX_AJ_TASKS, 0)), QueueTools.sge(),
                    Duration.ofSeconds(8), prefix -> RealSge.jobsNamed(prefix).stream()
                            .map(e -> e.jobNumber() + " " + e.state()).toList());
            // squeue and scancel each try to connect for about 9 s before they give up (measured, 22.05)
            case "slurm" -> new Real(RealSlurm::require, new SlurmDialect(SlurmOptions.DEFAULTS), QueueTools.slurm(),
                    Duration.ofSeconds(25), RealSlurm::activeJobsNamed);
            default -> throw new IllegalArgumentException(flavour);
        };
    }

    @Test
    @ResourceLock(RealQueues.SGE)
    void aStoppedQmasterMakesStatusAndDeleteUnreachableAndAFailedDeleteLeavesTheJobToDeleteLater() throws Exception {
        aStoppedControllerMakesStatusAndDeleteUnreachableAndAFailedDeleteLeavesTheJobToDeleteLater("sge");
    }

    @Test
    @ResourceLock(RealQueues.SLURM)
    void aStoppedSlurmctldMakesStatusAndDeleteUnreachableAndAFailedDeleteLeavesTheJobToDeleteLater()
            throws Exception {
        aStoppedControllerMakesStatusAndDeleteUnreachableAndAFailedDeleteLeavesTheJobToDeleteLater("slurm");
    }

    private void aStoppedControllerMakesStatusAndDeleteUnreachableAndAFailedDeleteLeavesTheJobToDeleteLater(
            String flavour) throws Exception {
        Real real = real(flavour);
        real.require().run();
        Path script = Files.writeString(dir.resolve("sleep.sh"), "#!/bin/sh\nsleep 120\n");
        String prefix = "qmr-outage-it-" + ProcessHandle.current().pid();
        String name = prefix + "#000000000";
        // one attempt per call: the retries are unit-tested; here each call meets the stopped controller once.
        // close() waits up to the command timeout for the deleted job to leave the queue
        CommandLineQueue queue = new CommandLineQueue(real.dialect(), real.tools(),
                new QueueTiming(Duration.ofSeconds(150), 1, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                new CommandRunner());
        try {
            String id = queue.submit(new JobSpec(name, script, List.of(), dir.resolve("out"), dir.resolve("err"),
                    dir));
            try (Controllers.Outage outage = Controllers.stop(flavour, real.outage())) {
                QueueUnreachableException poll = assertThrows(QueueUnreachableException.class,
                        () -> queue.poll(List.of(id)));
                assertTrue(poll.getMessage().contains("so the state of the jobs is unknown"), poll.getMessage());
                QueueUnreachableException delete = assertThrows(QueueUnreachableException.class,
                        () -> queue.delete(List.of(id)));
                assertEquals(List.of(id), delete.notDeleted());
                assertTrue(delete.getMessage().contains("could not delete 1 of 1 job(s) (" + id + "); they may still"
                        + " run"), delete.getMessage());
                outage.awaitRestarted();
            }
            Map<String, JobStatus> after = queue.poll(List.of(id));
            assertNotNull(after.get(id), "the job whose delete failed is still in the queue: " + after);
            List<String> active = real.activeJobsNamed().apply(prefix);
            assertEquals(1, active.size(), "the job is still active: " + active);
        } finally {
            queue.close(); // deletes the job, now that the controller answers, and waits until it is gone
        }
        assertEquals(List.of(), real.activeJobsNamed().apply(prefix));
    }
}
