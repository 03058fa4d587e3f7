package io.github.qmr.maven;

import io.github.qmr.maven.cache.KeptResults;
import io.github.qmr.maven.cache.RerunPlan;
import io.github.qmr.maven.cache.ResultKeys;
import io.github.qmr.maven.cache.TaskId;
import io.github.qmr.maven.classpath.ClasspathStager;
import io.github.qmr.maven.classpath.ProjectClassLoader;
import io.github.qmr.maven.output.Json;
import io.github.qmr.maven.output.Provenance;
import io.github.qmr.maven.output.WorkerCommandLine;
import io.github.qmr.maven.uptodate.TaskDigest;
import io.github.qmr.maven.output.Flattener;
import io.github.qmr.maven.output.RunFacts;
import io.github.qmr.maven.output.RunFactsCollector;
import io.github.qmr.maven.output.TaskRow;
import io.github.qmr.maven.report.HtmlReport;
import io.github.qmr.maven.report.ReportData;
import io.github.qmr.runtime.ChunkFailure;
import io.github.qmr.runtime.Plan;
import io.github.qmr.runtime.Pool;
import io.github.qmr.runtime.ReducedFile;
import io.github.qmr.runtime.Reducer;
import io.github.qmr.runtime.ResultStream;
import io.github.qmr.runtime.ResultsFile;
import io.github.qmr.runtime.TaskFailure;
import io.github.qmr.runtime.TaskFunction;
import io.github.qmr.runtime.TaskResult;
import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.session.FailurePolicy;
import io.github.qmr.runtime.workdir.SessionDir;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs one {@link MapRequest}: builds the tasks, stages the classpath, runs the map on the chosen queue through
 * {@link Pool}, and writes the output folder. Plain Java: the mojo calls {@link #run} once and maps its exceptions.
 *
 * <p>Output, in {@code <outputDirectory>/<execution id>/}: {@value #RESULTS} (tasks and results, typed, readable with
 * {@link ResultsFile}), {@value RunFacts#FILE} (attempts and job times beside it), {@value #TABLE},
 * {@value OutputFiles#JSONL}, {@code report.html}, with a reducer {@value #REDUCED} (typed, {@link ReducedFile}) and
 * {@value #REDUCED_JSON}, {@value #PROVENANCE} and a JUnit report {@code TEST-qmr.<execution id>.xml}.
 */
public final class MapRunner {
    public static final String RESULTS = "results.qmr";
    public static final String TABLE = OutputFiles.CSV;
    public static final String REDUCED = "reduced.qmr";
    public static final String REDUCED_JSON = "reduced.json";
    public static final String PROVENANCE = "provenance.json";
    private static final int LISTED_FAILURES = 10;
    /** Distinct task failures whose stack traces the log shows; the rest are in the results table. */
    private static final int TRACED_CAUSES = 3;
    private static final String RULE = "------------------------------------------------------------------------";

    private final BuildLog log;
    /** The workers' effective JVM options (runtime defaults and archive included), for provenance; null if unknown. */
    private List<String> workerJvmOptions;

    public MapRunner(BuildLog log) {
        this.log = log;
    }

    /** What a finished map left behind. */
    public record Outcome(String executionId, long tasks, long failed, Path resultsDirectory, Path resultsFile,
            Path keptWorkDir, Path reducedFile) {}

    /**
     * Runs the map.
     *
     * @throws ConfigurationException a parameter is wrong (named in it); nothing was submitted
     * @throws MapFailedException more tasks failed than {@code maxFailedTasks} allows, or the reducer threw
     * @throws io.github.qmr.runtime.InvalidInputException the runtime refused the function, tasks or options
     * @throws io.github.qmr.runtime.QmrException qmr or the queue failed
     * @throws IOException the output folder could not be written
     */
    public Outcome run(MapGoal request) throws ConfigurationException, MapFailedException, IOException {
                Path out = request.resultsDirectory();
        // one build at a time writes an execution's output: a second would empty the folder under the first
        Files.createDirectories(out.getParent());
        Path lockFile = out.resolveSibling(out.getFileName() + ".lock");
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(lockFile,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.channels.FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null; // held in this JVM, by a parallel build's other thread
            }
            Detached.Run detached = lock == null ? Detached.running(out) : null;
            if (detached != null) {
                lock = collect(request, detached, channel);
            }
            if (lock == null) {
                throw new io.github.qmr.runtime.QmrException("another build is running the map '"
                        + request.executionId() + "' of this project now and writes " + out + " (it holds " + lockFile
                        + "); two builds at once would tear each other's output. Wait for it to end and run again:"
                        + " the map is then up to date, or resumes where it stopped");
            }
            try (java.nio.channels.FileLock held = lock) {
                return runLocked(request, out);
            }
        }
    }

    /**
     * The map of this execution runs in the background ({@code -Dqmr.detach}): waits for it to end, saying where it
     * stands every so often, and returns the output lock it held (this run then finds its outputs up to date, or
     * resumes its session if it died); with {@code -Dqmr.wait=false} says where it stands and stops.
     */
    private java.nio.channels.FileLock collect(MapGoal request, Detached.Run run,
            java.nio.channels.FileChannel channel) throws IOException {
        Path workDir = request.workDir();
        java.util.function.Supplier<String> where = () -> {
            List<io.github.qmr.runtime.SessionStatus> sessions = io.github.qmr.runtime.SessionStatus.in(workDir);
            return sessions.isEmpty() ? "no session in " + workDir + " yet"
                    : sessions.get(0).describe(java.time.Instant.now());
        };
        if (!request.waitForDetached()) {
            throw new Detached.StillRunning("the map '" + request.executionId() + "' runs in the background (pid "
                    + run.pid() + ", log " + run.log() + "): " + where.get() + ". Not waiting for it"
                    + " (-Dqmr.wait=false): run the build again to collect it once it ends");
        }
        log.info("the map '" + request.executionId() + "' runs in the background (pid " + run.pid() + ", log "
                + run.log() + "): waiting for it to end, then taking its outputs");
        long every = Math.max(1_000_000_000L, request.progressInterval().toNanos());
        long next = System.nanoTime() + every;
        while (true) {
            java.nio.channels.FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null;
            }
            if (lock != null) {
                log.info("the map run in the background ended; its log: " + run.log());
                return lock;
            }
            if (!run.alive()) {
                return null; // another build holds the output now: said as for any two builds
            }
            if (System.nanoTime() > next) {
                log.info("background map: " + where.get());
                next = System.nanoTime() + every;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the map run in the background", e);
            }
        }
    }

    private Outcome runLocked(MapGoal request, Path out)
            throws ConfigurationException, MapFailedException, IOException {
        String functionKey = MapInputs.functionKey(request);
        // a sweep or a tasks file is known by its text; a task source's tasks only once it made them, below
        boolean fromSource = request.tasks().fromSource();
        String key = fromSource ? null : MapInputs.key(request, null, functionKey).hash();
        Outcome earlier = key == null ? null : UpToDate.earlierOutcome(request, key, log);
        if (earlier != null) {
            return earlier;
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = ProjectClassLoader.of(request.projectClasspath(), request.qmrClasspath())) {
            // the project's code (task source, reducer, Kryo reading results) looks classes up through this loader
            thread.setContextClassLoader(loader);
            Class<?> function = ProjectClasses.functionClass(request.function(), loader);
            List<?> tasks = request.tasks().tasks(loader);
            if (key == null) {
                key = MapInputs.key(request, TaskDigest.of(tasks, loader), functionKey).hash();
                earlier = UpToDate.earlierOutcome(request, key, log);
                if (earlier != null) {
                    return earlier;
                }
            }
            Reducer<Object, Object, Object> reducer = ProjectClasses.reducer(request.reducer(), loader);
            BatchQueue queue = request.queue().queue(request.jobRequest(), request.workDir(), log);
            RerunPlan rerun = rerunPlan(request, out, tasks, functionKey, loader);
            // the pre-flight tries tasks not known to fail: a task that failed last time is the queue's to retry,
            // where <maxFailedTasks> counts it
            List<?> tryHere = subset(tasks, rerun.toRunNotFailedBefore());
            if (tryHere.isEmpty() && !rerun.toRun().isEmpty() && request.preflight().tasks() > 0) {
                log.info("no pre-flight: every task to run (" + rerun.toRun().size() + ") failed in the last run; the"
                        + " queue runs them again");
            }
            // its constructor, here: early
            ProjectClasses.instantiate("function", request.function(), TaskFunction.class, loader);
            // the settings resolved for the queue, before the pool resolves them again with the staged classpath
            Plan plan = Plan.of(request.scheduling(), request.limits(), request.workerSetup(), queue);
            Duration taskTime = tryHere.isEmpty() ? null
                    : PreflightCheck.run(request, tryHere, loader, plan.maxWorkers(), log);
            Path workDir = request.workDir();
            List<ClasspathStager.Staged> classpath = stage(request, workDir);
            clean(out);
            Outcome outcome = map(request, loader, function, tasks, rerun, functionKey, reducer, queue, plan, workDir,
                    classpath, out, taskTime);
            UpToDate.stamp(outcome, key);
            return outcome;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** What the map used, for provenance.json: NaN and -1 (unknown) as null. */
    static Map<String, Object> resources(ReportData.Resources r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpuHours", number(r.cpuHours()));
        m.put("taskHours", number(r.taskHours()));
        m.put("heldSlotHours", number(r.heldSlotHours()));
        m.put("efficiency", number(r.efficiency()));
        m.put("queueWaitSeconds", number(r.queueWaitSeconds()));
        m.put("peakMemoryMib", r.maxPeakBytes() < 0 ? null : Math.round(r.maxPeakBytes() / 1048576.0 * 10) / 10.0);
        m.put("peakMemoryItask", r.maxPeakItask() < 0 ? null : r.maxPeakItask());
        return m;
    }

    private static Double number(double x) {
        return Double.isNaN(x) ? null : Math.round(x * 1e6) / 1e6;
    }

    /**
     * Which tasks run and which take the results kept in the output folder (read now: the folder is emptied before
     * the map writes it). Said in the log with counts.
     */
    private RerunPlan rerunPlan(MapGoal request, Path out, List<?> tasks, String functionKey, ClassLoader loader) {
        if (request.force()) {
            return RerunPlan.all(tasks.size());
        }
        TaskId.Maker ids = new TaskId.Maker(loader);
        KeptResults kept = KeptResults.read(out.resolve(RESULTS), ids, loader);
        if (kept.problem() != null) {
            log.info("every task runs: " + kept.problem());
        }
        if (kept.byTask().isEmpty() && kept.failed().isEmpty()) {
            return RerunPlan.all(tasks.size());
        }
        List<TaskId> taskIds = new ArrayList<>(tasks.size());
        for (Object task : tasks) {
            taskIds.add(ids.of(task));
        }
        RerunPlan plan = RerunPlan.decide(taskIds, kept.byTask(), kept.failed(), functionKey, request.rerun());
        if (plan.kept() == 0) {
            log.info("every task runs: " + (kept.byTask().isEmpty() ? "none succeeded in the last run"
                    : "no result kept in " + out + " was computed by the function key now, "
                    + io.github.qmr.maven.uptodate.MapKey.shortForm(functionKey) + " (the function, a class it reaches,"
                    + " a jar or a JVM setting changed; -Dqmr.rerun=failed runs only the failed tasks)"));
            return plan;
        }
        log.info(io.github.qmr.maven.output.Counts.keptLine(tasks.size(), plan.kept()) + " (results kept in " + out
                + " from the last run, for the same task parameters and function key "
                + io.github.qmr.maven.uptodate.MapKey.shortForm(functionKey) + ": the function, the classes it reaches,"
                + " the jars and the JVM settings; -Dqmr.force computes all)");
        if (plan.fromEarlierFunction() > 0) {
            log.warn(plan.fromEarlierFunction() + " of the kept results were computed by an earlier version of the"
                    + " function or its classes (-Dqmr.rerun=failed); a run without it computes them again");
        }
        return plan;
    }

    /** The tasks at {@code indices}, in their order; the list itself when that is all of it. */
    private static List<?> subset(List<?> tasks, List<Integer> indices) {
        if (indices.size() == tasks.size()) {
            return tasks;
        }
        return new java.util.AbstractList<Object>() {
            @Override
            public Object get(int i) {
                return tasks.get(indices.get(i));
            }

            @Override
            public int size() {
                return indices.size();
            }
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Outcome map(MapGoal request, ClassLoader loader, Class<?> function, List<?> tasks, RerunPlan rerun,
            String functionKey, Reducer<Object, Object, Object> reducer, BatchQueue queue, Plan planned,
            Path workDir, List<ClasspathStager.Staged> classpath, Path out, Duration taskTime)
            throws IOException, MapFailedException {
        List<?> toRun = subset(tasks, rerun.toRun());
        List<String> keyOfTask = new ArrayList<>(tasks.size());
        RunFactsCollector facts = new RunFactsCollector(new ProgressLog(log, request.progressInterval()));
        Pool.Builder builder = Pool.builder()
                .queue(queue)
                .workDir(workDir)
                .keepWorkDir(request.keepWorkDir())
                .scheduling(request.scheduling())
                .limits(request.limits())
                .request(request.jobRequest())
                .escalate(request.escalation())
                .workerSetup(request.workerSetup()
                        .withClasspath(classpath.stream().map(ClasspathStager.Staged::jar).toList())
                        .withEnvironment(request.environment().policy()))
                .listener(facts)
                .resultClassLoader(loader)
                .taskTime(taskTime); // the pre-flight's: default chunks hold a few minutes of work
        Instant start = Instant.now();
        long failed = 0;
        long notRun = 0;
        long ok = 0;
        List<TaskFailure> taskFailures = new ArrayList<>();
        Map<Integer, ChunkFailure> chunkFailures = new LinkedHashMap<>();
        // every chunk not run says the same: why the map stopped
        String notRunReason = null;
        Path resultsFile = out.resolve(RESULTS);
        Path keptWorkDir;
        String sessionId;
        int chunks;
        Plan plan;
        Throwable reducerFailure = null;
        long reducerItask = -1;
        String suite = "qmr." + request.executionId();
        Path reportFile = out.resolve("TEST-" + suite + ".xml");
        // no pool when every task takes a kept result: nothing is submitted, the outputs are written again
        try (Pool pool = toRun.isEmpty() ? null : builder.build();
                ResultStream<Object> results = pool == null ? null : pool.stream((Class) function, toRun);
                ResultsFile.Writer binary = ResultsFile.create(resultsFile)) {
            plan = pool == null ? planned : pool.plan();
            sessionId = results == null ? null : results.sessionId();
            chunks = results == null ? 0 : results.chunkCount();
            workerJvmOptions = results == null ? null : workerJvmOptions(workDir, sessionId);
            java.util.Iterator<TaskResult<Object>> merged = rerun.merge(results == null
                    ? java.util.Collections.emptyIterator() : results);
            while (merged.hasNext()) {
                TaskResult<Object> r = merged.next();
                Object task = tasks.get((int) r.itask());
                RerunPlan.Kept kept = rerun.keptAt().get((int) r.itask());
                keyOfTask.add(kept != null ? kept.functionKey() : functionKey);
                binary.add(task, r);
                if (r.succeeded()) {
                    ok++;
                    if (reducer != null && reducerFailure == null) {
                        try {
                            reducer.add(task, r.value());
                        } catch (Exception | LinkageError e) {
                            reducerFailure = e;
                            reducerItask = r.itask();
                        }
                    }
                } else if (r.notRun()) {
                    notRun++;
                    notRunReason = r.chunkFailure().reason();
                } else {
                    failed++;
                    if (r.failure() != null) {
                        if (taskFailures.size() < LISTED_FAILURES) {
                            taskFailures.add(r.failure());
                        }
                    } else if (chunkFailures.size() < LISTED_FAILURES) {
                        chunkFailures.putIfAbsent(r.chunkFailure().ichunk(), r.chunkFailure());
                    }
                }
            }
            keptWorkDir = results == null ? null : results.keptWorkDir();
            // the earlier keys go before the new results replace the earlier ones: results never pass with keys
            // that are not theirs (without keys nothing is kept)
            Files.deleteIfExists(out.resolve(ResultKeys.FILE));
            binary.finish();
        }
        ResultKeys.write(out.resolve(ResultKeys.FILE), keyOfTask);
        Object reduced = null;
        Path reducedFile = null;
        if (reducer != null && reducerFailure == null) {
            try {
                reduced = reducer.result();
            } catch (Exception | LinkageError e) {
                reducerFailure = e;
            }
            if (reducerFailure == null) {
                reducedFile = writeReduced(out, reduced);
            }
        }
        Instant ended = Instant.now();
        RunFacts run = facts.facts(request.executionId(), sessionId, request.function(), queue.name(), plan.modeSummary(),
                start, ended, tasks.size(), chunks, chunks == 0 ? 1 : (toRun.size() + chunks - 1) / chunks);
        if (rerun.kept() > 0) {
            run = run.withKept(new RunFacts.Kept(rerun.kept(), rerun.fromEarlierFunction(), rerun.runs()));
        }
        run.write(out);
        io.github.qmr.runtime.queue.Request site = queue.siteRequest();
        ReportData data = OutputFiles.write(resultsFile, run, out, new OutputFiles.Options(request.report().junit(),
                reportFile, suite, request.report().stepSummary(), request.report().replicates(), site.memoryBytes(),
                queue.requestText(io.github.qmr.runtime.queue.ResourceKill.Kind.MEMORY, site))
                .comparingWith(request.report().compareResults(), request.report().compareTolerance() == null ? 0
                        : request.report().compareTolerance()), loader);
        Duration elapsed = Duration.between(start, Instant.now());
        provenance(request, plan, tasks.size(), chunks, ok, failed, sessionId, queue, classpath, elapsed, rerun,
                functionKey)
                .put("resources", resources(data.resources()))
                .write(out.resolve(PROVENANCE));
        FailurePolicy.Decision end = FailurePolicy.decide(new FailurePolicy.Counts(tasks.size(), ok, failed, notRun,
                true), request.threshold().rule());
        boolean fails = end.action() == FailurePolicy.Action.FAIL;
        summary(request, out, reportFile, tasks.size(), chunks, ok, failed, notRun, fails, queue, elapsed, keptWorkDir,
                reduced, rerun.kept());
        ExistingResults.logComparison(log, data, resultsFile, request.report().compareResults());
        // failures within <maxFailedTasks> leave the build green, so they are warnings then
        Consumer<String> problem = fails ? log::error : log::warn;
        // one stderr per cause: a session-wide fault fails every chunk alike, and 40 lines each would bury it
        for (List<ChunkFailure> cause : ChunkFailure.byCause(chunkFailures.values())) {
            ChunkFailure c = cause.get(0);
            problem.accept(c.summary());
            String file = keptWorkDir == null ? "" : " (" + SessionDir.open(keptWorkDir).stderrFile(c.ichunk()) + ")";
            problem.accept("----- stderr of chunk " + c.ichunk() + file + ", last lines -----");
            c.stderrTail().strip().lines().forEach(problem);
            problem.accept("----- end of stderr of chunk " + c.ichunk() + " -----");
            if (cause.size() > 1) {
                problem.accept(ChunkFailure.sameWay(cause));
            }
        }
        taskFailures.forEach(t -> problem.accept(named(t, tasks)));
        long listed = taskFailures.size() + chunkFailures.values().stream().mapToLong(ChunkFailure::taskCount).sum();
        if (failed > listed) {
            problem.accept("... and " + (failed - listed) + " more failed " + (failed - listed == 1 ? "task" : "tasks")
                    + " (see " + TABLE + ")");
        }
        if (notRun > 0) {
            // below the failures: a task not run has no cause of its own, only the map's stop
            problem.accept(FailurePolicy.tasks(notRun) + " not run: " + notRunReason);
        }
        // one stack trace per distinct failure (class and frames), the first few only
        List<List<TaskFailure>> causes = TaskFailure.byCause(taskFailures);
        for (List<TaskFailure> cause : causes.subList(0, Math.min(causes.size(), TRACED_CAUSES))) {
            problem.accept("----- stack trace of " + named(cause.get(0), tasks) + TaskFailure.sameWay(cause)
                    + " -----");
            cause.get(0).stackTrace().strip().lines().forEach(problem);
            problem.accept("----- end of stack trace -----");
        }
        if (causes.size() > TRACED_CAUSES) {
            problem.accept((causes.size() - TRACED_CAUSES) + " more distinct failures; their stack traces are in "
                    + reportFile);
        }
        if (fails) {
            throw new MapFailedException(end.reason() + (notRun > 0 ? " (" + notRunReason + ")" : "")
                    + "; the failures are listed above, every task is in " + out.resolve(TABLE) + " and " + reportFile
                    + (keptWorkDir != null ? ", and the work dir is kept at " + keptWorkDir : "") + ". "
                    + request.threshold().fix(notRun > 0), out, null);
        }
        if (reducerFailure != null) {
            throw new MapFailedException("the reducer " + request.reducer() + " failed"
                    + (reducerItask >= 0 ? " on itask " + reducerItask : " giving its result") + ": "
                    + reducerFailure + "; the map's results are in " + resultsFile + " and " + out.resolve(TABLE),
                    out, reducerFailure);
        }
        if (request.report().compareTolerance() != null) {
            ExistingResults.failOnDrift(data, request.report().compareResults(), out.resolve(HtmlReport.FILE));
        }
        return new Outcome(request.executionId(), tasks.size(), failed, out, resultsFile, keptWorkDir, reducedFile);
    }

    /** {@code itask 7 (beta=0.3, seed=7), chunk 0: java.lang.IllegalStateException: boom}. */
    static String named(TaskFailure t, List<?> tasks) {
        String label = t.itask() < tasks.size() ? TaskRow.of(tasks.get((int) t.itask()),
                new TaskResult<>(t.itask(), null, null, null, 0), t.ichunk(), 1).label() : "";
        return "itask " + t.itask() + (label.isEmpty() ? "" : " (" + label + ")") + ", chunk " + t.ichunk() + ": "
                + t.exceptionClass() + (t.message() == null ? "" : ": " + t.message());
    }

    /** The reducer's result typed ({@value #REDUCED}) and as JSON ({@value #REDUCED_JSON}, flattened like the table). */
    static Path writeReduced(Path out, Object reduced) throws IOException {
        Path file = out.resolve(REDUCED);
        ReducedFile.write(file, reduced);
        Json.pretty().writeValue(out.resolve(REDUCED_JSON).toFile(),
                Flattener.flatten(reduced));
        return file;
    }

    /** Read back from the session's argument file while the session folder exists (it goes on success). */
    private List<String> workerJvmOptions(Path workDir, String sessionId) {
        try {
            return WorkerCommandLine.jvmOptions(SessionDir.open(workDir.resolve(sessionId)).argsFile());
        } catch (IOException | RuntimeException e) {
            log.debug("cannot read the workers' JVM options for provenance.json: " + e);
            return null;
        }
    }

    private void summary(MapGoal request, Path out, Path reportFile, long tasks, int chunks, long ok, long failed,
            long notRun, boolean fails, BatchQueue queue, Duration elapsed, Path keptWorkDir, Object reduced,
            long kept) {
        log.info(RULE);
        log.info("qmr map '" + request.executionId() + "': " + request.function());
        log.info(RULE);
        // "Not run" only when some were, so the line of a map that ran every task reads as it always did
        String counts = "Tasks: " + tasks + ", Succeeded: " + ok + ", Failed: " + failed
                + (notRun > 0 ? ", Not run: " + notRun : "") + " (of " + chunks
                + (chunks == 1 ? " chunk" : " chunks") + " on the " + queue.name() + " queue, "
                + ProgressLog.seconds(elapsed) + ")";
        if (fails) {
            log.error(counts);
        } else if (failed > 0) {
            log.warn(counts);
        } else {
            log.info(counts);
        }
        if (kept > 0) {
            log.info(io.github.qmr.maven.output.Counts.keptLine(tasks, kept) + (kept == tasks
                    ? "; no task was run, the outputs were written again" : ""));
        }
        if (reduced != null) {
            String text = String.valueOf(reduced);
            log.info("Reduced: " + (text.length() > 200 ? text.substring(0, 200) + "... (see " + REDUCED_JSON + ")"
                    : text));
        }
        log.info("Report: " + out.resolve(HtmlReport.FILE));
        log.info("Output: " + out + " (" + TABLE + ", " + OutputFiles.JSONL + ", " + RESULTS + ", " + RunFacts.FILE
                + (reduced != null ? ", " + REDUCED + ", " + REDUCED_JSON : "") + ", " + PROVENANCE
                + (reportFile.toFile().isFile() ? ", " + reportFile.getFileName() : "") + ")");
        if (keptWorkDir != null) {
            log.info("Work dir kept: " + keptWorkDir);
        }
        log.info(RULE);
    }

    private List<ClasspathStager.Staged> stage(MapGoal request, Path workDir) {
        List<Path> entries = request.classpath();
        List<ClasspathStager.Staged> staged;
        try {
            staged = new ClasspathStager(workDir).stage(entries);
        } catch (java.io.UncheckedIOException e) {
            // a refused or unreadable jar is about the work dir, not about writing this goal's output
            throw new io.github.qmr.runtime.InvalidInputException("the workers' classpath cannot be staged in "
                    + workDir.resolve("classpath") + ": " + e.getMessage(), e);
        }
        long fresh = staged.stream().filter(s -> !s.reused()).count();
        log.info("worker classpath: " + staged.size() + " jars in " + workDir.resolve("classpath") + " (" + fresh
                + " new, " + (staged.size() - fresh) + " reused)");
        for (ClasspathStager.Staged s : staged) {
            log.debug("  " + s.jar().getFileName() + " <- " + s.source());
        }
        return staged;
    }

    private Provenance provenance(MapGoal request, Plan plan, long tasks, int chunks, long ok, long failed, String sessionId,
            BatchQueue queue, List<ClasspathStager.Staged> classpath, Duration elapsed, RerunPlan rerun,
            String functionKey) {
        Map<String, Object> queueInfo = request.queue().provenance(queue, request.jobRequest());
        // the settings the map ran with, resolved for the queue: a default run records values, not nulls
        io.github.qmr.runtime.Scheduling scheduling = plan.scheduling();
        io.github.qmr.runtime.Limits limits = plan.limits();
        queueInfo.put("chunkSize", plan.chunkSize(tasks));
        queueInfo.put("numChunks", chunks);
        queueInfo.put("maxResubmissions", limits.maxResubmissions());
        queueInfo.put("maxPendingTime", limits.maxPendingTime() == null ? null : limits.maxPendingTime().toString());
        queueInfo.put("outageTolerance", limits.outageTolerance().toString());
        queueInfo.put("heartbeatTimeout", limits.heartbeatTimeout().toString());
        queueInfo.put("mode", scheduling.mode().name().toLowerCase(java.util.Locale.ROOT));
        queueInfo.put("maxWorkers", plan.maxWorkers());
        queueInfo.put("workerTimeBudget", scheduling.workerTimeBudget().toString());
        queueInfo.put("jobArrays", scheduling.jobArrays());
        queueInfo.put("pollInterval", scheduling.pollInterval().toString());
        Boolean archive = plan.worker().classDataArchive();
        queueInfo.put("classDataArchive", archive == null ? "auto" : archive.toString());
        List<Object> jars = new ArrayList<>();
        for (ClasspathStager.Staged s : classpath) {
            Map<String, Object> jar = new LinkedHashMap<>();
            jar.put("source", s.source().toString());
            jar.put("sha256", s.sha256());
            jars.add(jar);
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("session", sessionId);
        run.put("tasks", tasks);
        run.put("chunks", chunks);
        run.put("succeeded", ok);
        run.put("failed", failed);
        run.put("fromKeptResults", rerun.kept());
        run.put("fromKeptResultsOfAnEarlierFunction", rerun.fromEarlierFunction());
        run.put("functionKey", functionKey);
        run.put("seconds", elapsed.toSeconds());
        return new Provenance()
                .put("qmrVersion", request.qmrVersion())
                .put("project", request.project())
                .put("execution", request.executionId())
                .put("createdAt", Instant.now().toString())
                .putGit(request.basedir())
                .put("function", request.function())
                .put("tasks", request.tasks().origin())
                .put("reducer", request.reducer())
                .put("run", run)
                .put("queue", queueInfo)
                .put("java", plan.worker().java().toString())
                .put("jvmOptions", workerJvmOptions)
                .put("jvmOptionsConfigured", request.jvmOptionsConfigured())
                .put("classDataArchive", workerJvmOptions == null ? null
                        : WorkerCommandLine.classDataArchive(workerJvmOptions))
                .put("workDir", request.workDir().toString())
                .put("classpath", jars);
    }

    /**
     * Empties the output folder, so files of an earlier run never pass for this one's; but for the kept results
     * ({@value #RESULTS} and {@link ResultKeys#FILE}), which stay until this run's replace them: a map that breaks
     * off (the queue fails, the build is stopped) loses none of them.
     */
    private static void clean(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            Path results = dir.resolve(RESULTS);
            Path keys = dir.resolve(ResultKeys.FILE);
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (!file.equals(results) && !file.equals(keys)) {
                        Files.delete(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (!d.equals(dir)) {
                        Files.delete(d);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        Files.createDirectories(dir);
    }
}
