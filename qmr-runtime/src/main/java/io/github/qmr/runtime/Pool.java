package io.github.qmr.runtime;

import io.github.qmr.runtime.codec.CodecException;
import io.github.qmr.runtime.codec.FileKind;
import io.github.qmr.runtime.codec.RecordWriter;
import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.QueueException;
import io.github.qmr.runtime.queue.local.LocalQueue;
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
    /** Class-data archives that could not be made: tried once per pool, not at every map. */
    private final List<String> failedArchiveKeys = new ArrayList<>();

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
        Session session = new Session(dir, queue, options);
        boolean submitted = false;
        try {
            checkFreeSpace(dir, knownSize);
            try {
                writeFunction(dir, functionClass, instance);
                session.stageTasks(tasks, knownSize);
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
            if (options.classDataArchive != Boolean.FALSE && session.chunks() > 0) {
                jvmOptions.addAll(ClassDataArchive.workerOptions(dir, options.java, options.classpath, jvmOptions,
                        options.classDataArchive == Boolean.TRUE, session, failedArchiveKeys));
            }
            Launcher.write(dir, options.java, options.classpath, jvmOptions, options.environment.resolve(environment));
            List<String> withheld = options.environment.withheldSecrets(environment);
            if (!withheld.isEmpty()) {
                session.notice(false, dir.sessionId() + ": not passed to the workers because their names look like"
                        + " secrets: " + String.join(", ", withheld) + " (pass one on purpose with"
                        + " EnvironmentPolicy.inherit().allowing(\"NAME\"))");
            }
            session.resume(options.classpath);
            if (session.chunks() > 0) {
                session.notice(false, dir.sessionId() + ": " + session.taskCount() + " tasks in "
                        + session.chunks() + " chunks of up to " + session.chunkSize() + " on the " + queue.name()
                        + " queue; work dir " + dir.path());
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
        } finally {
            if (!submitted) {
                session.abort(); // deletes what was submitted before the failure; the work dir stays for a rerun
            }
        }
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

    /** Closes the queue: jobs of an unfinished map are deleted. */
    @Override
    public void close() {
        try {
            queue.close();
        } catch (QueueException e) {
            throw new QmrException("could not delete the jobs left by this pool on the " + queue.name()
                    + " queue; some may still be there: " + e.getMessage(), e);
        }
    }

    /** The pool's settings, fixed when it is built. */
    static final class Options {
        BatchQueue queue;
        Path workDir = Path.of(".qmr").toAbsolutePath();
        int chunkSize;
        int numChunks;
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
        int claimWorkers;
        Boolean classDataArchive;

        int claimWorkers() {
            return claimWorkers;
        }

        Duration maxPendingTime() {
            return maxPendingTime;
        }

        boolean jobArrays() {
            return jobArrays;
        }

        MapListener listener() {
            return listener;
        }

        Duration pollInterval() {
            return pollInterval;
        }

        int maxResubmissions() {
            return maxResubmissions;
        }

        Duration resultGracePeriod() {
            return resultGracePeriod;
        }

        Path workerWorkingDir() {
            return workerWorkingDir;
        }

        /** Tasks per chunk: as set; or ceil(n / numChunks) like the original (10 tasks in 4 chunks: 3,3,3,1). */
        int chunkSizeFor(long taskCount) {
            if (chunkSize > 0) {
                return chunkSize;
            }
            int n = numChunks > 0 ? numChunks : defaultChunks;
            if (taskCount <= 0) {
                return 1;
            }
            return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (taskCount + n - 1) / n));
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
         * About how many chunks: each gets ceil(n / numChunks) tasks, as in the original tool, so the last chunks
         * may be smaller or fewer. Replaces {@link #chunkSize}. Default: the local queue's slots, else 100.
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
         * Submit all chunks as job arrays (one per session, split at the queue's maximum size) where the queue has
         * them, rather than one queue-job per chunk. A failed element is resubmitted on its own. Default: true.
         */
        public Builder jobArrays(boolean useArrays) {
            o.jobArrays = useArrays;
            return this;
        }

        /**
         * Claim mode, for maps bound by the queue's dispatch rate: instead of one queue-job per chunk, at most
         * {@code workers} queue-jobs ("claimers") each take chunks from the work dir one after another, atomically
         * (a claim file per chunk), until none is left. One scheduler round and one JVM start then serve many chunks,
         * and the function is created once per claimer. A claimer holds its slot only while unclaimed chunks remain.
         * Completion is still decided by each chunk's result file; a claimer that dies leaves its unfinished chunk to
         * a new claimer, counted against {@link #maxResubmissions} for that chunk. Job arrays are not used. Default:
         * off (one queue-job per chunk).
         */
        public Builder claimChunks(int workers) {
            if (workers < 1) {
                throw new InvalidInputException("claimChunks needs at least 1 worker, got " + workers);
            }
            o.claimWorkers = workers;
            return this;
        }

        /**
         * Whether the workers map an application class-data archive (AppCDS) made once per worker java, classpath
         * and JVM options in the work dir ({@code WORKDIR/cds}), which shortens each worker JVM's start. The first map
         * of a new classpath makes it in a short training run on this node (no task runs there). CDS takes jars only:
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
