package io.github.qmr.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.process.CommandRunner;
import io.github.qmr.runtime.queue.CommandLineQueue;
import io.github.qmr.runtime.queue.JobSpec;
import io.github.qmr.runtime.queue.JobStatus;
import io.github.qmr.runtime.queue.QueueDialect;
import io.github.qmr.runtime.queue.QueueTiming;
import io.github.qmr.runtime.queue.QueueTools;
import io.github.qmr.runtime.queue.QueueUnreachableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue while its controller is stopped (scripts restart it, {@link Controllers}): status and delete calls say
 * the controller is unreachable, a delete that failed names the job and the job is still there afterwards, and the
 * queue works again once the controller is back. One subclass per real queue.
 */
public abstract class QueueOutageIT {
    @TempDir
    protected Path dir;

    /** Fails when the queue is unreachable and its test property says "required", else skips the test. */
    protected abstract void requireQueue();

    /** {@code sge} or {@code slurm}, for {@link Controllers#stop}. */
    protected abstract String flavour();

    protected abstract QueueDialect dialect();

    protected abstract QueueTools tools();

    /** Long enough for one failed status call and one failed delete; each blocks ~9 s on Slurm. */
    protected abstract Duration outage();

    /** The session's queue-jobs that are still pending or running. */
    protected abstract List<String> activeJobsNamed(String prefix);

    @Test
    void aStoppedControllerMakesStatusAndDeleteUnreachableAndAFailedDeleteLeavesTheJobToDeleteLater()
            throws Exception {
        requireQueue();
        Path script = Files.writeString(dir.resolve("sleep.sh"), "#!/bin/sh\nsleep 120\n");
        String prefix = "qmr-outage-it-" + ProcessHandle.current().pid();
        String name = prefix + "#000000000";
        // one attempt per call: the retries are unit-tested; here each call meets the stopped controller once
        CommandLineQueue queue = new CommandLineQueue(dialect(), tools(),
                new QueueTiming(Duration.ofSeconds(60), 1, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                new CommandRunner());
        try {
            String id = queue.submit(new JobSpec(name, script, List.of(), dir.resolve("out"), dir.resolve("err"),
                    dir));
            try (Controllers.Outage outage = Controllers.stop(flavour(), outage())) {
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
            assertEquals(1, activeJobsNamed(prefix).size(), "the job is still active: " + activeJobsNamed(prefix));
        } finally {
            queue.close(); // deletes the job, now that the controller answers, and waits until it is gone
        }
        assertEquals(List.of(), activeJobsNamed(prefix));
    }
}
