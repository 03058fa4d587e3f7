package io.github.qmr.maven;

import io.github.qmr.runtime.Escalation;
import io.github.qmr.runtime.JobRequest;
import io.github.qmr.runtime.Limits;
import io.github.qmr.runtime.Scheduling;
import io.github.qmr.runtime.SettingException;
import io.github.qmr.runtime.WorkerSetup;
import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The goal's parameters as a test sets them, named and defaulted as in the POM, made into a {@link MapGoal} by the
 * same checked parts {@link MapMojo} makes it from ({@link #goal()}); the classpath as given, not from Maven.
 */
final class GoalFixture {
    String executionId = "default-cli";
    Path basedir = Path.of("").toAbsolutePath();
    String function;
    Map<String, String> sweep;
    String sweepSpec;
    File tasksFile;
    String taskSource;
    String reducer;
    List<Path> qmrClasspath = List.of();
    List<Path> projectClasspath = List.of();
    String queue = "auto";
    /** The runtime's settings as text, by the settings records' names (as the mojo passes its parameters). */
    final Map<String, String> settings = new LinkedHashMap<>();
    Map<String, String> resources;
    String resourcesSpec;
    String pathEnv = System.getenv("PATH");
    Path java;
    List<String> jvmOptions;
    List<String> environmentDeny;
    Map<String, String> environment;
    String environmentSpec;
    int maxFailedTasks;
    boolean failFast;
    boolean force;
    String rerun = "changed";
    int preflight = 1;
    String replicates;
    File compareWith;
    Double compareTolerance;
    String junitReport = "auto";
    String stepSummary;
    java.time.Duration progressInterval = ProgressLog.INTERVAL;

    MapGoal goal() throws ConfigurationException {
        TaskChoice tasks = TaskChoice.of(sweep, sweepSpec, tasksFile == null ? null : tasksFile.toPath(), taskSource,
                basedir);
        QueueChoice queueChoice = QueueChoice.of(queue, resources, resourcesSpec, null, null, "qsub", "qstat", "qdel",
                "qacct", "sbatch", "squeue", "scancel", "sacct", pathEnv);
        try {
            BuildThreshold threshold = new BuildThreshold(maxFailedTasks, failFast, true);
            WorkerSetup worker = WorkerSetup.fromText(settings::get).withWorkingDir(basedir);
            worker = java == null ? worker : worker.withJava(java).checkedJava();
            worker = jvmOptions == null ? worker : worker.withJvmOptions(jvmOptions);
            return new MapGoal(executionId, basedir, basedir.resolve("target/qmr"), basedir.resolve("target/qmr-work"),
                    "unknown", "", MapGoal.function(function), tasks, Pairs.isBlank(reducer) ? null : reducer.strip(),
                    qmrClasspath, projectClasspath, queueChoice, Scheduling.fromText(settings::get),
                    threshold.applyTo(Limits.fromText(settings::get)), JobRequest.fromText(settings::get),
                    Escalation.fromText(settings::get), worker, jvmOptions == null ? List.of() : jvmOptions,
                    Environment.of(null, environmentDeny, null, environment, environmentSpec), threshold, false,
                    progressInterval, force, true, MapGoal.rerun(rerun), PreflightCheck.Setting.of(preflight, null),
                    ReportSettings.of(replicates, compareWith, compareTolerance, junitReport, stepSummary,
                            tasks.sweep(), basedir), new java.util.concurrent.ConcurrentHashMap<>());
        } catch (SettingException e) {
            throw ConfigurationException.of(e);
        }
    }
}
