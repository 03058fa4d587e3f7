package io.github.qmr.runtime;

import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.session.Chunking;
import java.time.Duration;

/**
 * The settings a pool's maps run with, each resolved for its queue: what the log, a report or a provenance record
 * should say ran, rather than what was left unset. {@link Pool#plan()} gives it; {@link #of} is the one rule.
 *
 * @param queue the queue's name ({@code local}, {@code sge}, {@code slurm})
 * @param scheduling as set, with {@code maxWorkers} and {@code pollInterval} resolved for the queue; chunkSize and
 *     numChunks stay as set, since the default depends on the number of tasks ({@link #chunkSize(long)})
 * @param limits as set
 * @param worker as set
 * @param walltime the jobs' walltime request ({@code h_rt}, {@code --time}) if the queue knows it, else null
 * @param maxArraySize the largest job array the queue takes; 0: none
 * @param defaultChunks jobs mode: the chunks by default (the local queue's slots, else
 *     {@value Scheduling#CLUSTER_JOBS_CHUNKS})
 * @param taskTime about how long one task takes (e.g. from a pre-flight), which bounds default chunks by time; null
 *     when not known
 * @param stagesClasspath whether the workers' classpath is staged in the work dir: as set, else when the queue's
 *     jobs run on other nodes ({@link BatchQueue#runsOnThisNode()})
 */
public record Plan(String queue, Scheduling scheduling, Limits limits, WorkerSetup worker, Duration walltime,
        int maxArraySize, int defaultChunks, Duration taskTime, boolean stagesClasspath) {
    /**
     * The settings resolved for {@code queue}: at most as many workers as the local queue has slots (more would only
     * wait), else {@value Scheduling#CLUSTER_MAX_WORKERS}; the queue's own poll interval unless one is set.
     */
    public static Plan of(Scheduling scheduling, Limits limits, WorkerSetup worker, BatchQueue queue) {
        // a queue of this node runs its slots at once: more workers or chunks than that would only wait
        int slots = queue.slots();
        Scheduling s = scheduling;
        if (s.maxWorkers() == null) {
            s = s.withMaxWorkers(slots > 0 ? slots : Scheduling.CLUSTER_MAX_WORKERS);
        }
        if (s.pollInterval() == null) {
            s = s.withPollInterval(queue.defaultPollInterval());
        }
        // a cluster's nodes share only the work dir: ~/.m2 and target/ are usually not on it
        boolean stage = worker.stageClasspath() != null ? worker.stageClasspath() : !queue.runsOnThisNode();
        return new Plan(queue.name(), s, limits, worker, queue.walltime(), queue.maxArraySize(),
                slots > 0 ? slots : Scheduling.CLUSTER_JOBS_CHUNKS, null, stage);
    }

    /** This plan with a task's time known, so default chunks also hold at most a few minutes of work. */
    public Plan withTaskTime(Duration time) {
        return new Plan(queue, scheduling, limits, worker, walltime, maxArraySize, defaultChunks, time,
                stagesClasspath);
    }

    /** Pull mode's most workers at once, resolved. */
    public int maxWorkers() {
        return scheduling.maxWorkers();
    }

    public boolean pull() {
        return scheduling.mode() == Mode.PULL;
    }

    /**
     * Tasks per chunk for {@code taskCount} tasks (-1: not known): {@code chunkSize} as set; else ceil(n / numChunks),
     * as the original tool (10 tasks in 4 chunks: 3, 3, 3, 1); else in pull mode
     * {@value Chunking#PULL_CHUNKS_PER_WORKER} chunks per worker, in jobs mode {@link #defaultChunks} chunks.
     */
    public int chunkSize(long taskCount) {
        return Chunking.chunkSize(taskCount, scheduling.chunkSize() == null ? 0 : scheduling.chunkSize(),
                scheduling.numChunks() == null ? 0 : scheduling.numChunks(), pull(),
                pull() ? maxWorkers() : defaultChunks, taskTime);
    }

    /** The mode in a line for the log: {@code pull mode: at most 8 workers claiming chunks, each for up to 600 s}. */
    public String describe() {
        if (!pull()) {
            return "one queue-job per chunk" + (scheduling.jobArrays() && maxArraySize > 1 ? " (job arrays)" : "");
        }
        return "pull mode: at most " + maxWorkers() + " workers claiming chunks, each for up to "
                + scheduling.workerTimeBudget().toSeconds() + " s"
                + (walltime == null ? "" : " within the walltime of " + walltime.toSeconds() + " s");
    }

    /** The mode in a few words for a report: {@code pull: workers claim chunks (one array job)}. */
    public String modeSummary() {
        boolean arrays = scheduling.jobArrays() && maxArraySize > 0;
        if (pull()) {
            return "pull: workers claim chunks" + (arrays ? " (one array job)" : "");
        }
        return arrays ? "jobs: one array element per chunk" : "jobs: one queue-job per chunk";
    }
    /** The engine's settings for one session: the plan, as the session package takes it. */
    io.github.qmr.runtime.session.EngineSettings engineSettings(Escalation e) {
        Scheduling s = scheduling;
        Limits l = limits;
        return new io.github.qmr.runtime.session.EngineSettings(pull(), maxWorkers(), s.workerTimeBudget(),
                walltime(),
                s.jobArrays(), l.maxResubmissions(), s.pollInterval(), l.resultGracePeriod(), l.maxPendingTime(),
                worker.workingDir(), l.outageTolerance(), new io.github.qmr.runtime.policy.FailurePolicy.Rule(
                        l.maxFailedTasks() == null ? -1 : l.maxFailedTasks(), l.stopOnSystematicFailure(), 0),
                new io.github.qmr.runtime.session.Verdicts.Escalate(e.memoryFactor(), e.memoryCap(), e.timeFactor(), e.timeCap()),
                l.heartbeatTimeout());
    }

}
