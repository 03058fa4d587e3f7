package io.github.qmr.runtime;

import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.RequestConflict;
import io.github.qmr.runtime.policy.FailurePolicy;
import io.github.qmr.runtime.session.SessionEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The settings of a {@link Pool} being built ({@link Pool.Builder} is this class): every setting has a default. The
 * settings come as records ({@link #scheduling}, {@link #limits}, {@link #workerSetup}) or one at a time; the last call
 * for a setting wins.
 */
public abstract class PoolSetup {
    /** The pool's settings, fixed when it is built; each record holds its own defaults and checks. */
    static final class Options {
        BatchQueue queue;
        Path workDir = Path.of(".qmr").toAbsolutePath();
        /** About how long one task takes (e.g. from a pre-flight), or null: bounds default chunks by time. */
        Duration taskTime;
        boolean keepWorkDir;
        Scheduling scheduling = Scheduling.DEFAULTS;
        Limits limits = Limits.DEFAULTS;
        Escalation escalation = Escalation.OFF;
        JobRequest request = JobRequest.NONE;
        WorkerSetup worker = WorkerSetup.defaults();
        MapListener listener = MapListener.none();
        ClassLoader loader = Pool.class.getClassLoader();
    }

    final Options o = new Options();

    PoolSetup() {}

    private Pool.Builder self() {
        return (Pool.Builder) this;
    }


    /** The queue to run on. Default: the embedded local queue with one slot per available processor. */
    public Pool.Builder queue(BatchQueue queue) {
        o.queue = Objects.requireNonNull(queue, "queue");
        return self();
    }

    /**
     * The folder, on storage shared by this node and the workers, holding each map's session folder.
     * Must be absolute. Default: {@code .qmr} in the current directory.
     */
    public Pool.Builder workDir(Path workDir) {
        if (!workDir.isAbsolute()) {
            throw new InvalidInputException("the work dir must be an absolute path, got '" + workDir
                    + "'; use " + workDir.toAbsolutePath() + " if that is what you mean");
        }
        o.workDir = workDir;
        return self();
    }

    /** Mode, workers, chunking and polling at once; see {@link Scheduling}. Default: {@link Scheduling#DEFAULTS}. */
    public Pool.Builder scheduling(Scheduling scheduling) {
        o.scheduling = Objects.requireNonNull(scheduling, "scheduling");
        return self();
    }

    /** When a job, a chunk or the map is given up; see {@link Limits}. Default: {@link Limits#DEFAULTS}. */
    public Pool.Builder limits(Limits limits) {
        o.limits = Objects.requireNonNull(limits, "limits");
        return self();
    }

    /**
     * A task running longer than this is stopped and fails, and its worker goes on with the next: its thread is
     * interrupted at the limit; one that does not stop within a grace period (a tenth of the limit, 1 to 30 s) is
     * recorded failed and its worker ends, its chunk running again for the tasks after it. Default: no limit.
     */
    public Pool.Builder taskTimeLimit(Duration limit) {
        o.limits = o.limits.withTaskTimeLimit(limit);
        return self();
    }

    /**
     * What a chunk's next attempt asks for after its job was killed for memory or time; see {@link Escalation}.
     * Default: {@link Escalation#OFF}, such a chunk fails at once saying what it used and requested.
     */
    public Pool.Builder escalate(Escalation escalation) {
        o.escalation = Objects.requireNonNull(escalation, "escalation");
        return self();
    }

    /**
     * What every queue-job asks the scheduler for: memory, walltime, cpus, partition, account, submit arguments,
     * in the same names on SGE and Slurm; see {@link JobRequest}. The local queue ignores it. A part also set in
     * the queue's own options (e.g. {@code memory} and SGE's {@code h_vmem}) is refused by {@link #build}.
     * Default: {@link JobRequest#NONE}, the queue's options alone.
     */
    public Pool.Builder request(JobRequest request) {
        o.request = Objects.requireNonNull(request, "request");
        return self();
    }

    /** How the worker JVMs start; see {@link WorkerSetup}. Default: {@link WorkerSetup#defaults()}. */
    public Pool.Builder workerSetup(WorkerSetup worker) {
        o.worker = Objects.requireNonNull(worker, "worker");
        return self();
    }

    /** Tasks per chunk (one worker JVM runs them in series). Replaces {@link #numChunks}. */
    public Pool.Builder chunkSize(int chunkSize) {
        o.scheduling = o.scheduling.withChunkSize(chunkSize);
        return self();
    }

    /**
     * About how long one task takes, e.g. as a pre-flight measured it ({@code Preflight.Report}): the default
     * chunks then hold at most {@link Chunking#CHUNK_WORK} (3 minutes) of work each, so progress moves and a stop
     * costs little. No effect on a {@link #chunkSize} or {@link #numChunks} given.
     */
    public Pool.Builder taskTime(Duration taskTime) {
        if (taskTime != null && taskTime.isNegative()) {
            throw new InvalidInputException("taskTime must not be negative, got " + taskTime);
        }
        o.taskTime = taskTime;
        return self();
    }

    /**
     * About how many chunks: each gets ceil(n / numChunks) tasks, as in the original tool, so the last chunks
     * may be smaller or fewer. Replaces {@link #chunkSize}. Default in pull mode: 4 per worker
     * ({@link #maxWorkers}), so the load balances; in jobs mode the local queue's slots, else 100.
     */
    public Pool.Builder numChunks(int numChunks) {
        o.scheduling = o.scheduling.withNumChunks(numChunks);
        return self();
    }

    /** Keep the session folder even when every task succeeded (it is always kept on failure). */
    public Pool.Builder keepWorkDir(boolean keep) {
        o.keepWorkDir = keep;
        return self();
    }

    /** How often a queue-job found in an error state is deleted and resubmitted before its chunk fails. */
    public Pool.Builder maxResubmissions(int max) {
        o.limits = o.limits.withMaxResubmissions(max);
        return self();
    }

    /** Time between two polls of the queue. Default: the queue's own (local 20 ms, SGE 1 s). */
    public Pool.Builder pollInterval(Duration interval) {
        o.scheduling = o.scheduling.withPollInterval(Objects.requireNonNull(interval, "interval"));
        return self();
    }

    /** The {@code java} executable the workers run. Default: this JVM's. */
    public Pool.Builder java(Path java) {
        o.worker = o.worker.withJava(java);
        return self();
    }

    /** JVM options of the workers. Default: {@code -XX:+UseSerialGC} (no parallel GC threads). */
    public Pool.Builder jvmOptions(List<String> options) {
        o.worker = o.worker.withJvmOptions(options);
        return self();
    }

    /** The workers' classpath. Default: this JVM's {@code java.class.path}. */
    public Pool.Builder classpath(List<Path> classpath) {
        o.worker = o.worker.withClasspath(classpath);
        return self();
    }

    /** Which environment variables the workers get. Default: {@link EnvironmentPolicy#inherit()}. */
    public Pool.Builder environment(EnvironmentPolicy policy) {
        o.worker = o.worker.withEnvironment(Objects.requireNonNull(policy, "policy"));
        return self();
    }

    /** Receives progress and notices. Default: none. */
    public Pool.Builder listener(MapListener listener) {
        o.listener = Objects.requireNonNull(listener, "listener");
        return self();
    }

    /**
     * A running worker whose heartbeat the process node sees unchanged for longer than this is taken as lost
     * (hung, stopped, or its node gone): its queue-job is deleted and its chunk runs again (for the tasks it did
     * not save), counted against {@code maxResubmissions}. It must exceed the shared file system's cache time.
     * Default 2 minutes; at least 1 s.
     */
    public Pool.Builder heartbeatTimeout(Duration timeout) {
        o.limits = o.limits.withHeartbeatTimeout(Objects.requireNonNull(timeout, "timeout"));
        return self();
    }

    /**
     * How long a job may be gone from the queue, without a non-zero exit code, before its missing result counts
     * as a failure (shared storage can show a file late). Default 10 s.
     */
    public Pool.Builder resultGracePeriod(Duration grace) {
        o.limits = o.limits.withResultGracePeriod(Objects.requireNonNull(grace, "grace"));
        return self();
    }

    /**
     * Submit as job arrays (split at the queue's maximum size) where the queue has them: in pull mode the workers,
     * in jobs mode the chunks; else one queue-job each. A failed element is resubmitted on its own. Default: true.
     */
    public Pool.Builder jobArrays(boolean useArrays) {
        o.scheduling = o.scheduling.withJobArrays(useArrays);
        return self();
    }

    /**
     * How chunks reach the queue. Default {@link Mode#PULL}: at most {@link #maxWorkers} workers (one array job
     * where the queue has arrays) each claim chunks from the work dir until none is left or their
     * {@link #workerTimeBudget} is spent; a worker that dies leaves its chunk to another, counted against
     * {@link #maxResubmissions} for that chunk. {@link Mode#JOBS}: one queue-job (or array element) per chunk.
     */
    public Pool.Builder mode(Mode mode) {
        o.scheduling = o.scheduling.withMode(Objects.requireNonNull(mode, "mode"));
        return self();
    }

    /**
     * Pull mode: at most this many workers in the queue at once. Default: the local queue's slots; on a cluster
     * {@value Scheduling#CLUSTER_MAX_WORKERS}. Fewer are submitted when fewer chunks are left to claim.
     */
    public Pool.Builder maxWorkers(int workers) {
        o.scheduling = o.scheduling.withMaxWorkers(workers);
        return self();
    }

    /**
     * Pull mode: a worker takes no chunk after running this long, and exits; another is submitted while chunks
     * are left, so no queue-job holds a slot much longer than this plus one chunk and other users' jobs get their
     * turn. A walltime request ({@code h_rt}, {@code --time}) bounds it further: a worker takes no chunk that its
     * longest chunk so far says might not end in time. Default: 10 minutes.
     */
    public Pool.Builder workerTimeBudget(Duration budget) {
        o.scheduling = o.scheduling.withWorkerTimeBudget(Objects.requireNonNull(budget, "budget"));
        return self();
    }

    /**
     * How long the queue's commands may fail (a controller restarting, a network cut) before the map stops. In
     * the meantime the map goes on taking results from the work dir and says when the queue answers again.
     * Default: 5 minutes.
     */
    public Pool.Builder outageTolerance(Duration tolerance) {
        o.limits = o.limits.withOutageTolerance(Objects.requireNonNull(tolerance, "tolerance"));
        return self();
    }

    /**
     * Stops the map once more than {@code max} tasks failed (0: at the first failure): its queue-jobs are deleted,
     * the tasks not yet run are "not run", and {@link MapException} lists what failed and counts what did not
     * run. Default: no such limit (only a systematic failure stops the map, see
     * {@link #stopOnSystematicFailure}). The first failed task is said at once in a notice either way.
     */
    public Pool.Builder maxFailedTasks(long max) {
        o.limits = o.limits.withMaxFailedTasks(max);
        return self();
    }

    /**
     * Whether a failure that looks systematic stops the map early, as {@link #maxFailedTasks} would: the first
     * {@value FailurePolicy#FIRST_FAILURES} tasks to finish all failed, or, once
     * {@value FailurePolicy#SHARE_AFTER} tasks finished, more than half of them failed. Sporadic failures never
     * stop it. Default: true; turn it off for a sweep where most tasks fail by design.
     */
    public Pool.Builder stopOnSystematicFailure(boolean stop) {
        o.limits = o.limits.withStopOnSystematicFailure(stop);
        return self();
    }

    /**
     * Pull mode with at most {@code workers} workers: the same as {@code mode(Mode.PULL).maxWorkers(workers)}.
     *
     * @deprecated pull mode is the default; use {@link #maxWorkers(int)}
     */
    @Deprecated
    public Pool.Builder claimChunks(int workers) {
        return mode(Mode.PULL).maxWorkers(workers);
    }

    /**
     * Whether the workers map an application class-data archive (AppCDS) made once per worker java, classpath
     * and JVM options in the work dir ({@code WORKDIR/cds}), which shortens each worker JVM's start. The first map
     * of a new classpath does not wait for it: a background process on this node makes it in a short training run
     * (no task runs there) while the first workers start, and each worker maps it once it is in place; closing
     * the pool waits up to 30 s for it. CDS takes jars only:
     * with a folder on the classpath the workers start without one. Default: used when every classpath entry is a
     * jar; {@code true} also says in a notice why it is not used; {@code false}: never.
     */
    public Pool.Builder classDataArchive(boolean use) {
        o.worker = o.worker.withClassDataArchive(use);
        return self();
    }

    /**
     * How long a queue-job may wait in the queue before its chunk fails (and the job is deleted), e.g. because
     * it asks for resources no host has. Default: no limit.
     */
    public Pool.Builder maxPendingTime(Duration limit) {
        o.limits = o.limits.withMaxPendingTime(Objects.requireNonNull(limit, "limit"));
        return self();
    }

    /** The workers' working directory. Default: this JVM's current directory. */
    public Pool.Builder workerWorkingDir(Path dir) {
        o.worker = o.worker.withWorkingDir(dir);
        return self();
    }

    /** The class loader that reads results back. Default: qmr's own. */
    public Pool.Builder resultClassLoader(ClassLoader loader) {
        o.loader = Objects.requireNonNull(loader, "loader");
        return self();
    }

    /**
     * @throws SettingException if the {@link #request} cannot be merged into the queue's options (set both ways,
     *     or not expressible there); nothing is submitted then
     */
    public Pool build() {
        BatchQueue queue = o.queue == null ? Queues.local() : o.queue;
        try {
            queue = queue.withRequest(o.request.toQueueRequest());
        } catch (RequestConflict e) {
            throw new SettingException(e.setting(), e.problem(), e.fix());
        }
        return new Pool(queue, o);
    }

    /** The session's reports, as the listener's events. */
    static SessionEvents events(String sessionId, MapListener listener) {
        return new SessionEvents() {
            @Override
            public void progress(SessionEvents.Progress p) {
                listener.onEvent(new MapEvent.Progress(sessionId, p.chunks(), p.pending(), p.running(), p.done(),
                        p.failed(), p.elapsed(), p.reused(), p.tasks(), p.tasksDone(), p.notRun()));
            }

            @Override
            public void notice(boolean warning, String text) {
                listener.onEvent(new MapEvent.Notice(warning, text));
            }

            @Override
            public void jobSubmitted(String jobId, java.time.Instant at) {
                listener.onEvent(new MapEvent.JobSubmitted(sessionId, jobId, at));
            }

            @Override
            public void jobEnded(String jobId, java.time.Instant at) {
                listener.onEvent(new MapEvent.JobEnded(sessionId, jobId, at));
            }

            @Override
            public void jobUsage(String jobId, io.github.qmr.runtime.queue.JobUsage u) {
                listener.onEvent(new MapEvent.JobUsage(sessionId, jobId, u.cpu(), u.memoryBytes(), u.source()));
            }

            @Override
            public void chunkResubmitted(int ichunk, int attempt, String jobId, String reason) {
                listener.onEvent(new MapEvent.ChunkResubmitted(sessionId, ichunk, attempt, jobId, reason));
            }
        };
    }
}
