package io.github.qmr.runtime;

import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.QueueException;
import io.github.qmr.runtime.queue.RequestConflict;
import io.github.qmr.runtime.session.EngineSettings;
import io.github.qmr.runtime.policy.FailurePolicy;
import io.github.qmr.runtime.session.MapStart;
import io.github.qmr.runtime.session.Session;
import io.github.qmr.runtime.session.SessionEvents;
import io.github.qmr.runtime.session.SessionException;
import io.github.qmr.runtime.session.Verdicts;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Maps a function over tasks by running chunks of them as queue-jobs, and gives back the results in task order.
 *
 * <pre>{@code
 * try (Pool pool = Pool.builder().workDir(Path.of("/shared/qmr")).chunkSize(10).build()) {
 *     List<Double> out = pool.map(Simulate.class, tasks);   // Simulate implements TaskFunction<Params, Double>
 * }
 * }</pre>
 *
 * A pool is used from one thread at a time. {@link #close()} closes its queue, deleting any job still there; a job
 * it cannot delete (the controller does not answer) is said in a notice with the command to delete it, not thrown.
 */
public final class Pool implements AutoCloseable {
    private final BatchQueue queue;
    private final Options options;
    /** The settings resolved for the queue, fixed when the pool is built. */
    private final Plan plan;
    /** Starts each map; holds what outlives one (the class-data archives being made). */
    private final MapStart engine;

    private Pool(BatchQueue queue, Options options) {
        this.queue = queue;
        this.options = options;
        this.plan = Plan.of(options.scheduling, options.limits, options.worker, queue).withTaskTime(options.taskTime);
        WorkerSetup worker = plan.worker();
        this.engine = new MapStart(queue, options.workDir, new MapStart.Workers(worker.java(), worker.classpath(),
                worker.jvmOptions(), worker.classDataArchive(), options.escalation.escalates(true),
                plan.limits().taskTimeLimit(), plan.stagesClasspath()));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Applies a new instance of {@code function} (one per worker JVM) to every task; returns the results in task
     * order. Throws {@link MapException} if any task failed, which still gives the other results.
     */
    public <T, R> List<R> map(Class<? extends TaskFunction<T, R>> function, List<? extends T> tasks) {
        return collect(stream(function, tasks));
    }

    /** Like {@link #map(Class, List)} for an instance or lambda, which is serialized into the session. */
    public <T, R> List<R> map(TaskFunction<T, R> function, List<? extends T> tasks) {
        return collect(stream(function, tasks));
    }

    /**
     * Maps, then reduces on this node: every task and its result, in task order, go to {@code reducer}, whose result is
     * returned. The results are held as {@link #map} holds them; for more than fit in memory, reduce a
     * {@link #stream} yourself. Throws {@link MapException} if any task failed (the reducer then gets nothing), and
     * {@link QmrException} naming the reducer if it throws.
     */
    public <T, R, O> O mapReduce(Class<? extends TaskFunction<T, R>> function, List<? extends T> tasks,
            Reducer<T, R, O> reducer) {
        List<R> results = map(function, tasks);
        Objects.requireNonNull(reducer, "reducer");
        try {
            for (int i = 0; i < tasks.size(); i++) {
                reducer.add(tasks.get(i), results.get(i));
            }
            return reducer.result();
        } catch (Exception e) {
            throw new QmrException("the reducer " + reducer.getClass().getName() + " failed: " + e
                    + "; the map's results are complete, so only the reduction needs fixing", e);
        }
    }

    /**
     * Starts the map and returns its results as a stream in task order, each available as soon as its chunk is
     * done. With {@code chunkSize} the tasks are read once, in one pass, so any {@link Iterable} works; with
     * {@code numChunks} they must be a {@link Collection}.
     */
    public <T, R> ResultStream<R> stream(Class<? extends TaskFunction<T, R>> function, Iterable<? extends T> tasks) {
        Objects.requireNonNull(function, "function");
        checkFunctionClass(function);
        return start(function.getName(), null, tasks);
    }

    /** Like {@link #stream(Class, Iterable)} for an instance or lambda, serialized into the session. */
    public <T, R> ResultStream<R> stream(TaskFunction<T, R> function, Iterable<? extends T> tasks) {
        Objects.requireNonNull(function, "function");
        return start(null, function, tasks);
    }

    private static <R> List<R> collect(ResultStream<R> results) {
        try (results) {
            List<R> values = new ArrayList<>();
            List<TaskFailure> taskFailures = new ArrayList<>();
            List<ChunkFailure> chunkFailures = new ArrayList<>();
            while (results.hasNext()) {
                TaskResult<R> r = results.next();
                values.add(r.value());
                if (r.failure() != null) {
                    taskFailures.add(r.failure());
                } else if (r.chunkFailure() != null
                        && (chunkFailures.isEmpty() || chunkFailures.get(chunkFailures.size() - 1) != r.chunkFailure())) {
                    chunkFailures.add(r.chunkFailure());
                }
            }
            if (!taskFailures.isEmpty() || !chunkFailures.isEmpty()) {
                throw new MapException(results.taskCount(), taskFailures, chunkFailures, new ArrayList<>(values),
                        results.keptWorkDir());
            }
            return values;
        }
    }

    private <R> ResultStream<R> start(String functionClass, TaskFunction<?, ?> instance, Iterable<?> tasks) {
        Objects.requireNonNull(tasks, "tasks");
        long knownSize = tasks instanceof Collection<?> c ? c.size() : -1;
        if (plan.scheduling().numChunks() != null && knownSize < 0) {
            throw new InvalidInputException("numChunks needs the number of tasks up front: pass a Collection, or set"
                    + " chunkSize instead to stream the tasks");
        }
        try {
            plan.worker().checkedJava(); // the setting's one check, the goal's <java> too
        } catch (SettingException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
        Map<String, String> environment = System.getenv();
        EnvironmentPolicy policy = plan.worker().environment();
        try {
            Session session = engine.start(new MapStart.MapCall(functionClass != null ? functionClass : instance, tasks,
                    knownSize, plan.chunkSize(knownSize), engineSettings(plan, options.escalation),
                    policy.resolve(environment), policy.withheldSecrets(environment), plan.describe(),
                    sessionId -> events(sessionId, options.listener), options.keepWorkDir));
            return new ResultStream<>(session, options.keepWorkDir, options.loader);
        } catch (MapStart.Refused e) {
            throw new InvalidInputException(e.getMessage(), e.getCause());
        } catch (SessionException e) {
            throw new QmrException(e.getMessage(), e);
        }
    }

    /** The session's reports, as the listener's events. */
    private static SessionEvents events(String sessionId, MapListener listener) {
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

    /** Checks what the worker will need to instantiate the class, so a mistake shows before any job runs. */
    static void checkFunctionClass(Class<?> function) {
        String name = function.getName();
        if (!TaskFunction.class.isAssignableFrom(function)) {
            throw new InvalidInputException("function class " + name + " does not implement "
                    + TaskFunction.class.getName());
        }
        if (function.isInterface() || Modifier.isAbstract(function.getModifiers())) {
            throw new InvalidInputException("function class " + name + " is abstract; give a concrete class");
        }
        if (!Modifier.isPublic(function.getModifiers()) || function.isAnonymousClass() || function.isLocalClass()
                || function.isSynthetic()
                || (function.getEnclosingClass() != null && !Modifier.isStatic(function.getModifiers()))) {
            throw new InvalidInputException("function class " + name + " must be a public top-level or public static"
                    + " nested class, so a worker can instantiate it; for a lambda use map(TaskFunction, tasks)");
        }
        try {
            Constructor<?> constructor = function.getConstructor();
            if (!Modifier.isPublic(constructor.getModifiers())) {
                throw new NoSuchMethodException();
            }
        } catch (NoSuchMethodException e) {
            throw new InvalidInputException("function class " + name + " has no public no-arg constructor; add one"
                    + " (the worker creates the function with it)");
        }
    }

    /**
     * The settings this pool's maps run with, resolved for its queue (e.g. the most workers when none was set): what a
     * log line, a report or a provenance record should say ran.
     */
    public Plan plan() {
        return plan;
    }

    /** The engine's settings for one session: the plan, as the session package takes it. */
    private static EngineSettings engineSettings(Plan plan, Escalation e) {
        Scheduling s = plan.scheduling();
        Limits l = plan.limits();
        return new EngineSettings(plan.pull(), plan.maxWorkers(), s.workerTimeBudget(), plan.walltime(),
                s.jobArrays(), l.maxResubmissions(), s.pollInterval(), l.resultGracePeriod(), l.maxPendingTime(),
                plan.worker().workingDir(), l.outageTolerance(), new FailurePolicy.Rule(
                        l.maxFailedTasks() == null ? -1 : l.maxFailedTasks(), l.stopOnSystematicFailure(), 0),
                new Verdicts.Escalate(e.memoryFactor(), e.memoryCap(), e.timeFactor(), e.timeCap()),
                l.heartbeatTimeout());
    }

    /**
     * Closes the queue: jobs of an unfinished map are deleted. A class-data archive this pool is still making is
     * waited for up to 30 s (it started with the first map and does not delay the workers), then left to finish.
     */
    @Override
    public void close() {
        try {
            queue.close();
        } catch (QueueException e) {
            // never a failure: every map of this pool has ended and said what became of its jobs; these are left over
            String delete = e.notDeleted().isEmpty() ? "" : "; delete them with " + queue.deleteCommand(e.notDeleted());
            options.listener.onEvent(new MapEvent.Notice(true, "could not delete the jobs left by this pool on the "
                    + queue.name() + " queue; some may still be there: " + e.getMessage() + delete));
        } finally {
            // an archive still being made is waited for a while: nothing of this pool writes to the work dir after
            engine.close(text -> options.listener.onEvent(new MapEvent.Notice(true, text)));
        }
    }

    /** The pool's settings, fixed when it is built; each record holds its own defaults and checks. */
    private static final class Options {
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

    /**
     * Builds a {@link Pool}; every setting has a default. The settings come as records ({@link #scheduling},
     * {@link #limits}, {@link #workerSetup}) or one at a time; the last call for a setting wins.
     */
    public static final class Builder {
        private final Options o = new Options();

        private Builder() {}

        /** The queue to run on. Default: the embedded local queue with one slot per available processor. */
        public Builder queue(BatchQueue queue) {
            o.queue = Objects.requireNonNull(queue, "queue");
            return this;
        }

        /**
         * The folder, on storage shared by this node and the workers, holding each map's session folder.
         * Must be absolute. Default: {@code .qmr} in the current directory.
         */
        public Builder workDir(Path workDir) {
            if (!workDir.isAbsolute()) {
                throw new InvalidInputException("the work dir must be an absolute path, got '" + workDir
                        + "'; use " + workDir.toAbsolutePath() + " if that is what you mean");
            }
            o.workDir = workDir;
            return this;
        }

        /** Mode, workers, chunking and polling at once; see {@link Scheduling}. Default: {@link Scheduling#DEFAULTS}. */
        public Builder scheduling(Scheduling scheduling) {
            o.scheduling = Objects.requireNonNull(scheduling, "scheduling");
            return this;
        }

        /** When a job, a chunk or the map is given up; see {@link Limits}. Default: {@link Limits#DEFAULTS}. */
        public Builder limits(Limits limits) {
            o.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * A task running longer than this is stopped and fails, and its worker goes on with the next: its thread is
         * interrupted at the limit; one that does not stop within a grace period (a tenth of the limit, 1 to 30 s) is
         * recorded failed and its worker ends, its chunk running again for the tasks after it. Default: no limit.
         */
        public Builder taskTimeLimit(Duration limit) {
            o.limits = o.limits.withTaskTimeLimit(limit);
            return this;
        }

        /**
         * What a chunk's next attempt asks for after its job was killed for memory or time; see {@link Escalation}.
         * Default: {@link Escalation#OFF}, such a chunk fails at once saying what it used and requested.
         */
        public Builder escalate(Escalation escalation) {
            o.escalation = Objects.requireNonNull(escalation, "escalation");
            return this;
        }

        /**
         * What every queue-job asks the scheduler for: memory, walltime, cpus, partition, account, submit arguments,
         * in the same names on SGE and Slurm; see {@link JobRequest}. The local queue ignores it. A part also set in
         * the queue's own options (e.g. {@code memory} and SGE's {@code h_vmem}) is refused by {@link #build}.
         * Default: {@link JobRequest#NONE}, the queue's options alone.
         */
        public Builder request(JobRequest request) {
            o.request = Objects.requireNonNull(request, "request");
            return this;
        }

        /** How the worker JVMs start; see {@link WorkerSetup}. Default: {@link WorkerSetup#defaults()}. */
        public Builder workerSetup(WorkerSetup worker) {
            o.worker = Objects.requireNonNull(worker, "worker");
            return this;
        }

        /** Tasks per chunk (one worker JVM runs them in series). Replaces {@link #numChunks}. */
        public Builder chunkSize(int chunkSize) {
            o.scheduling = o.scheduling.withChunkSize(chunkSize);
            return this;
        }

        /**
         * About how long one task takes, e.g. as a pre-flight measured it ({@code Preflight.Report}): the default
         * chunks then hold at most {@link Chunking#CHUNK_WORK} (3 minutes) of work each, so progress moves and a stop
         * costs little. No effect on a {@link #chunkSize} or {@link #numChunks} given.
         */
        public Builder taskTime(Duration taskTime) {
            if (taskTime != null && taskTime.isNegative()) {
                throw new InvalidInputException("taskTime must not be negative, got " + taskTime);
            }
            o.taskTime = taskTime;
            return this;
        }

        /**
         * About how many chunks: each gets ceil(n / numChunks) tasks, as in the original tool, so the last chunks
         * may be smaller or fewer. Replaces {@link #chunkSize}. Default in pull mode: 4 per worker
         * ({@link #maxWorkers}), so the load balances; in jobs mode the local queue's slots, else 100.
         */
        public Builder numChunks(int numChunks) {
            o.scheduling = o.scheduling.withNumChunks(numChunks);
            return this;
        }

        /** Keep the session folder even when every task succeeded (it is always kept on failure). */
        public Builder keepWorkDir(boolean keep) {
            o.keepWorkDir = keep;
            return this;
        }

        /** How often a queue-job found in an error state is deleted and resubmitted before its chunk fails. */
        public Builder maxResubmissions(int max) {
            o.limits = o.limits.withMaxResubmissions(max);
            return this;
        }

        /** Time between two polls of the queue. Default: the queue's own (local 20 ms, SGE 1 s). */
        public Builder pollInterval(Duration interval) {
            o.scheduling = o.scheduling.withPollInterval(Objects.requireNonNull(interval, "interval"));
            return this;
        }

        /** The {@code java} executable the workers run. Default: this JVM's. */
        public Builder java(Path java) {
            o.worker = o.worker.withJava(java);
            return this;
        }

        /** JVM options of the workers. Default: {@code -XX:+UseSerialGC} (no parallel GC threads). */
        public Builder jvmOptions(List<String> options) {
            o.worker = o.worker.withJvmOptions(options);
            return this;
        }

        /** The workers' classpath. Default: this JVM's {@code java.class.path}. */
        public Builder classpath(List<Path> classpath) {
            o.worker = o.worker.withClasspath(classpath);
            return this;
        }

        /** Which environment variables the workers get. Default: {@link EnvironmentPolicy#inherit()}. */
        public Builder environment(EnvironmentPolicy policy) {
            o.worker = o.worker.withEnvironment(Objects.requireNonNull(policy, "policy"));
            return this;
        }

        /** Receives progress and notices. Default: none. */
        public Builder listener(MapListener listener) {
            o.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * A running worker whose heartbeat the process node sees unchanged for longer than this is taken as lost
         * (hung, stopped, or its node gone): its queue-job is deleted and its chunk runs again (for the tasks it did
         * not save), counted against {@code maxResubmissions}. It must exceed the shared file system's cache time.
         * Default 2 minutes; at least 1 s.
         */
        public Builder heartbeatTimeout(Duration timeout) {
            o.limits = o.limits.withHeartbeatTimeout(Objects.requireNonNull(timeout, "timeout"));
            return this;
        }

        /**
         * How long a job may be gone from the queue, without a non-zero exit code, before its missing result counts
         * as a failure (shared storage can show a file late). Default 10 s.
         */
        public Builder resultGracePeriod(Duration grace) {
            o.limits = o.limits.withResultGracePeriod(Objects.requireNonNull(grace, "grace"));
            return this;
        }

        /**
         * Submit as job arrays (split at the queue's maximum size) where the queue has them: in pull mode the workers,
         * in jobs mode the chunks; else one queue-job each. A failed element is resubmitted on its own. Default: true.
         */
        public Builder jobArrays(boolean useArrays) {
            o.scheduling = o.scheduling.withJobArrays(useArrays);
            return this;
        }

        /**
         * How chunks reach the queue. Default {@link Mode#PULL}: at most {@link #maxWorkers} workers (one array job
         * where the queue has arrays) each claim chunks from the work dir until none is left or their
         * {@link #workerTimeBudget} is spent; a worker that dies leaves its chunk to another, counted against
         * {@link #maxResubmissions} for that chunk. {@link Mode#JOBS}: one queue-job (or array element) per chunk.
         */
        public Builder mode(Mode mode) {
            o.scheduling = o.scheduling.withMode(Objects.requireNonNull(mode, "mode"));
            return this;
        }

        /**
         * Pull mode: at most this many workers in the queue at once. Default: the local queue's slots; on a cluster
         * {@value Scheduling#CLUSTER_MAX_WORKERS}. Fewer are submitted when fewer chunks are left to claim.
         */
        public Builder maxWorkers(int workers) {
            o.scheduling = o.scheduling.withMaxWorkers(workers);
            return this;
        }

        /**
         * Pull mode: a worker takes no chunk after running this long, and exits; another is submitted while chunks
         * are left, so no queue-job holds a slot much longer than this plus one chunk and other users' jobs get their
         * turn. A walltime request ({@code h_rt}, {@code --time}) bounds it further: a worker takes no chunk that its
         * longest chunk so far says might not end in time. Default: 10 minutes.
         */
        public Builder workerTimeBudget(Duration budget) {
            o.scheduling = o.scheduling.withWorkerTimeBudget(Objects.requireNonNull(budget, "budget"));
            return this;
        }

        /**
         * How long the queue's commands may fail (a controller restarting, a network cut) before the map stops. In
         * the meantime the map goes on taking results from the work dir and says when the queue answers again.
         * Default: 5 minutes.
         */
        public Builder outageTolerance(Duration tolerance) {
            o.limits = o.limits.withOutageTolerance(Objects.requireNonNull(tolerance, "tolerance"));
            return this;
        }

        /**
         * Stops the map once more than {@code max} tasks failed (0: at the first failure): its queue-jobs are deleted,
         * the tasks not yet run are "not run", and {@link MapException} lists what failed and counts what did not
         * run. Default: no such limit (only a systematic failure stops the map, see
         * {@link #stopOnSystematicFailure}). The first failed task is said at once in a notice either way.
         */
        public Builder maxFailedTasks(long max) {
            o.limits = o.limits.withMaxFailedTasks(max);
            return this;
        }

        /**
         * Whether a failure that looks systematic stops the map early, as {@link #maxFailedTasks} would: the first
         * {@value FailurePolicy#FIRST_FAILURES} tasks to finish all failed, or, once
         * {@value FailurePolicy#SHARE_AFTER} tasks finished, more than half of them failed. Sporadic failures never
         * stop it. Default: true; turn it off for a sweep where most tasks fail by design.
         */
        public Builder stopOnSystematicFailure(boolean stop) {
            o.limits = o.limits.withStopOnSystematicFailure(stop);
            return this;
        }

        /**
         * Pull mode with at most {@code workers} workers: the same as {@code mode(Mode.PULL).maxWorkers(workers)}.
         *
         * @deprecated pull mode is the default; use {@link #maxWorkers(int)}
         */
        @Deprecated
        public Builder claimChunks(int workers) {
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
        public Builder classDataArchive(boolean use) {
            o.worker = o.worker.withClassDataArchive(use);
            return this;
        }

        /**
         * How long a queue-job may wait in the queue before its chunk fails (and the job is deleted), e.g. because
         * it asks for resources no host has. Default: no limit.
         */
        public Builder maxPendingTime(Duration limit) {
            o.limits = o.limits.withMaxPendingTime(Objects.requireNonNull(limit, "limit"));
            return this;
        }

        /** The workers' working directory. Default: this JVM's current directory. */
        public Builder workerWorkingDir(Path dir) {
            o.worker = o.worker.withWorkingDir(dir);
            return this;
        }

        /** The class loader that reads results back. Default: qmr's own. */
        public Builder resultClassLoader(ClassLoader loader) {
            o.loader = Objects.requireNonNull(loader, "loader");
            return this;
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
    }
}
