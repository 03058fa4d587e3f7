package io.github.qmr.runtime.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.EnvironmentPolicy;
import io.github.qmr.runtime.Escalation;
import io.github.qmr.runtime.JobRequest;
import io.github.qmr.runtime.MapEvent;
import io.github.qmr.runtime.MapException;
import io.github.qmr.runtime.Mode;
import io.github.qmr.runtime.Pool;
import io.github.qmr.runtime.Queues;
import io.github.qmr.runtime.RealQueueMapIT;
import io.github.qmr.runtime.RealQueues;
import io.github.qmr.runtime.fixtures.SlowOnItsFirstRun;
import io.github.qmr.runtime.fixtures.StoppedMidChunk;
import io.github.qmr.runtime.process.CommandRunner;
import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.CommandLineQueue;
import io.github.qmr.runtime.queue.QueueTiming;
import io.github.qmr.runtime.queue.QueueTools;
import io.github.qmr.runtime.queue.slurm.SlurmDialect;
import io.github.qmr.runtime.queue.slurm.SlurmOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
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

    /**
     * scancel of one running worker (SIGTERM to its JVM, then state CANCELLED): not the task's fault, so its chunk runs
     * again, for the tasks not saved, and the map succeeds. The job is this test's own.
     */
    @Test
    void scancelOfARunningWorkerHasItsChunkResubmittedAndTheMapSucceeds() throws Exception {
        int[] runs = stopMidChunk(pool(queue()).mode(Mode.JOBS), pid -> {
            try {
                // an array element by ARRAYID_TASK: this Slurm refuses an element's own job id ("Invalid job id")
                String array = StoppedMidChunk.environ(pid, "SLURM_ARRAY_JOB_ID");
                return List.of("scancel", array == null ? StoppedMidChunk.environ(pid, "SLURM_JOB_ID")
                        : array + "_" + StoppedMidChunk.environ(pid, "SLURM_ARRAY_TASK_ID"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertEquals("[1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1]", java.util.Arrays.toString(runs), said().toString());
        List<String> resubmitted = said().stream().filter(n -> n.contains("resubmitted")).toList();
        assertEquals(1, resubmitted.size(), said().toString());
        assertTrue(resubmitted.get(0).contains("stopped: the worker received SIGTERM"), resubmitted.get(0));
        System.out.printf("real Slurm, a worker cancelled with scancel mid-chunk: %s%n", resubmitted.get(0));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // A job killed at its --time (state TIMEOUT). Slurm's shortest limit is a minute, and slurmctld checks the limits
    // every 30 s (PERIODIC_TIMEOUT), so a kill comes 60-90 s after the start: both cases run at once, for one kill.

    /**
     * Two maps of one task each, asking for a walltime of a minute, started at once in separate work dirs: the task
     * sleeps ten minutes on its first run and returns at once on later runs. Without escalation the chunk fails at
     * once, saying what the job ran (sacct's Elapsed, at least the minute) and requested; with escalation by 2 its
     * second attempt asks Slurm for two minutes and succeeds. Each task's runs are counted by its marker files.
     */
    @Test
    void aJobKilledAtItsTimeFailsItsChunkAtOnceOrWithEscalationSucceedsOnItsSecondAttemptWithTwiceTheTime()
            throws Exception {
        long start = System.nanoTime();
        Path markers = Files.createDirectory(workDir.resolve("markers"));
        EnvironmentPolicy environment = EnvironmentPolicy.inherit().with("QMR_TEST_MARKERS", markers.toString());
        JobRequest oneMinute = JobRequest.NONE.withWalltime("0:01:00");
        List<MapEvent> failingEvents = new CopyOnWriteArrayList<>();
        List<MapEvent> escalatedEvents = new CopyOnWriteArrayList<>();
        // a plain job per chunk: the completion log (sacct -c, this Slurm has no slurmdbd) finds an array element
        // only by its own job id, so an element's record would not say what it ran
        ExecutorService failingThread = Executors.newSingleThreadExecutor();
        try (Pool failing = pool(queue()).workDir(Files.createDirectory(workDir.resolve("failing")))
                .listener(failingEvents::add).mode(Mode.JOBS).jobArrays(false).request(oneMinute)
                .environment(environment).build();
                Pool escalating = pool(queue()).workDir(Files.createDirectory(workDir.resolve("escalating")))
                        .listener(escalatedEvents::add).mode(Mode.JOBS).jobArrays(false).request(oneMinute)
                        .environment(environment).escalate(Escalation.OFF.withTime(2, null)).build()) {
            Future<MapException> failed = failingThread.submit(() -> assertThrows(MapException.class,
                    () -> failing.map(SlowOnItsFirstRun.class, List.of(1))));
            assertEquals(List.of(2), escalating.map(SlowOnItsFirstRun.class, List.of(2)));

            MapException e = failed.get(10, TimeUnit.MINUTES);
            assertEquals(1, e.chunkFailures().size(), e.getMessage());
            String reason = e.chunkFailures().get(0).reason();
            Matcher m = Pattern.compile("queue-job \\d+ was killed for time: used (\\d\\d):(\\d\\d):(\\d\\d) on \\S+"
                    + " of the --time=0:01:00 requested; running it again unchanged would meet the same limit: raise"
                    + " walltime \\(the goal's <walltime>, or JobRequest.walltime; --time on Slurm\\), or let qmr"
                    + " escalate it .*").matcher(reason);
            assertTrue(m.matches(), reason);
            long ran = Long.parseLong(m.group(1)) * 3600 + Long.parseLong(m.group(2)) * 60
                    + Long.parseLong(m.group(3));
            assertTrue(ran >= 60, "ran " + ran + " s, not its minute: " + reason);
            assertEquals(1, failingEvents.stream().filter(x -> x instanceof MapEvent.JobSubmitted).count(),
                    "never resubmitted unchanged: " + failingEvents);
        } finally {
            failingThread.shutdownNow();
        }
        List<MapEvent.ChunkResubmitted> resubmitted = escalatedEvents.stream().filter(x -> x instanceof MapEvent
                .ChunkResubmitted).map(x -> (MapEvent.ChunkResubmitted) x).toList();
        assertEquals(1, resubmitted.size(), escalatedEvents.toString());
        assertEquals(2, resubmitted.get(0).attempt());
        String reason = resubmitted.get(0).reason();
        assertTrue(reason.matches("queue-job \\d+ was killed for time: used \\d\\d:\\d\\d:\\d\\d on \\S+ of the"
                + " --time=0:01:00 requested; the next attempt asks for --time=0:02:00"), reason);
        List<String> jobs = escalatedEvents.stream().filter(x -> x instanceof MapEvent.JobSubmitted)
                .map(x -> ((MapEvent.JobSubmitted) x).jobId()).toList();
        assertEquals(2, jobs.size(), escalatedEvents.toString());
        String first = schedulerRecord(jobs.get(0), List.of());
        assertTrue(first.contains("JobState=TIMEOUT") && first.contains("TimeLimit=00:01:00"), first);
        String second = schedulerRecord(jobs.get(1), List.of());
        assertTrue(second.contains("TimeLimit=00:02:00"), second);
        try (var files = Files.list(markers)) {
            assertEquals(List.of("run-1-1", "run-2-1", "run-2-2"), files.map(f -> f.getFileName().toString())
                    .sorted().toList(), "the failed task ran once, the escalated one twice");
        }
        System.out.printf("real Slurm: a chunk killed at its --time failed at once, and with escalation succeeded on"
                + " attempt 2 with --time=0:02:00: %.2f s%n", (System.nanoTime() - start) / 1e9);
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

    /** scontrol's record of the job (kept for MinJobAge after it ended). */
    @Override
    protected String schedulerRecord(String jobId, List<String> expected) {
        io.github.qmr.runtime.process.CommandResult r = new CommandRunner().run(List.of("scontrol", "show", "job",
                jobId), java.time.Duration.ofSeconds(20));
        return r.stdout() + r.stderr();
    }

    /** sacct's TotalCPU ([D-][HH:]MM:SS[.mmm]) where slurmdbd keeps it; null on a site without (this project's). */
    @Override
    protected Double accountedCpuSeconds(String jobId) {
        io.github.qmr.runtime.process.CommandResult r = new CommandRunner().run(List.of("sacct", "-P", "-n", "-X",
                "-j", jobId, "-o", "TotalCPU"), java.time.Duration.ofSeconds(20));
        if (!r.ok() && (r.stdout() + r.stderr()).contains("accounting storage is disabled")) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:(\\d+)-)?(?:(\\d+):)?(\\d+):(\\d+(?:\\.\\d+)?)")
                .matcher(r.stdout().strip());
        assertTrue(m.matches(), "sacct's TotalCPU of job " + jobId + ": " + r.stdout() + r.stderr());
        return (m.group(1) == null ? 0 : Long.parseLong(m.group(1)) * 86400) + (m.group(2) == null ? 0
                : Long.parseLong(m.group(2)) * 3600) + Long.parseLong(m.group(3)) * 60 + Double.parseDouble(m.group(4));
    }

    @Override
    protected List<String> recordedOneGigabyteForTenMinutes() {
        return List.of("MinMemoryNode=1G", "TimeLimit=00:10:00");
    }

    @Override
    protected String recordedTwoGigabytes() {
        return "MinMemoryNode=2G";
    }
}
