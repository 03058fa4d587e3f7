package io.github.qmr.runtime;

import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.QueueException;
import io.github.qmr.runtime.session.MapStart;
import io.github.qmr.runtime.session.DetachedMap;
import io.github.qmr.runtime.session.SessionException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
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
    private final PoolSetup.Options options;
    /** The settings resolved for the queue, fixed when the pool is built. */
    private final Plan plan;
    /** Starts each map; holds what outlives one (the class-data archives being made). */
    private final MapStart engine;

    Pool(BatchQueue queue, PoolSetup.Options options) {
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
        return ResultStream.collect(stream(function, tasks));
    }

    /** Like {@link #map(Class, List)} for an instance or lambda, which is serialized into the session. */
    public <T, R> List<R> map(TaskFunction<T, R> function, List<? extends T> tasks) {
        return ResultStream.collect(stream(function, tasks));
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

    private <R> ResultStream<R> start(String functionClass, TaskFunction<?, ?> instance, Iterable<?> tasks) {
        try {
            return new ResultStream<>(engine.start(call(functionClass, instance, tasks)), options.keepWorkDir,
                    options.loader);
        } catch (MapStart.Refused e) {
            throw new InvalidInputException(e.getMessage(), e.getCause());
        } catch (SessionException e) {
            throw new QmrException(e.getMessage(), e);
        }
    }

    /** One map as the engine takes it, checked. */
    private MapStart.MapCall call(String functionClass, TaskFunction<?, ?> instance, Iterable<?> tasks) {
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
        return new MapStart.MapCall(functionClass != null ? functionClass : instance, tasks, knownSize,
                plan.chunkSize(knownSize), plan.engineSettings(options.escalation), policy.resolve(environment),
                policy.withheldSecrets(environment), plan.describe(),
                sessionId -> PoolSetup.events(sessionId, options.listener), options.keepWorkDir);
    }

    /**
     * Submits the map and returns at once, leaving it to a monitor of its own that outlives this JVM: a process on
     * this host (no terminal: a closed terminal, a dropped SSH connection or a logout do not stop it) that submits,
     * follows the queue and resubmits, logging to {@code monitor.log} in the session folder. The handle says where it
     * stands and waits for its results; {@link #attach} gives the same handle in another JVM. Checks and stages here,
     * so bad input fails here, before anything is submitted. The queue must be one another JVM can rebuild
     * ({@link Queues}).
     */
    public <T, R> SubmittedMap<R> submit(Class<? extends TaskFunction<T, R>> function, List<? extends T> tasks) {
        return submit(function, tasks, MonitorHost.PROCESS);
    }

    /** Like {@link #submit(Class, List)}, with the monitor where {@code host} says; see {@link MonitorHost}. */
    public <T, R> SubmittedMap<R> submit(Class<? extends TaskFunction<T, R>> function, List<? extends T> tasks,
            MonitorHost host) {
        Objects.requireNonNull(function, "function");
        checkFunctionClass(function);
        return detach(function.getName(), null, tasks, host);
    }

    /** Like {@link #submit(Class, List)} for an instance or lambda, serialized into the session. */
    public <T, R> SubmittedMap<R> submit(TaskFunction<T, R> function, List<? extends T> tasks) {
        return submit(function, tasks, MonitorHost.PROCESS);
    }

    /** Like {@link #submit(Class, List, MonitorHost)} for an instance or lambda, serialized into the session. */
    public <T, R> SubmittedMap<R> submit(TaskFunction<T, R> function, List<? extends T> tasks, MonitorHost host) {
        Objects.requireNonNull(function, "function");
        return detach(null, function, tasks, host);
    }

    private <R> SubmittedMap<R> detach(String functionClass, TaskFunction<?, ?> instance, List<?> tasks,
            MonitorHost host) {
        Objects.requireNonNull(host, "host");
        try {
            return new SubmittedMap<>(engine.submit(call(functionClass, instance, tasks), host == MonitorHost.JOB),
                    options.listener, options.loader);
        } catch (MapStart.Refused e) {
            throw new InvalidInputException(e.getMessage(), e.getCause());
        } catch (SessionException e) {
            throw new QmrException(e.getMessage(), e);
        }
    }

    /**
     * The map submitted as session {@code sessionId} in {@code workDir} (by {@link #submit}, in this JVM or another),
     * to watch, wait for or cancel. Its results are read with qmr's class loader; see
     * {@link #attach(Path, String, MapListener, ClassLoader)}.
     *
     * @throws InvalidInputException when the work dir holds no such detached map
     */
    public static <R> SubmittedMap<R> attach(Path workDir, String sessionId) {
        return attach(workDir, sessionId, MapListener.none(), Pool.class.getClassLoader());
    }

    /** Like {@link #attach(Path, String)}, with a listener for its notices and the class loader of its results. */
    public static <R> SubmittedMap<R> attach(Path workDir, String sessionId, MapListener listener, ClassLoader loader) {
        try {
            return new SubmittedMap<>(DetachedMap.open(workDir, sessionId), listener, loader);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage(), e);
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

    /**
     * The settings this pool's maps run with, resolved for its queue (e.g. the most workers when none was set): what a
     * log line, a report or a provenance record should say ran.
     */
    public Plan plan() {
        return plan;
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

    /** Builds a {@link Pool}; its settings are {@link PoolSetup}'s. */
    public static final class Builder extends PoolSetup {
        private Builder() {}
    }
}
