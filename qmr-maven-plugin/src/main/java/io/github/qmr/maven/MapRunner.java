package io.github.qmr.maven;

import io.github.qmr.outputs.OutputFiles;
import io.github.qmr.maven.cache.RerunPlan;
import io.github.qmr.runtime.workdir.ClasspathStager;
import io.github.qmr.maven.classpath.ProjectClassLoader;
import io.github.qmr.outputs.RunFacts;
import io.github.qmr.outputs.RunFactsCollector;
import io.github.qmr.maven.uptodate.TaskDigest;
import io.github.qmr.runtime.Plan;
import io.github.qmr.runtime.Pool;
import io.github.qmr.runtime.ReducedFile;
import io.github.qmr.runtime.Reducer;
import io.github.qmr.runtime.ResultsFile;
import io.github.qmr.runtime.TaskFunction;
import io.github.qmr.runtime.queue.BatchQueue;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Runs one {@link MapGoal}: builds the tasks, stages the classpath, runs the map on the chosen queue through
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
    public static final String REDUCED_JSON = OutputFiles.REDUCED_JSON;
    public static final String PROVENANCE = "provenance.json";

    private final BuildLog log;

    public MapRunner(BuildLog log) {
        this.log = log;
    }

    /** What a finished map left behind. */
    public record Outcome(String executionId, long tasks, long failed, Path resultsDirectory, Path resultsFile,
            Path keptWorkDir, Path reducedFile) {}

    /**
     * Runs the map, holding its output folder ({@link OutputLock}).
     *
     * @throws ConfigurationException a parameter is wrong (named in it); nothing was submitted
     * @throws MapFailedException more tasks failed than {@code maxFailedTasks} allows, or the reducer threw
     * @throws io.github.qmr.runtime.InvalidInputException the runtime refused the function, tasks or options
     * @throws io.github.qmr.runtime.QmrException qmr or the queue failed
     * @throws IOException the output folder could not be written
     */
    Outcome run(MapGoal goal) throws ConfigurationException, MapFailedException, IOException {
        return OutputLock.holding(goal, log, () -> runLocked(goal, goal.resultsDirectory()));
    }

    private Outcome runLocked(MapGoal goal, Path out) throws ConfigurationException, MapFailedException, IOException {
        String functionKey = MapInputs.functionKey(goal);
        // a sweep or a tasks file is known by its text; a task source's tasks only once it made them, below
        String key = goal.tasks().fromSource() ? null : MapInputs.key(goal, null, functionKey).hash();
        Outcome earlier = key == null ? null : UpToDate.earlierOutcome(goal, key, log);
        if (earlier != null) {
            return earlier;
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = ProjectClassLoader.of(goal.projectClasspath(), goal.qmrClasspath())) {
            // the project's code (task source, reducer, Kryo reading results) looks classes up through this loader
            thread.setContextClassLoader(loader);
            Class<?> function = ProjectClasses.functionClass(goal.function(), loader);
            List<?> tasks = goal.tasks().tasks(loader);
            if (key == null) {
                key = MapInputs.key(goal, TaskDigest.of(tasks, loader), functionKey).hash();
                earlier = UpToDate.earlierOutcome(goal, key, log);
                if (earlier != null) {
                    return earlier;
                }
            }
            Reducer<Object, Object, Object> reducer = ProjectClasses.reducer(goal.reducer(), loader);
            BatchQueue queue = goal.queue().queue(goal.jobRequest(), goal.workDir(), log);
            RerunPlan rerun = Reruns.plan(goal, out, tasks, functionKey, loader, log);
            // the pre-flight tries tasks not known to fail: a task that failed last time is the queue's to retry,
            // where <maxFailedTasks> counts it
            List<?> tryHere = Reruns.subset(tasks, rerun.toRunNotFailedBefore());
            if (tryHere.isEmpty() && !rerun.toRun().isEmpty() && goal.preflight().tasks() > 0) {
                log.info("no pre-flight: every task to run (" + rerun.toRun().size() + ") failed in the last run; the"
                        + " queue runs them again");
            }
            // its constructor, here: early
            ProjectClasses.instantiate("function", goal.function(), TaskFunction.class, loader);
            // the settings resolved for the queue, before the pool resolves them again with the staged classpath
            Plan plan = Plan.of(goal.scheduling(), goal.limits(), goal.workerSetup(), queue);
            Duration taskTime = tryHere.isEmpty() ? null
                    : PreflightCheck.run(goal, tryHere, loader, plan.maxWorkers(), log);
            List<ClasspathStager.Staged> classpath = Staging.stage(goal, goal.workDir(), log);
            OutputFolder.clean(out);
            PreparedMap map = new PreparedMap(loader, function, tasks, rerun, functionKey, reducer, queue, plan,
                    classpath, taskTime, out);
            RunFactsCollector facts = new RunFactsCollector(new ProgressLog(log, goal.progressInterval()));
            Outcome outcome = MapEnd.finish(goal, map, PoolRun.run(goal, map, facts, log), facts, log);
            UpToDate.stamp(outcome, key);
            return outcome;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
