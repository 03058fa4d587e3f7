package io.github.qmr.runtime.sge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.Escalation;
import io.github.qmr.runtime.MapEvent;
import io.github.qmr.runtime.MapException;
import io.github.qmr.runtime.Mode;
import io.github.qmr.runtime.Pool;
import io.github.qmr.runtime.Queues;
import io.github.qmr.runtime.RealQueueMapIT;
import io.github.qmr.runtime.RealQueues;
import io.github.qmr.runtime.fixtures.SleepSeconds;
import io.github.qmr.runtime.process.CommandRunner;
import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.CommandLineQueue;
import io.github.qmr.runtime.queue.QueueTiming;
import io.github.qmr.runtime.queue.QueueTools;
import io.github.qmr.runtime.queue.TaskRange;
import io.github.qmr.runtime.queue.sge.SgeDialect;
import io.github.qmr.runtime.queue.sge.SgeOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
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

    @Override
    protected String doubledMemoryRequest() {
        return "h_vmem=2048M";
    }

    /** qacct's record of the job: its {@code category} line holds the hard requests, h_rt in seconds. */
    @Override
    protected String schedulerRecord(String jobId, List<String> expected) {
        return RealSge.qacct(jobId, expected);
    }

    @Override
    protected Double accountedCpuSeconds(String jobId) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^cpu\\s+([0-9.]+)s")
                .matcher(RealSge.qacct(jobId, List.of("\ncpu ")));
        assertTrue(m.find(), "no cpu in the qacct record of job " + jobId);
        return Double.valueOf(m.group(1));
    }

    @Override
    protected List<String> recordedOneGigabyteForTenMinutes() {
        return List.of("h_vmem=1024M", "h_rt=600");
    }

    @Override
    protected String recordedTwoGigabytes() {
        return "h_vmem=2048M";
    }

    // ---------------------------------------------------------------------------------------------------------------
    // A job killed at its h_rt, in seconds here; Slurm's shortest --time is a minute, so SlurmMapIT has a test of its
    // own that runs both cases at once

    /** h_rt of 3 s: a task sleeping 8 s is always killed; 5 times that (15 s) leaves 7 s for the JVM to start. */
    private BatchQueue queueWithThreeSeconds() {
        return Queues.sge(new SgeOptions(null, Map.of("h_rt", "0:0:3"), null, 1, null, List.of(),
                SgeOptions.SGE_MAX_AJ_TASKS, 0), QueueTools.sge());
    }

    @Test
    void aJobKilledAtItsHrtFailsItsChunkAtOnceWithWhatItRanAndRequested() {
        long start = System.nanoTime();
        // the grace lets qacct (flushed every second here) have the record that says SGE killed the job
        try (Pool pool = pool(queueWithThreeSeconds()).mode(Mode.JOBS).resultGracePeriod(Duration.ofSeconds(5))
                .build()) {
            MapException e = assertThrows(MapException.class, () -> pool.map(SleepSeconds.class, List.of(8)));
            String reason = e.chunkFailures().get(0).reason();
            assertTrue(reason.matches("queue-job \\d+ was killed for time: used [0-9]+s on \\S+ of the h_rt=0:0:3"
                    + " requested; running it again unchanged would meet the same limit: raise walltime \\(the goal's"
                    + " <walltime>, or JobRequest.walltime; h_rt on SGE\\).*"), reason);
            assertEquals(1, submittedJobs(), "never resubmitted unchanged");
        }
        System.out.printf("real SGE: a chunk killed at its h_rt failed at once: %.2f s%n",
                (System.nanoTime() - start) / 1e9);
    }

    @Test
    void withEscalationAChunkKilledAtItsHrtSucceedsOnItsSecondAttempt() {
        long start = System.nanoTime();
        try (Pool pool = pool(queueWithThreeSeconds()).mode(Mode.JOBS).resultGracePeriod(Duration.ofSeconds(5))
                .escalate(Escalation.OFF.withTime(5, Duration.ofMinutes(1))).build()) {
            assertEquals(List.of(8), pool.map(SleepSeconds.class, List.of(8)));
        }
        List<String> reasons = events.stream().filter(e -> e instanceof MapEvent.ChunkResubmitted)
                .map(e -> ((MapEvent.ChunkResubmitted) e).reason()).toList();
        assertEquals(1, reasons.size(), events.toString());
        assertTrue(reasons.get(0).endsWith("the next attempt asks for h_rt=0:00:15"), reasons.get(0));
        System.out.printf("real SGE: a chunk killed at its h_rt succeeded on attempt 2 with h_rt=0:00:15: %.2f s%n",
                (System.nanoTime() - start) / 1e9);
    }
}
