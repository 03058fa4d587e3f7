package io.github.qmr.runtime;

import io.github.qmr.runtime.codec.CodecException;
import io.github.qmr.runtime.codec.FileKind;
import io.github.qmr.runtime.codec.RecordWriter;
import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.QueueException;
import io.github.qmr.runtime.queue.local.LocalQueue;
import io.github.qmr.runtime.session.ChunkLayout;
import io.github.qmr.runtime.session.Chunking;
import io.github.qmr.runtime.session.ClassDataArchive;
import io.github.qmr.runtime.session.EngineSettings;
import io.github.qmr.runtime.session.Launcher;
import io.github.qmr.runtime.session.Session;
import io.github.qmr.runtime.session.SessionEvents;
import io.github.qmr.runtime.session.SessionException;
import io.github.qmr.runtime.workdir.FreeSpace;
import io.github.qmr.runtime.workdir.SessionDir;
import io.github.qmr.runtime.workdir.StorageFailure;
import java.io.File;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
 * A pool is used from one thread at a time. {@link #close()} closes its queue, deleting any job still there.
 */
public final class Pool implements AutoCloseable {
    private final BatchQueue queue;
    private final Options options;
    private boolean checked;
    /** The workers' class-data archives: made in the background, a failure tried and said once per pool. */
    private final ClassDataArchive archives = new ClassDataArchive();

    private Pool(BatchQueue queue, Options options) {
        this.queue = queue;
        this.options = options;
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
        if (options.numChunks > 0 && knownSize < 0) {
            throw new InvalidInputException("numChunks needs the number of tasks up front: pass a Collection, or set"
                    + " chunkSize instead to stream the tasks");
        }
        checkWorkerSetup();
        SessionDir dir;
        try {
            dir = SessionDir.create(options.workDir);
        } catch (UncheckedIOException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
        Session session = new Session(dir, queue, options.engine(queue), events(dir.sessionId(), options.listener));
        boolean submitted = false;
        try {
            checkFreeSpace(dir, knownSize);
            try {
                writeFunction(dir, functionClass, instance);
                session.stageTasks(tasks, options.chunkSizeFor(knownSize));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(e.getMessage(), e);
            } catch (UncheckedIOException e) {
                String storage = StorageFailure.kind(e);
                if (storage == null) {
                    throw e;
                }
                throw new InvalidInputException(storage + " on " + dir.path() + " while staging the tasks: "
                        + e.getMessage() + "; free space there or choose another work dir", e);
            }
            Map<String, String> environment = System.getenv();
            List<String> jvmOptions = new ArrayList<>(workerJvmOptions());
            ClassDataArchive.Use archive = options.classDataArchive != Boolean.FALSE && session.layout().chunks() > 0
                    ? archives.forWorkers(dir, options.java, options.classpath, jvmOptions,
                            options.classDataArchive == Boolean.TRUE, session)
                    : ClassDataArchive.Use.NONE;
            jvmOptions.addAll(archive.options());
            Launcher.write(dir, options.java, options.classpath, jvmOptions, archive.whenMade(),
                    options.environment.resolve(environment));
            List<String> withheld = options.environment.withheldSecrets(environment);
            if (!withheld.isEmpty()) {
                session.notice(false, dir.sessionId() + ": not passed to the workers because their names look like"
                        + " secrets: " + String.join(", ", withheld) + " (pass one on purpose with"
                        + " EnvironmentPolicy.inherit().allowing(\"NAME\"))");
            }
            session.resume(options.classpath);
            ChunkLayout layout = session.layout();
            if (layout.chunks() > 0) {
                session.notice(false, dir.sessionId() + ": " + layout.taskCount() + " tasks in " + layout.chunks()
                        + " chunks of up to " + layout.chunkSize() + " on the " + queue.name()
                        + " queue, " + describeMode(queue) + "; work dir " + dir.path());
                session.submitAll();
            }
            submitted = true;
            return new ResultStream<>(session, options.keepWorkDir, options.loader);
        } catch (InvalidInputException e) {
            // bad input: nothing was submitted and there is nothing to inspect
            session.abort();
            if (!options.keepWorkDir) {
                dir.delete();
            }
            throw e;
        } catch (SessionException e) {
            if (!session.submitted()) {
                session.abort();
                dir.delete(); // nothing ran: nothing to inspect or resume
            }
            throw new QmrException(e.getMessage(), e);
        } finally {
            if (!submitted) {
                session.abort(); // deletes what was submitted before the failure; the work dir stays for a rerun
            }
        }
    }

    private String describeMode(BatchQueue queue) {
        EngineSettings engine = options.engine(queue);
        if (!engine.pull()) {
            return "one queue-job per chunk" + (engine.jobArrays() && queue.maxArraySize() > 1 ? " (job arrays)" : "");
        }
        return "pull mode: at most " + engine.maxWorkers() + " workers claiming chunks"
                + (engine.workerTimeBudget() == null ? "" : ", each for up to " + engine.workerTimeBudget().toSeconds()
                        + " s")
                + (engine.walltime() == null ? "" : " within the walltime of " + engine.walltime().toSeconds() + " s");
    }

    /** The session's reports, as the listener's events. */
    private static SessionEvents events(String sessionId, MapListener listener) {
        return new SessionEvents() {
            @Override
            public void progress(SessionEvents.Progress p) {
                listener.onEvent(new MapEvent.Progress(sessionId, p.chunks(), p.pending(), p.running(), p.done(),
                        p.failed(), p.elapsed(), p.reused(), p.tasks(), p.tasksDone()));
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
            public void chunkResubmitted(int ichunk, int attempt, String jobId, String reason) {
                listener.onEvent(new MapEvent.ChunkResubmitted(sessionId, ichunk, attempt, jobId, reason));
            }
        };
    }

    /** Refuses a work dir that cannot hold even the least the map writes, so no compute is lost to a full disk. */
    private void checkFreeSpace(SessionDir dir, long knownSize) {
        if (knownSize < 0) {
            return; // streamed tasks: counted only while they are written
        }
        long chunkSize = options.chunkSizeFor(knownSize);
        long chunks = (knownSize + chunkSize - 1) / chunkSize;
        String full = FreeSpace.shortfall(dir.path(), FreeSpace.atLeastNeeded(knownSize, chunks),
                "the task and result files of " + knownSize + " tasks in " + chunks + " chunks");
        if (full != null) {
            throw new InvalidInputException(full);
        }
    }

    /** The queue's JVM options first (e.g. -Xmx for a memory limit), then the user's, which may not exceed it. */
    private List<String> workerJvmOptions() {
        List<String> fromQueue;
        try {
            fromQueue = queue.workerJvmOptions();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
        String queueXmx = fromQueue.stream().filter(o -> o.startsWith("-Xmx")).findFirst().orElse(null);
        String userXmx = options.jvmOptions.stream().filter(o -> o.startsWith("-Xmx")).reduce((a, b) -> b).orElse(null);
        if (queueXmx != null && userXmx != null && heapBytes(userXmx) > heapBytes(queueXmx)) {
            throw new InvalidInputException("the worker JVM option " + userXmx + " asks for more heap than the job's"
                    + " memory limit leaves (" + queueXmx + " on the " + queue.name() + " queue); lower it, drop it,"
                    + " or request more memory");
        }
        List<String> all = new ArrayList<>(fromQueue);
        all.addAll(options.jvmOptions);
        return all;
    }

    private static long heapBytes(String xmx) {
        String v = xmx.substring(4).toLowerCase(java.util.Locale.ROOT);
        long unit = switch (v.isEmpty() ? ' ' : v.charAt(v.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            case 't' -> 1L << 40;
            default -> 1;
        };
        String digits = unit == 1 ? v : v.substring(0, v.length() - 1);
        try {
            return Long.parseLong(digits) * unit;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("the worker JVM option " + xmx + " is not a valid -Xmx; write e.g. -Xmx2g");
        }
    }

    private void checkWorkerSetup() {
        if (!checked) {
            if (!Files.isExecutable(options.java)) {
                throw new InvalidInputException("the worker java executable " + options.java
                        + " does not exist or is not executable; set it with Pool.builder().java(...)");
            }
            for (Path entry : options.classpath) {
                if (!Files.exists(entry)) {
                    throw new InvalidInputException("worker classpath entry " + entry + " does not exist; fix"
                            + " Pool.builder().classpath(...) or the classpath of this JVM");
                }
            }
            try {
                queue.check();
            } catch (QueueException e) {
                throw new InvalidInputException(e.getMessage(), e);
            }
            checked = true;
        }
    }

    private static void writeFunction(SessionDir dir, String functionClass, TaskFunction<?, ?> instance) {
        try (RecordWriter writer = RecordWriter.create(dir.functionFile(), FileKind.FUNCTION, 0, 0)) {
            writer.writeObject(functionClass != null ? functionClass : instance);
            writer.finish();
        } catch (CodecException e) {
            throw new InvalidInputException("the function " + instance.getClass().getName()
                    + " cannot be sent to the workers: " + e.getMessage()
                    + ". A lambda may capture only serializable values; or pass a TaskFunction class instead", e);
        }
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

    Options options() {
        return options;
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
            throw new QmrException("could not delete the jobs left by this pool on the " + queue.name()
                    + " queue; some may still be there: " + e.getMessage(), e);
        } finally {
            // an archive still being made is waited for a while: nothing of this pool writes to the work dir after
            archives.close(text -> options.listener.onEvent(new MapEvent.Notice(true, text)));
        }
    }

    /** Pull mode's most workers by default on a cluster: enough to spread a sweep, bounded for fair share. */
    public static final int DEFAULT_MAX_WORKERS = 100;
    /** Pull mode: a worker takes no new chunk after this long by default, and exits to free its slot. */
    public static final Duration DEFAULT_WORKER_TIME_BUDGET = Duration.ofMinutes(10);
    /** How long the queue may not answer before a map stops, by default: longer than a controller's restart. */
    public static final Duration DEFAULT_OUTAGE_TOLERANCE = Duration.ofMinutes(5);

    /** The pool's settings, fixed when it is built. */
    static final class Options {
        BatchQueue queue;
        Path workDir = Path.of(".qmr").toAbsolutePath();
        int chunkSize;
        int numChunks;
        /** About how long one task takes (e.g. from a pre-flight), or null: bounds default chunks by time. */
        Duration taskTime;
        boolean keepWorkDir;
        int maxResubmissions = 10;
        Duration pollInterval;
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> jvmOptions = List.of("-XX:+UseSerialGC");
        List<Path> classpath = currentClasspath();
        EnvironmentPolicy environment = EnvironmentPolicy.inherit();
        MapListener listener = MapListener.none();
        Duration resultGracePeriod = Duration.ofSeconds(10);
        Path workerWorkingDir = Path.of("").toAbsolutePath();
        ClassLoader loader = Pool.class.getClassLoader();
        int defaultChunks;
        boolean jobArrays = true;
        Duration maxPendingTime;
        Mode mode = Mode.PULL;
        int maxWorkers;
        Duration workerTimeBudget = DEFAULT_WORKER_TIME_BUDGET;
        Duration outageTolerance = DEFAULT_OUTAGE_TOLERANCE;
        long maxFailedTasks = -1;
        Boolean classDataArchive;

        /** The engine's settings on this queue. */
        EngineSettings engine(BatchQueue on) {
            return new EngineSettings(mode == Mode.PULL, maxWorkers(on), workerTimeBudget, on.walltime(), jobArrays,
                    maxResubmissions, pollInterval, resultGracePeriod, maxPendingTime, workerWorkingDir,
                    outageTolerance, maxFailedTasks);
        }

        /** As set; else the local queue's slots (more would only wait), else {@link #DEFAULT_MAX_WORKERS}. */
        private int maxWorkers(BatchQueue on) {
            return maxWorkers > 0 ? maxWorkers : on instanceof LocalQueue local ? local.slots() : DEFAULT_MAX_WORKERS;
        }

        /** Tasks per chunk; see {@link Chunking#chunkSize}. */
        int chunkSizeFor(long taskCount) {
            boolean pull = mode == Mode.PULL;
            return Chunking.chunkSize(taskCount, chunkSize, numChunks, pull, pull ? maxWorkers(queue) : defaultChunks,
                    taskTime);
        }

        private static List<Path> currentClasspath() {
            return Arrays.stream(System.getProperty("java.class.path", "").split(File.pathSeparator))
                    .filter(s -> !s.isEmpty()).map(s -> Path.of(s).toAbsolutePath()).toList();
        }
    }

    /** Builds a {@link Pool}; every setting has a default. */
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

        /** Tasks per chunk (one worker JVM runs them in series). Replaces {@link #numChunks}. */
        public Builder chunkSize(int chunkSize) {
            if (chunkSize < 1) {
                throw new InvalidInputException("chunkSize must be at least 1, got " + chunkSize);
            }
            o.chunkSize = chunkSize;
            o.numChunks = 0;
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
            if (numChunks < 1) {
                throw new InvalidInputException("numChunks must be at least 1, got " + numChunks);
            }
            o.numChunks = numChunks;
            o.chunkSize = 0;
            return this;
        }

        /** Keep the session folder even when every task succeeded (it is always kept on failure). */
        public Builder keepWorkDir(boolean keep) {
            o.keepWorkDir = keep;
            return this;
        }

        /** How often a queue-job found in an error state is deleted and resubmitted before its chunk fails. */
        public Builder maxResubmissions(int max) {
            if (max < 0) {
                throw new InvalidInputException("maxResubmissions must be 0 or more, got " + max);
            }
            o.maxResubmissions = max;
            return this;
        }

        /** Time between two polls of the queue. Default: the queue's own (local 20 ms, SGE 1 s). */
        public Builder pollInterval(Duration interval) {
            if (interval.isNegative()) {
                throw new InvalidInputException("pollInterval must not be negative, got " + interval);
            }
            o.pollInterval = interval;
            return this;
        }

        /** The {@code java} executable the workers run. Default: this JVM's. */
        public Builder java(Path java) {
            o.java = Objects.requireNonNull(java, "java");
            return this;
        }

        /** JVM options of the workers. Default: {@code -XX:+UseSerialGC} (no parallel GC threads). */
        public Builder jvmOptions(List<String> options) {
            o.jvmOptions = List.copyOf(options);
            return this;
        }

        /** The workers' classpath. Default: this JVM's {@code java.class.path}. */
        public Builder classpath(List<Path> classpath) {
            o.classpath = classpath.stream().map(Path::toAbsolutePath).toList();
            return this;
        }

        /** Which environment variables the workers get. Default: {@link EnvironmentPolicy#inherit()}. */
        public Builder environment(EnvironmentPolicy policy) {
            o.environment = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Receives progress and notices. Default: none. */
        public Builder listener(MapListener listener) {
            o.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * How long a job may be gone from the queue, without a non-zero exit code, before its missing result counts
         * as a failure (shared storage can show a file late). Default 10 s.
         */
        public Builder resultGracePeriod(Duration grace) {
            o.resultGracePeriod = Objects.requireNonNull(grace, "grace");
            return this;
        }

        /**
         * Submit as job arrays (split at the queue's maximum size) where the queue has them: in pull mode the workers,
         * in jobs mode the chunks; else one queue-job each. A failed element is resubmitted on its own. Default: true.
         */
        public Builder jobArrays(boolean useArrays) {
            o.jobArrays = useArrays;
            return this;
        }

        /**
         * How chunks reach the queue. Default {@link Mode#PULL}: at most {@link #maxWorkers} workers (one array job
         * where the queue has arrays) each claim chunks from the work dir until none is left or their
         * {@link #workerTimeBudget} is spent; a worker that dies leaves its chunk to another, counted against
         * {@link #maxResubmissions} for that chunk. {@link Mode#JOBS}: one queue-job (or array element) per chunk.
         */
        public Builder mode(Mode mode) {
            o.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Pull mode: at most this many workers in the queue at once. Default: the local queue's slots; on a cluster
         * {@value Pool#DEFAULT_MAX_WORKERS}. Fewer are submitted when fewer chunks are left to claim.
         */
        public Builder maxWorkers(int workers) {
            if (workers < 1) {
                throw new InvalidInputException("maxWorkers must be at least 1, got " + workers);
            }
            o.maxWorkers = workers;
            return this;
        }

        /**
         * Pull mode: a worker takes no chunk after running this long, and exits; another is submitted while chunks
         * are left, so no queue-job holds a slot much longer than this plus one chunk and other users' jobs get their
         * turn. A walltime request ({@code h_rt}, {@code --time}) bounds it further: a worker takes no chunk that its
         * longest chunk so far says might not end in time. Default: 10 minutes.
         */
        public Builder workerTimeBudget(Duration budget) {
            if (budget.isNegative() || budget.isZero()) {
                throw new InvalidInputException("workerTimeBudget must be positive, got " + budget);
            }
            o.workerTimeBudget = budget;
            return this;
        }

        /**
         * How long the queue's commands may fail (a controller restarting, a network cut) before the map stops. In
         * the meantime the map goes on taking results from the work dir and says when the queue answers again.
         * Default: 5 minutes.
         */
        public Builder outageTolerance(Duration tolerance) {
            if (tolerance.isNegative()) {
                throw new InvalidInputException("outageTolerance must not be negative, got " + tolerance);
            }
            o.outageTolerance = tolerance;
            return this;
        }

        /**
         * Stops the map once more than {@code max} tasks failed (0: at the first failure): its queue-jobs are deleted,
         * the chunks not yet run fail as "not run", and {@link MapException} lists what failed. Default: the map
         * runs every task whatever fails. The first failed task is said at once in a notice either way.
         */
        public Builder maxFailedTasks(long max) {
            if (max < 0) {
                throw new InvalidInputException("maxFailedTasks must be 0 or more, got " + max);
            }
            o.maxFailedTasks = max;
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
            o.classDataArchive = use;
            return this;
        }

        /**
         * How long a queue-job may wait in the queue before its chunk fails (and the job is deleted), e.g. because
         * it asks for resources no host has. Default: no limit.
         */
        public Builder maxPendingTime(Duration limit) {
            if (limit.isNegative() || limit.isZero()) {
                throw new InvalidInputException("maxPendingTime must be positive, got " + limit);
            }
            o.maxPendingTime = limit;
            return this;
        }

        /** The workers' working directory. Default: this JVM's current directory. */
        public Builder workerWorkingDir(Path dir) {
            o.workerWorkingDir = dir.toAbsolutePath();
            return this;
        }

        /** The class loader that reads results back. Default: qmr's own. */
        public Builder resultClassLoader(ClassLoader loader) {
            o.loader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        public Pool build() {
            if (o.queue == null) {
                o.queue = Queues.local();
            }
            if (o.pollInterval == null) {
                o.pollInterval = o.queue.defaultPollInterval();
            }
            o.defaultChunks = o.queue instanceof LocalQueue local ? local.slots() : 100;
            return new Pool(o.queue, o);
        }
    }
}
