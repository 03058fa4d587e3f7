package io.github.qmr.maven;

import io.github.qmr.maven.cache.Rerun;

import io.github.qmr.maven.tasks.Sweep;
import io.github.qmr.maven.tasks.SweepSpec;
import io.github.qmr.runtime.Escalation;
import io.github.qmr.runtime.JobRequest;
import io.github.qmr.runtime.Limits;
import io.github.qmr.runtime.Scheduling;
import io.github.qmr.runtime.SettingException;
import io.github.qmr.runtime.SettingText;
import io.github.qmr.runtime.WorkerSetup;
import io.github.qmr.runtime.params.Params;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Everything one {@code qmr:map} needs, as plain Java: what the mojo read from the POM and from Maven (classpath,
 * folders), free of Maven types so tests can build one directly. {@link #validate()} checks it and names the
 * {@code <parameter>} of any mistake.
 */
public final class MapRequest {
    /** The queues {@code <queue>} accepts. */
    public static final List<String> QUEUES = queueNames();

    /** {@code auto}, {@code local}, the registry's flavours, and {@code dummy} (qmr's fake Grid Engine). */
    private static List<String> queueNames() {
        List<String> names = new ArrayList<>(List.of("auto", "local"));
        names.addAll(io.github.qmr.runtime.queue.flavours.QueueFlavours.standard().names());
        names.add("dummy");
        return List.copyOf(names);
    }

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern ENV_PATTERN = Pattern.compile("[A-Za-z0-9_*]+");

    // where: ids and folders
    String executionId = "default-cli";
    Path basedir = Path.of("").toAbsolutePath();
    Path outputDirectory;
    Path workDir;
    String qmrVersion = "unknown";
    String project = "";

    // what: the function and its tasks
    String function;
    Map<String, String> sweep;
    String sweepSpec;
    File tasksFile;
    String taskSource;
    String reducer;

    // the classpath the function runs with: qmr's own first, then the project's
    String classpathScope = "runtime";
    List<Path> qmrClasspath = List.of();
    List<Path> projectClasspath = List.of();

    // how: the queue and the workers
    String queue = "auto";
    /**
     * The runtime's settings as the POM or {@code -Dqmr.*} gave them, by the names of the settings records' components
     * ({@code mode}, {@code maxWorkers}, {@code workerTimeBudget}, {@code jobArrays}, {@code chunkSize},
     * {@code numChunks}, {@code pollInterval}, {@code maxResubmissions}, {@code maxPendingTime},
     * {@code outageTolerance}, {@code heartbeatTimeout}, {@code classDataArchive}; {@code escalateMemory},
     * {@code escalateMemoryCap}, {@code escalateTime}, {@code escalateTimeCap} of {@code Escalation.fromText};
     * {@code memory}, {@code walltime}, {@code cpus}, {@code partition}, {@code account}, {@code submitArgs} of
     * {@code JobRequest.fromText}); not
     * there: the runtime's default. The records parse and check them, and hold the defaults.
     */
    final Map<String, String> settings = new LinkedHashMap<>();
    Map<String, String> resources;
    String resourcesSpec;
    String sgeQueue;
    String qsub = "qsub";
    String qstat = "qstat";
    String qdel = "qdel";
    String qacct = "qacct";
    /** SGE's parallel environment for {@code <cpus>} ({@code -pe NAME N}), or null. */
    String sgeParallelEnv;
    String sbatch = "sbatch";
    String squeue = "squeue";
    String scancel = "scancel";
    String sacct = "sacct";
    boolean keepWorkDir;
    Path java;
    List<String> jvmOptions;
    List<String> environmentAllow;
    List<String> environmentDeny;
    List<String> environmentSecrets;
    Map<String, String> environment;
    String environmentSpec;
    int maxFailedTasks;
    boolean failFast;
    boolean stopOnSystematicFailure = true;
    String progressInterval = "10s";
    // build-tool behaviour: rerun an up-to-date map; run the first tasks here before submitting
    boolean force;
    /** A later build finding this map running in the background waits for it ({@code qmr.wait}). */
    boolean waitForDetached = true;
    /** Which tasks of a map that is not up to date run: changed (default) or failed; see {@link Rerun}. */
    String rerun = "changed";
    int preflight = 1;
    String preflightTimeLimit = "30s";
    /** The PATH that {@code <queue>auto</queue>} looks for qsub and sbatch in. */
    String pathEnv = System.getenv("PATH");
    /**
     * The parameters that are replicates in the report (comma-separated, or {@code none}); null: those named like
     * one ({@link io.github.qmr.maven.report.Replicates}).
     */
    String replicates;
    /**
     * Another run's {@code results.qmr}, or the folder holding it, that the report compares these results with; null:
     * none. Relative to the project's folder.
     */
    File compareWith;
    /**
     * The comparison's relative tolerance; null: the report shows the comparison (exact values) and the build does
     * not fail on drift. Set, a drift beyond it fails the build as {@code qmr:compare} does.
     */
    Double compareTolerance;
    /** auto, tasks, chunks or off: see {@link io.github.qmr.maven.output.JUnitReport.Mode}. */
    String junitReport = "auto";
    /** Where GitHub Actions collects a Markdown summary of the step (its GITHUB_STEP_SUMMARY); null: none. */
    String stepSummary = System.getenv(io.github.qmr.maven.output.StepSummary.VARIABLE);

    /** The jars' content digests, read once per build for the keys of the function and the reducer. */
    final Map<Path, String> jarDigests = new java.util.concurrent.ConcurrentHashMap<>();

    // what validate() derives from the above
    private Map<String, String> sweepDeclared;
    private List<Params> sweepTasks;
    private Map<String, String> resourcesDeclared;
    private Scheduling scheduling;
    private Limits limits;
    private Escalation escalation;
    private JobRequest jobRequest;
    private WorkerSetup workerSetup;
    private Duration progressDuration;
    private Duration preflightDuration;
    private Map<String, String> environmentDeclared;
    private Path compareResults;
    private boolean validated;

    /** Checks every setting that can be checked without running anything. */
    public void validate() throws ConfigurationException {
        if (validated) {
            return; // the mojo validates before asking Maven for the classpath; the runner validates for other callers
        }
        workDir = workDir == null ? basedir.resolve("target/qmr-work") : basedir.resolve(workDir);
        outputDirectory = outputDirectory == null ? basedir.resolve("target/qmr") : basedir.resolve(outputDirectory);
        if (isBlank(function)) {
            throw new ConfigurationException("function", "<function> is not set: name the class that implements"
                    + " io.github.qmr.runtime.TaskFunction, e.g. <function>com.example.Simulate</function> or"
                    + " -Dqmr.function=com.example.Simulate");
        }
        int sources = (sweep != null && !sweep.isEmpty() ? 1 : 0) + (!isBlank(sweepSpec) ? 1 : 0)
                + (tasksFile != null ? 1 : 0) + (!isBlank(taskSource) ? 1 : 0);
        if (sources == 0) {
            throw new ConfigurationException("sweep", "no tasks: set one of <sweep> (e.g. <sweep><seed>1..10</seed>"
                    + "</sweep>), <tasksFile> (a .csv or .jsonl file) or <taskSource> (a class implementing"
                    + " io.github.qmr.runtime.TaskSource)");
        }
        if (sources > 1) {
            throw new ConfigurationException("sweep", "several task sources are set (" + sourceNames() + "); keep"
                    + " exactly one of <sweep> (or -Dqmr.sweep), <tasksFile> and <taskSource>");
        }
        if (!QUEUES.contains(queue)) {
            throw new ConfigurationException("queue", "<queue> '" + queue + "' is not a queue qmr knows; use one of "
                    + String.join(", ", QUEUES));
        }
        if (!List.of("compile", "runtime", "test").contains(classpathScope)) {
            throw new ConfigurationException("classpathScope", "<classpathScope> '" + classpathScope + "' is not a"
                    + " classpath; use compile, runtime or test");
        }
        try {
            scheduling = Scheduling.fromText(settings::get);
            // the goal's <maxFailedTasks> decides only the build's end; the map stops early for a systematic
            // failure, or at the first failure with <failFast>
            Limits.DEFAULTS.withMaxFailedTasks((long) maxFailedTasks); // the record's range check, for the build's
            limits = Limits.fromText(settings::get).withMaxFailedTasks(failFast ? 0L : null)
                    .withStopOnSystematicFailure(stopOnSystematicFailure);
            workerSetup = WorkerSetup.fromText(settings::get).withWorkingDir(basedir);
            escalation = Escalation.fromText(settings::get);
            jobRequest = JobRequest.fromText(settings::get);
        } catch (SettingException e) {
            throw configuration(e);
        }
        if (Rerun.parse(rerun) == null) {
            throw new ConfigurationException("rerun", "<rerun> '" + rerun + "' is not a setting; use " + Rerun.VALUES
                    + " (-Dqmr.rerun=failed runs only the tasks that have no succeeded result yet, even after the"
                    + " function changed); -Dqmr.force runs every task again");
        }
        try {
            junitMode();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("junitReport", "<junitReport> '" + junitReport + "' is not a setting;"
                    + " use auto (one test case per task up to 10000 tasks, then one per chunk), tasks, chunks or off");
        }
        progressDuration = isBlank(progressInterval) ? Duration.ofSeconds(10)
                : duration("progressInterval", progressInterval);
        if (preflight < 0) {
            throw new ConfigurationException("preflight", "<preflight> must be 0 (no pre-flight check) or more tasks,"
                    + " got " + preflight);
        }
        preflightDuration = isBlank(preflightTimeLimit) ? Duration.ofSeconds(30)
                : duration("preflightTimeLimit", preflightTimeLimit);
        if (preflightDuration.isZero()) {
            throw new ConfigurationException("preflightTimeLimit", "<preflightTimeLimit> must be more than 0; set"
                    + " <preflight>0</preflight> to turn the check off");
        }
        resourcesDeclared = parseResources();
        if (resources != null && !resources.isEmpty() && !isBlank(resourcesSpec)) {
            throw new ConfigurationException("resources", "<resources> and -Dqmr.resources (<resourcesSpec>) are both"
                    + " set; keep one");
        }
        if (sweep != null && !sweep.isEmpty()) {
            sweepDeclared = sweep;
        } else if (!isBlank(sweepSpec)) {
            sweepDeclared = SweepSpec.parse(sweepSpec);
        }
        sweepTasks = sweepDeclared == null ? null : Sweep.tasks(sweepDeclared, sweepParameter());
        List<String> declaredReplicates = io.github.qmr.maven.report.Replicates.parse(replicates);
        if (sweepDeclared != null && declaredReplicates != null
                && !sweepDeclared.keySet().containsAll(declaredReplicates)) {
            List<String> unknown = declaredReplicates.stream().filter(n -> !sweepDeclared.containsKey(n)).toList();
            throw new ConfigurationException("replicates", "<replicates> names " + String.join(", ", unknown)
                    + ", not a parameter of the sweep (" + String.join(", ", sweepDeclared.keySet()) + "); name the"
                    + " sweep's parameters that are repeats (e.g. seed), or none");
        }
        if (compareWith != null) {
            compareResults = ExistingResults.otherRun(resolve(compareWith));
            if (compareTolerance != null) {
                ExistingResults.checkTolerance(compareTolerance);
            }
        }
        if (java != null && !Files.isExecutable(java)) {
            throw new ConfigurationException("java", "<java> " + java + " does not exist or is not executable; give"
                    + " the path of a java executable (JDK 17 or later), or leave it out to use Maven's own");
        }
        checkNames("environmentAllow", environmentAllow);
        checkNames("environmentDeny", environmentDeny);
        checkNames("environmentSecrets", environmentSecrets);
        if (environment != null && !environment.isEmpty() && !isBlank(environmentSpec)) {
            throw new ConfigurationException("environment", "<environment> and -Dqmr.environment (<environmentSpec>)"
                    + " are both set; keep one");
        }
        environmentDeclared = environment != null && !environment.isEmpty() ? environment
                : pairs("environmentSpec", "-Dqmr.environment", environmentSpec, "OMP_NUM_THREADS=1;LANG=C");
        for (String name : environmentDeclared.keySet()) {
            if (!ENV_NAME.matcher(name).matches()) {
                throw new ConfigurationException("environment", "<environment><" + name + "> is not a variable"
                        + " name; use letters, digits and _");
            }
        }
        validated = true;
    }

    private static void checkNames(String parameter, List<String> names) throws ConfigurationException {
        for (String name : names == null ? List.<String>of() : names) {
            if (!ENV_PATTERN.matcher(name.strip()).matches()) {
                throw new ConfigurationException(parameter, "<" + parameter + "> '" + name + "' is not a variable"
                        + " name or pattern; write names such as PATH, or patterns such as AWS_* or *TOKEN*");
            }
        }
    }

    private String sourceNames() {
        StringBuilder s = new StringBuilder();
        if (sweep != null && !sweep.isEmpty()) {
            s.append("<sweep>");
        }
        if (!isBlank(sweepSpec)) {
            s.append(s.length() > 0 ? ", " : "").append("-Dqmr.sweep");
        }
        if (tasksFile != null) {
            s.append(s.length() > 0 ? ", " : "").append("<tasksFile>");
        }
        if (!isBlank(taskSource)) {
            s.append(s.length() > 0 ? ", " : "").append("<taskSource>");
        }
        return s.toString();
    }

    /** The sweep as declared, from {@code <sweep>} or {@code -Dqmr.sweep}; null when the tasks come from elsewhere. */
    Map<String, String> sweepMap() {
        return sweepDeclared;
    }

    /** The sweep's tasks, or null when the tasks come from elsewhere. */
    List<Params> sweepTasks() {
        return sweepTasks;
    }

    private String sweepParameter() {
        return sweep != null && !sweep.isEmpty() ? "sweep" : SweepSpec.PARAMETER;
    }

    /** SGE resources in order, from {@code <resources>} or {@code -Dqmr.resources=h_vmem=4G;h_rt=1:00:00}. */
    Map<String, String> resourceMap() {
        return resourcesDeclared;
    }

    private Map<String, String> parseResources() throws ConfigurationException {
        Map<String, String> out = resources != null && !resources.isEmpty() ? new LinkedHashMap<>(resources)
                : pairs("resourcesSpec", "-Dqmr.resources", resourcesSpec, "h_vmem=4G;h_rt=1:00:00");
        for (Map.Entry<String, String> e : out.entrySet()) {
            if (isBlank(e.getValue())) {
                throw new ConfigurationException("resources", "<resources><" + e.getKey() + "> has no value; write"
                        + " e.g. <h_vmem>4G</h_vmem>");
            }
        }
        return out;
    }

    /** Environment variables set for the workers, from {@code <environment>} or {@code -Dqmr.environment}. */
    Map<String, String> environmentMap() {
        return environmentDeclared;
    }

    /** {@code name=value;name=value}, the command-line form of a map parameter. */
    private static Map<String, String> pairs(String parameter, String property, String text, String example)
            throws ConfigurationException {
        Map<String, String> out = new LinkedHashMap<>();
        if (isBlank(text)) {
            return out;
        }
        for (String part : text.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new ConfigurationException(parameter, property + " part '" + part.strip()
                        + "' is not name=value; write e.g. " + example);
            }
            String name = part.substring(0, eq).strip();
            if (out.put(name, part.substring(eq + 1).strip()) != null) {
                throw new ConfigurationException(parameter, property + " gives '" + name + "' twice; keep one");
            }
        }
        return out;
    }

    /** Mode, workers and chunking, checked; the queue resolves what is left unset ({@code Pool.plan()}). */
    Scheduling scheduling() {
        return scheduling;
    }

    /** Resubmissions, pending and outage limits, and the map's stop past {@code <maxFailedTasks>}, checked. */
    Limits limits() {
        return limits;
    }

    /**
     * {@code <memory>}, {@code <walltime>}, {@code <cpus>}, {@code <partition>}, {@code <account>},
     * {@code <submitArgs>}, checked; the queue refuses a part also in {@code <resources>} when the pool is built.
     */
    JobRequest jobRequest() {
        return jobRequest;
    }

    /** {@code <escalateMemory>}, {@code <escalateTime>} and their caps, checked. */
    Escalation escalation() {
        return escalation;
    }

    /**
     * How the workers start, but for their classpath and environment, which the runner adds: {@code <java>} (or the
     * toolchain's, set after validation), {@code <jvmOptions>}, {@code <classDataArchive>}, the project's folder.
     */
    WorkerSetup workerSetup() {
        WorkerSetup w = java == null ? workerSetup : workerSetup.withJava(java);
        return jvmOptions == null || jvmOptions.isEmpty() ? w : w.withJvmOptions(jvmOptions);
    }

    /** Words the goal gives where the runtime's fix would not fit it. */
    private static final Map<String, String> GOAL_FIXES = Map.of("maxFailedTasks",
            "0 fails the build on any failed task");

    /** A setting the runtime refused, worded for the POM: {@code <maxWorkers> must be at least 1, got 0; ...}. */
    static ConfigurationException configuration(SettingException e) {
        String fix = GOAL_FIXES.get(e.setting());
        String message = fix == null ? e.describe(n -> "<" + n + ">") : e.describe(n -> "<" + n + ">", fix);
        return new ConfigurationException(e.setting(), message, e);
    }

    /** How long the pre-flight check waits for its tasks. */
    Duration preflightTimeLimitDuration() {
        return preflightDuration;
    }

    Duration progressIntervalDuration() {
        return progressDuration;
    }

    /** {@code 500ms}, {@code 2s}, {@code 1.5m}, {@code 1h}, or ISO-8601 such as {@code PT2S}: as the runtime reads one. */
    static Duration duration(String parameter, String text) throws ConfigurationException {
        try {
            return SettingText.duration(parameter, text);
        } catch (SettingException e) {
            throw configuration(e);
        }
    }

    /** A path from the POM, relative to the project's folder. */
    Path resolve(File file) {
        Path p = file.toPath();
        return p.isAbsolute() ? p : basedir.resolve(p);
    }

    io.github.qmr.maven.output.JUnitReport.Mode junitMode() {
        return io.github.qmr.maven.output.JUnitReport.Mode.parse(junitReport == null ? "auto" : junitReport);
    }

    Rerun rerunMode() {
        Rerun mode = Rerun.parse(rerun);
        return mode == null ? Rerun.CHANGED : mode;
    }

    /** The other run's results file the report compares with ({@link #compareWith}); null: none. */
    Path compareResults() {
        return compareResults;
    }

    Path resultsDirectory() {
        return outputDirectory.resolve(executionId);
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
