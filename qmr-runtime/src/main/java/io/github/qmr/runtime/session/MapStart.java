package io.github.qmr.runtime.session;

import io.github.qmr.runtime.codec.CodecException;
import io.github.qmr.runtime.codec.FileKind;
import io.github.qmr.runtime.codec.RecordWriter;
import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.QueueException;
import io.github.qmr.runtime.workdir.ClasspathStager;
import io.github.qmr.runtime.workdir.FreeSpace;
import io.github.qmr.runtime.workdir.OutOfMemory;
import io.github.qmr.runtime.workdir.SessionDir;
import io.github.qmr.runtime.workdir.SharedFolder;
import io.github.qmr.runtime.workdir.StorageFailure;
import io.github.qmr.runtime.workdir.TaskTimedOut;
import io.github.qmr.runtime.workdir.WorkerArgs;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The engine side of a pool: starts each of its maps (checks, the session folder, the function and the tasks, the
 * workers' JVM options, class-data archive and launcher, the first submission) and owns what outlives one map (the
 * class-data archives being made). The public {@code Pool} gives it the settings as engine values and turns its
 * {@link Refused} into the API's exception.
 */
public final class MapStart {
    /** Bad input found while starting a map: nothing was submitted, and the session folder is gone (or kept). */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }

        Refused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * How the workers start: {@code jvmOptions} are the user's (the queue's come first); {@code classDataArchive}
     * null means "when every classpath entry is a jar"; {@code escalatesMemory} adds the option that turns a task's
     * OutOfMemoryError into more memory for its chunk; {@code taskTimeLimit} may be null; {@code stageClasspath}
     * copies the classpath into the work dir at the first map, for workers on nodes that do not see it where it is.
     */
    public record Workers(Path java, List<Path> classpath, List<String> jvmOptions, Boolean classDataArchive,
            boolean escalatesMemory, Duration taskTimeLimit, boolean stageClasspath) {
        public Workers {
            Objects.requireNonNull(java, "java");
            classpath = List.copyOf(classpath);
            jvmOptions = List.copyOf(jvmOptions);
        }
    }

    /**
     * One map: {@code function} is the class name or the instance to serialize; {@code knownSize} the number of tasks
     * or -1 when they stream; {@code environment} the workers' (resolved from this JVM's); {@code withheldSecrets} the
     * names left out because they look like secrets; {@code description} the settings, for the first notice;
     * {@code events} made for the session id once it is known.
     */
    public record MapCall(Object function, Iterable<?> tasks, long knownSize, int chunkSize, EngineSettings settings,
            Map<String, String> environment, List<String> withheldSecrets, String description,
            Function<String, SessionEvents> events, boolean keepWorkDir) {}

    private final BatchQueue queue;
    private final Path workDir;
    private final Workers workers;
    /** The workers' classpath as the maps use it: the given one, or its jars staged at the first map. */
    private List<Path> classpath;
    /** What the staging did, said in the first map's notices; null once said, or when nothing was staged. */
    private String staged;
    /** The workers' class-data archives: made in the background, a failure tried and said once per pool. */
    private final ClassDataArchive archives = new ClassDataArchive();
    private boolean checked;

    public MapStart(BatchQueue queue, Path workDir, Workers workers) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.workDir = Objects.requireNonNull(workDir, "workDir");
        this.workers = Objects.requireNonNull(workers, "workers");
    }

    /**
     * Starts the map: returns its session with every chunk staged and the first jobs submitted.
     *
     * @throws Refused for bad input (nothing submitted)
     * @throws SessionException when the start failed otherwise (what was submitted is deleted; the folder stays for a
     *     rerun once anything was submitted)
     */
    public Session start(MapCall map) {
        return start(map, false);
    }

    /**
     * Starts the map detached: checks and stages it here, then hands it to a monitor of its own that submits and
     * follows it, a process on this host ({@code asJob} false) or a queue-job; returns once the monitor runs (a process)
     * or is submitted (a job). See {@link DetachedMonitor}.
     *
     * @throws Refused for bad input, or a queue that cannot be handed over (nothing submitted)
     * @throws SessionException when the monitor could not be started (the session folder is removed)
     */
    public DetachedMap submit(MapCall map, boolean asJob) {
        String problem = DetachedMonitor.problem(asJob, queue);
        if (problem != null) {
            throw new Refused(problem);
        }
        Session session = start(map, true);
        try {
            return DetachedMonitor.launch(session.dir(), queue, new Handover(queue.recipe(), map.settings(),
                    session.layout(), map.keepWorkDir(), asJob), workers.java(), classpath,
                    map.environment());
        } catch (RuntimeException e) {
            session.dir().delete(); // nothing was submitted: nothing to inspect or resume
            throw e;
        }
    }

    /** Stages the map; submits it too unless {@code detached} (then its lease is given up for the monitor's). */
    private Session start(MapCall map, boolean detached) {
        checkWorkers();
        String workDirProblem = queue.workDirProblem(workDir);
        if (workDirProblem != null) {
            throw new Refused(workDirProblem + "; nothing was staged or submitted");
        }
        stageClasspath();
        SessionDir dir;
        try {
            dir = SessionDir.create(workDir);
        } catch (UncheckedIOException e) {
            throw new Refused(e.getMessage(), e);
        }
        Session session = new Session(dir, queue, map.settings(), map.events().apply(dir.sessionId()));
        boolean submitted = false;
        try {
            checkFreeSpace(dir, map.knownSize(), map.chunkSize());
            try {
                writeFunction(dir, map.function());
                session.stageTasks(map.tasks(), map.chunkSize());
            } catch (IllegalArgumentException e) {
                throw new Refused(e.getMessage(), e);
            } catch (UncheckedIOException e) {
                String storage = StorageFailure.kind(e);
                if (storage == null) {
                    throw e;
                }
                throw new Refused(storage + " on " + dir.path() + " while staging the tasks: "
                        + e.getMessage() + "; free space there or choose another work dir", e);
            }
            List<String> jvmOptions = new ArrayList<>(jvmOptions());
            ClassDataArchive.Use archive = workers.classDataArchive() != Boolean.FALSE && session.layout().chunks() > 0
                    ? archives.forWorkers(dir, workers.java(), classpath, jvmOptions,
                            workers.classDataArchive() == Boolean.TRUE, session)
                    : ClassDataArchive.Use.NONE;
            jvmOptions.addAll(archive.options());
            Map<String, String> environment = new LinkedHashMap<>(map.environment());
            environment.put(WorkerArgs.HEARTBEAT_ENV,
                    Long.toString(WorkerArgs.heartbeatMillis(map.settings().heartbeatTimeout().toMillis())));
            Launcher.write(dir, queue.jobLines(), workers.java(), classpath, jvmOptions, archive.whenMade(),
                    environment);
            if (!map.withheldSecrets().isEmpty()) {
                session.notice(false, dir.sessionId() + ": not passed to the workers because their names look like"
                        + " secrets: " + String.join(", ", map.withheldSecrets()) + " (pass one on purpose with"
                        + " EnvironmentPolicy.inherit().allowing(\"NAME\"))");
            }
            if (staged != null) {
                session.notice(false, staged);
                staged = null;
            }
            if (detached) {
                session.writeKey(classpath);
                session.abort(); // nothing submitted: only the lease is given up, for the monitor to take
                submitted = true;
                return session;
            }
            session.resume(classpath);
            ChunkLayout layout = session.layout();
            if (layout.chunks() > 0) {
                session.notice(false, dir.sessionId() + ": " + layout.taskCount() + " tasks in " + layout.chunks()
                        + " chunks of up to " + layout.chunkSize() + " on the " + queue.name()
                        + " queue, " + map.description() + "; work dir " + dir.path());
                session.submitAll();
            }
            submitted = true;
            return session;
        } catch (Refused e) {
            // bad input: nothing was submitted and there is nothing to inspect
            session.abort();
            if (!map.keepWorkDir()) {
                dir.delete();
            }
            throw e;
        } catch (SessionException e) {
            if (!session.submitted()) {
                session.abort();
                dir.delete(); // nothing ran: nothing to inspect or resume
            }
            throw e;
        } finally {
            if (!submitted) {
                session.abort(); // deletes what was submitted before the failure; the work dir stays for a rerun
            }
        }
    }

    /** Waits a while for an archive still being made (see {@link ClassDataArchive#close}); says why in warnings. */
    public void close(Consumer<String> warnings) {
        archives.close(warnings);
    }

    /** The classpath and the queue, checked at the pool's first map (the java executable by the pool). */
    private void checkWorkers() {
        if (!checked) {
            for (Path entry : workers.classpath()) {
                if (!Files.exists(entry)) {
                    throw new Refused("worker classpath entry " + entry + " does not exist; fix"
                            + " Pool.builder().classpath(...) or the classpath of this JVM");
                }
            }
            try {
                queue.check();
            } catch (QueueException e) {
                throw new Refused(e.getMessage(), e);
            }
            checked = true;
        }
    }

    /**
     * The workers' classpath, staged at the pool's first map if asked, once the queue and the work dir passed their
     * checks (its jars are reused by later maps and pools: they are named by their content).
     */
    private void stageClasspath() {
        if (classpath != null) {
            return;
        }
        if (!workers.stageClasspath()) {
            classpath = workers.classpath();
            return;
        }
        List<ClasspathStager.Staged> jars;
        try {
            jars = new ClasspathStager(workDir).stage(workers.classpath());
        } catch (UncheckedIOException e) {
            throw new Refused("the workers' classpath cannot be staged in " + SharedFolder.classpath(workDir) + ": "
                    + e.getMessage(), e);
        }
        classpath = jars.stream().map(ClasspathStager.Staged::jar).toList();
        staged = ClasspathStager.summary(jars, workDir);
    }

    /** Refuses a work dir that cannot hold even the least the map writes, so no compute is lost to a full disk. */
    private static void checkFreeSpace(SessionDir dir, long knownSize, int chunkSize) {
        if (knownSize < 0) {
            return; // streamed tasks: counted only while they are written
        }
        long chunks = (knownSize + chunkSize - 1) / chunkSize;
        String full = FreeSpace.shortfall(dir.path(), FreeSpace.atLeastNeeded(knownSize, chunks),
                "the task and result files of " + knownSize + " tasks in " + chunks + " chunks");
        if (full != null) {
            throw new Refused(full);
        }
    }

    /** The queue's JVM options first (e.g. -Xmx for a memory limit), then the user's, which may not exceed it. */
    private List<String> jvmOptions() {
        List<String> fromQueue;
        try {
            fromQueue = queue.workerJvmOptions();
        } catch (IllegalArgumentException e) {
            throw new Refused(e.getMessage(), e);
        }
        String queueXmx = fromQueue.stream().filter(o -> o.startsWith("-Xmx")).findFirst().orElse(null);
        String userXmx = workers.jvmOptions().stream().filter(o -> o.startsWith("-Xmx")).reduce((a, b) -> b)
                .orElse(null);
        if (queueXmx != null && userXmx != null && heapBytes(userXmx) > heapBytes(queueXmx)) {
            throw new Refused("the worker JVM option " + userXmx + " asks for more heap than the job's"
                    + " memory limit leaves (" + queueXmx + " on the " + queue.name() + " queue); lower it, drop it,"
                    + " or request more memory");
        }
        List<String> all = new ArrayList<>(fromQueue);
        all.addAll(workers.jvmOptions());
        if (workers.escalatesMemory()) {
            all.add(OutOfMemory.stopOption()); // a task's OutOfMemoryError then gets its chunk more memory
        }
        if (workers.taskTimeLimit() != null) {
            all.add(TaskTimedOut.option(workers.taskTimeLimit()));
        }
        return all;
    }

    private static long heapBytes(String xmx) {
        String v = xmx.substring(4).toLowerCase(Locale.ROOT);
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
            throw new Refused("the worker JVM option " + xmx + " is not a valid -Xmx; write e.g. -Xmx2g");
        }
    }

    private static void writeFunction(SessionDir dir, Object function) {
        try (RecordWriter writer = RecordWriter.create(dir.functionFile(), FileKind.FUNCTION, 0, 0)) {
            writer.writeObject(function);
            writer.finish();
        } catch (CodecException e) {
            throw new Refused("the function " + function.getClass().getName()
                    + " cannot be sent to the workers: " + e.getMessage()
                    + ". A lambda may capture only serializable values; or pass a TaskFunction class instead", e);
        }
    }
}
