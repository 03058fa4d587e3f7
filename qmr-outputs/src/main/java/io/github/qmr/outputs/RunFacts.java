package io.github.qmr.outputs;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a map's outputs need beyond {@code results.qmr}, kept beside it as {@value #FILE} so {@code qmr:report} can
 * show them later: the run's frame (queue, mode, times, chunking) and, per chunk, every resubmission and the
 * queue-jobs as the monitor saw them. Written by the plugin from the map's events.
 *
 * @param chunkSize tasks per chunk (the last may hold fewer): chunk of itask = itask / chunkSize
 * @param resubmissions per chunk that was run again: each resubmission, in order
 * @param jobs per queue-job id: when it was submitted and seen to end
 * @param kept the tasks that took a result kept from an earlier run instead of running; null when none did
 */
public record RunFacts(String execution, String session, String function, String queue, String mode,
        Instant started, Instant ended, long tasks, int chunks, long chunkSize,
        Map<Integer, List<Resubmission>> resubmissions, Map<String, Job> jobs, Kept kept) {
    public static final String FILE = "run.json";

    /**
     * The tasks that took kept results: how many, how many of those an earlier function computed
     * ({@code -Dqmr.rerun=failed}), and where they stand: run lengths in task order, alternately computed and kept,
     * starting with computed (so chunks, which number the computed tasks only, can be told apart).
     */
    public record Kept(long tasks, long fromEarlierFunction, List<Long> runs) {
        public Kept {
            runs = runs == null ? List.of() : List.copyOf(runs);
        }
    }

    /** A run whose every task ran. */
    public RunFacts(String execution, String session, String function, String queue, String mode, Instant started,
            Instant ended, long tasks, int chunks, long chunkSize, Map<Integer, List<Resubmission>> resubmissions,
            Map<String, Job> jobs) {
        this(execution, session, function, queue, mode, started, ended, tasks, chunks, chunkSize, resubmissions, jobs,
                null);
    }

    /** These facts, with {@code kept} tasks that did not run. */
    public RunFacts withKept(Kept kept) {
        return new RunFacts(execution, session, function, queue, mode, started, ended, tasks, chunks, chunkSize,
                resubmissions, jobs, kept);
    }

    /** How many tasks took a kept result (0 when all ran). */
    public long keptTasks() {
        return kept == null ? 0 : kept.tasks();
    }

    /** One resubmission of a chunk: the attempt it started, the job that failed, why. */
    public record Resubmission(int attempt, String jobId, String reason) {}

    /**
     * A queue-job: submitted, and seen to end (null while unknown); and what the scheduler's own accounting recorded
     * of it ({@code MapEvent.JobUsage}), null where it recorded nothing or keeps no accounting.
     *
     * @param cpuSeconds the job's CPU time (SGE qacct {@code cpu}, Slurm sacct {@code TotalCPU})
     * @param memoryBytes its peak memory as the scheduler measures it (SGE {@code maxvmem}, Slurm {@code MaxRSS})
     * @param usageSource which figures these are, e.g. {@code qacct cpu, maxvmem}
     */
    public record Job(Instant submitted, Instant ended, Double cpuSeconds, Long memoryBytes, String usageSource) {
        public Job(Instant submitted, Instant ended) {
            this(submitted, ended, null, null, null);
        }
    }

    /**
     * The scheduler's own figures over the jobs that have them, beside the workers' own measures.
     *
     * @param jobs how many jobs have figures
     * @param cpuHours their CPU time, summed
     * @param maxMemoryBytes the largest job's peak memory; -1 if none was recorded
     * @param source which figures these are, e.g. {@code qacct cpu, maxvmem}
     */
    public record SchedulerUsage(int jobs, double cpuHours, long maxMemoryBytes, String source) {}

    /** The scheduler's own figures summed over the jobs; null when no job has any (e.g. no accounting to ask). */
    public SchedulerUsage schedulerUsage() {
        int n = 0;
        double cpu = 0;
        long memory = -1;
        String source = null;
        for (Job j : jobs.values()) {
            if (j.cpuSeconds() == null && j.memoryBytes() == null) {
                continue;
            }
            n++;
            cpu += j.cpuSeconds() == null ? 0 : j.cpuSeconds();
            memory = j.memoryBytes() == null ? memory : Math.max(memory, j.memoryBytes());
            source = j.usageSource();
        }
        return n == 0 ? null : new SchedulerUsage(n, cpu / 3600, memory, source);
    }

    public RunFacts {
        resubmissions = resubmissions == null ? new TreeMap<>() : resubmissions;
        jobs = jobs == null ? new TreeMap<>() : jobs;
    }

    /** The attempt that gave chunk {@code ichunk}'s results: 1 plus its resubmissions. */
    public int attempt(int ichunk) {
        List<Resubmission> r = resubmissions.get(ichunk);
        return r == null || r.isEmpty() ? 1 : r.get(r.size() - 1).attempt();
    }

    /** The chunk task {@code itask} ran in; -1 for a task that took a kept result. */
    public int chunkOf(long itask) {
        long computed = itask;
        if (kept != null && !kept.runs().isEmpty()) {
            computed = 0;
            long start = 0;
            for (int i = 0; i < kept.runs().size(); i++) {
                long length = kept.runs().get(i);
                boolean keptRun = i % 2 == 1;
                if (itask < start + length) {
                    if (keptRun) {
                        return -1;
                    }
                    computed += itask - start;
                    break;
                }
                if (!keptRun) {
                    computed += length;
                }
                start += length;
            }
        }
        return chunkSize <= 0 ? 0 : (int) (computed / chunkSize);
    }

    public long resubmittedChunks() {
        return resubmissions.values().stream().filter(l -> !l.isEmpty()).count();
    }

    public void write(Path dir) throws IOException {
        Path temp = dir.resolve(FILE + ".tmp");
        Json.pretty().writeValue(temp.toFile(), this);
        Files.move(temp, dir.resolve(FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Reads {@value #FILE} from {@code dir}; a frame without chunk facts when it is missing (an older run). */
    public static RunFacts read(Path dir, long tasks) throws IOException {
        Path file = dir.resolve(FILE);
        ObjectMapper m = Json.mapper();
        if (!Files.isRegularFile(file)) {
            return new RunFacts(dir.getFileName().toString(), null, null, null, null, null, null, tasks, 1,
                    Math.max(1, tasks), null, null);
        }
        return m.readValue(file.toFile(), RunFacts.class);
    }
}
