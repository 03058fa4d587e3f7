package io.github.qmr.maven;

import io.github.qmr.maven.cache.Rerun;
import io.github.qmr.runtime.Escalation;
import io.github.qmr.runtime.JobRequest;
import io.github.qmr.runtime.Limits;
import io.github.qmr.runtime.Scheduling;
import io.github.qmr.runtime.WorkerSetup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One {@code qmr:map}, as checked values: the runtime's settings records and the goal's own, each checked where it is
 * made ({@link MapMojo} makes them from its parameters), free of Maven types so tests can make one directly.
 *
 * @param executionId the execution's id, the name of its output folder
 * @param basedir the project's folder, absolute
 * @param outputDirectory where each execution's output folder is, absolute
 * @param workDir the work directory on shared storage, absolute
 * @param qmrVersion the plugin's version, part of the map's keys
 * @param project {@code groupId:artifactId:version}, for provenance.json
 * @param function the function's class name, stripped
 * @param reducer the reducer's class name, stripped; null: none
 * @param qmrClasspath qmr's own jars, first on the workers' classpath
 * @param projectClasspath the project's classpath of its scope
 * @param workerSetup how the workers start, but for their classpath and environment, which the runner adds
 * @param jvmOptionsConfigured the JVM options the POM gave (provenance.json); empty: the runtime's
 * @param progressInterval time between two progress lines
 * @param force rerun a map that is up to date
 * @param waitForDetached a later build finding this map running in the background waits for it ({@code qmr.wait})
 * @param rerun which tasks of a map that is not up to date run
 * @param jarDigests the jars' content digests, read once per build for the keys of the function and the reducer
 */
record MapGoal(String executionId, Path basedir, Path outputDirectory, Path workDir, String qmrVersion,
        String project, String function, TaskChoice tasks, String reducer, List<Path> qmrClasspath,
        List<Path> projectClasspath, QueueChoice queue, Scheduling scheduling, Limits limits, JobRequest jobRequest,
        Escalation escalation, WorkerSetup workerSetup, List<String> jvmOptionsConfigured, Environment environment,
        BuildThreshold threshold, boolean keepWorkDir, Duration progressInterval, boolean force,
        boolean waitForDetached, Rerun rerun, PreflightCheck.Setting preflight, ReportSettings report,
        Map<Path, String> jarDigests) {
    /** The classpath scopes {@code <classpathScope>} takes. */
    static final List<String> SCOPES = List.of("compile", "runtime", "test");

    /** {@code <function>}, stripped; checked that it is set. */
    static String function(String function) throws ConfigurationException {
        if (Pairs.isBlank(function)) {
            throw new ConfigurationException("function", "<function> is not set: name the class that implements"
                    + " io.github.qmr.runtime.TaskFunction, e.g. <function>com.example.Simulate</function> or"
                    + " -Dqmr.function=com.example.Simulate");
        }
        return function.strip();
    }

    /** {@code <rerun>}: blank is the default, {@code changed}. */
    static Rerun rerun(String text) throws ConfigurationException {
        Rerun mode = Rerun.parse(text);
        if (mode == null) {
            throw new ConfigurationException("rerun", "<rerun> '" + text + "' is not a setting; use " + Rerun.VALUES
                    + " (-Dqmr.rerun=failed runs only the tasks that have no succeeded result yet, even after the"
                    + " function changed); -Dqmr.force runs every task again");
        }
        return mode;
    }

    /** {@code <classpathScope>}: blank is {@code runtime} until the mojo picks the scope the function is in. */
    static String classpathScope(String text) throws ConfigurationException {
        String scope = Pairs.isBlank(text) ? "runtime" : text.strip();
        if (!SCOPES.contains(scope)) {
            throw new ConfigurationException("classpathScope", "<classpathScope> '" + scope + "' is not a"
                    + " classpath; use compile, runtime or test");
        }
        return scope;
    }

    /** This execution's output folder. */
    Path resultsDirectory() {
        return outputDirectory.resolve(executionId);
    }

    /** The workers' classpath before staging: qmr's jars, then the project's. */
    List<Path> classpath() {
        List<Path> entries = new ArrayList<>(qmrClasspath);
        entries.addAll(projectClasspath);
        return entries;
    }

    /** With what Maven resolved once the parameters were checked: the workers' java, and the classpath. */
    MapGoal resolved(WorkerSetup worker, List<Path> qmr, List<Path> projectEntries) {
        return new MapGoal(executionId, basedir, outputDirectory, workDir, qmrVersion, project, function, tasks,
                reducer, List.copyOf(qmr), List.copyOf(projectEntries), queue, scheduling, limits, jobRequest,
                escalation, worker, jvmOptionsConfigured, environment, threshold, keepWorkDir, progressInterval, force,
                waitForDetached, rerun, preflight, report, jarDigests);
    }
}
