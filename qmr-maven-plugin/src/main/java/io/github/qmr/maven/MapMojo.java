package io.github.qmr.maven;

import io.github.qmr.maven.classpath.WorkerClasspath;

import io.github.qmr.maven.uptodate.OutputStamp;
import io.github.qmr.runtime.Escalation;
import io.github.qmr.runtime.InvalidInputException;
import io.github.qmr.runtime.JobRequest;
import io.github.qmr.runtime.Limits;
import io.github.qmr.runtime.QmrException;
import io.github.qmr.runtime.Scheduling;
import io.github.qmr.runtime.MonitorHost;
import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.SettingException;
import io.github.qmr.runtime.WorkerSetup;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;
import org.apache.maven.toolchain.Toolchain;
import org.apache.maven.toolchain.ToolchainManager;

/**
 * Maps a function over tasks by running them as batch jobs on an HPC queue (Son of Grid Engine or Slurm) or on the embedded
 * local queue, with the project's classpath, and writes the results to {@code target/qmr/<execution id>/}: tables
 * ({@code results.csv}, {@code results.jsonl}; per task its worker's own CPU and peak memory, and beside them the
 * scheduler's own figures of its queue-job, {@code job_cpu_seconds} and {@code job_mem_mib}: SGE {@code qacct}
 * {@code cpu}/{@code maxvmem}, Slurm {@code sacct} {@code TotalCPU}/{@code MaxRSS}, asked once for all jobs at the
 * map's end, at most 5 s for lagging records; empty where the scheduler recorded none, e.g. a Slurm without
 * {@code slurmdbd}), a report with plots ({@code report.html}), the typed results
 * ({@code results.qmr}, attached to the project with the execution id as classifier, and {@code run.json} beside it),
 * the reducer's output ({@code reduced.qmr}, attached with classifier {@code <execution id>-reduced}, and
 * {@code reduced.json}), a provenance record ({@code provenance.json}) and a JUnit XML report.
 *
 * <pre>{@code
 * <execution><id>sweep</id><goals><goal>map</goal></goals><configuration>
 *   <function>com.example.Simulate</function>
 *   <sweep><alpha>0.1,0.2,0.5</alpha><seed>1..100</seed></sweep>
 * </configuration></execution>
 * }</pre>
 *
 * The build fails if more tasks fail than {@code maxFailedTasks} allows (default 0: any failed task fails it), or if
 * tasks were not run. A failure that looks systematic stops the map early ({@code stopOnSystematicFailure}); sporadic
 * failures do not, so every other task's result is there and a rerun retries only what failed.
 *
 * <p>A map whose inputs (the function and the classes it reaches, the jars, tasks, reducer, settings that change
 * results) are unchanged and whose output is intact is not run again ({@code -Dqmr.force} reruns it). Otherwise each
 * task with the same parameters and function key as a succeeded task of the last run takes that result, and only the
 * others run ({@code rerun}). Before submitting, the first task to run runs in a JVM started as a worker's
 * ({@code preflight}), so a broken function fails the build before any job exists.
 */
@Mojo(name = "map", defaultPhase = LifecyclePhase.INTEGRATION_TEST, requiresDependencyResolution = ResolutionScope.TEST,
        threadSafe = true)
public class MapMojo extends AbstractMojo {
    /**
     * The function: a public class with a public no-arg constructor implementing
     * {@code io.github.qmr.runtime.TaskFunction<T, R>}, where {@code T} is {@code io.github.qmr.runtime.params.Params}
     * for {@code sweep} and {@code tasksFile}, or what the {@code taskSource} gives. One instance per worker JVM.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.function")
    private String function;

    /**
     * A parameter sweep: the tasks are the cartesian product of the values of every child element, the first varying
     * slowest. Values: a list {@code a,b,c}; an integer range {@code 1..100} (ends included); a stepped decimal range
     * {@code 0..1:0.25} (exact decimals: 0.00, 0.25, ... 1.00); or a mix {@code 1..3,10}. Each task reaches the
     * function as a {@code Params} ({@code p.getDouble("alpha")}). One of {@code sweep}, {@code sweepSpec},
     * {@code tasksFile} and {@code taskSource}.
     *
     * <pre>{@code <sweep><alpha>0.1,0.2,0.5</alpha><seed>1..100</seed></sweep>}</pre>
     *
     * @since 0.1.0
     */
    @Parameter
    private LinkedHashMap<String, String> sweep;

    /**
     * The sweep on the command line: {@code -Dqmr.sweep="alpha=0.1,0.2;seed=1..100"}, parameters separated by
     * {@code ;}, values as in {@code sweep}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.sweep")
    private String sweepSpec;

    /**
     * A file with one task per row, each a {@code Params}: {@code *.csv} with a header line naming the parameters
     * (RFC 4180 quoting), or {@code *.jsonl} with one flat JSON object per line (strings, numbers, booleans; null
     * leaves a parameter out). UTF-8. Relative to the project's folder.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.tasksFile")
    private File tasksFile;

    /**
     * A class on the project's classpath implementing {@code io.github.qmr.runtime.TaskSource<T>} (public, public
     * no-arg constructor), whose {@code tasks()} gives the tasks, of any type qmr can serialize.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.taskSource")
    private String taskSource;

    /**
     * A class on the project's classpath implementing {@code io.github.qmr.runtime.Reducer<T, R, O>} (public, public
     * no-arg constructor). It receives every task that succeeded with its result, in task order, and its
     * {@code result()} is written to {@code reduced.txt}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.reducer")
    private String reducer;

    /**
     * Where the chunks run: {@code auto} (the first flavour whose programs are found: SGE when {@code qsub} is Grid
     * Engine's, which its {@code -help} says; else Slurm when {@code sbatch} is on PATH; else the embedded local queue), {@code local} (worker JVMs on this machine, one per processor), {@code sge} (Son of
     * Grid Engine), {@code slurm}, or
     * {@code dummy} (qmr's fake Grid Engine, installed in {@code <workDir>/dummy-sge} and driven like SGE, for
     * testing; or the stand-in programs given in {@code qsub}, {@code qstat}, {@code qdel}, {@code qacct}).
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.queue", defaultValue = "auto")
    private String queue;

    /**
     * The work dir: on storage that this machine and the worker nodes share. Holds one session folder per map (kept
     * on failure for inspection) and the staged classpath ({@code classpath/<sha256>.jar}, reused across runs).
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.workDir", defaultValue = "${project.build.directory}/qmr-work")
    private File workDir;

    /**
     * Where the output goes: {@code <outputDirectory>/<execution id>/}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.outputDirectory", defaultValue = "${project.build.directory}/qmr")
    private File outputDirectory;

    /**
     * Tasks per chunk (one worker JVM runs a chunk's tasks in series). Exclusive with {@code numChunks}. Default: in
     * pull mode 4 chunks per worker ({@code maxWorkers}), so the load balances; in jobs mode as many chunks as the
     * local queue has slots, or 100 chunks on SGE and Slurm.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.chunkSize")
    private Integer chunkSize;

    /**
     * About how many chunks: each gets ceil(tasks / numChunks) tasks. Exclusive with {@code chunkSize}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.numChunks")
    private Integer numChunks;

    /**
     * Resource requests. On SGE, one {@code qsub -l name=value} each, in order:
     * {@code <resources><h_vmem>4G</h_vmem><h_rt>1:00:00</h_rt></resources>}; {@code h_vmem} also sizes the worker's
     * heap. On Slurm: {@code mem} ({@code --mem}, also sizes the heap), {@code time}, {@code cpus-per-task} and
     * {@code account}. Ignored by the local queue. {@code <memory>}, {@code <walltime>}, {@code <cpus>},
     * {@code <partition>}, {@code <account>} say the same in names both queues share; one request given both ways is
     * an error.
     *
     * @since 0.1.0
     */
    @Parameter
    private LinkedHashMap<String, String> resources;

    /**
     * The resources on the command line or in a settings.xml profile: {@code -Dqmr.resources="h_vmem=4G;h_rt=1:00:00"}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.resources")
    private String resourcesSpec;

    /**
     * The SGE cluster queue ({@code qsub -q}), as {@code <partition>} (not both); default: the one SGE chooses.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.sgeQueue")
    private String sgeQueue;

    /**
     * The memory of one queue-job, e.g. {@code 4G}, {@code 512M} (K, M, G, T: powers of 1024): SGE {@code -l h_vmem}
     * (per slot), Slurm {@code --mem}; it also sizes the worker's heap, and is what {@code <escalateMemory>}
     * multiplies. The local queue ignores it. Setting it besides {@code <resources>}' {@code h_vmem} or {@code mem}
     * is an error. Default: none, the site's.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.memory")
    private String memory;

    /**
     * The walltime of one queue-job, e.g. {@code 2:00:00} (hours:minutes:seconds), {@code 1-12:00:00} (Slurm's
     * days-hours:minutes:seconds) or {@code 90m}, {@code 2h}, {@code 2d}: SGE {@code -l h_rt}, Slurm {@code --time}; what {@code <escalateTime>} multiplies, and a pull worker's time budget
     * stays within it. The local queue ignores it. Default: none, the site's.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.walltime")
    private String walltime;

    /**
     * The processors (cores) of one queue-job: Slurm {@code --cpus-per-task}, SGE the slots of
     * {@code <sgeParallelEnv>} ({@code -pe NAME N}; one needs none). The local queue ignores it. Default: none, the
     * site's (one).
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.cpus")
    private Integer cpus;

    /**
     * The Slurm partition ({@code --partition}) or SGE cluster queue ({@code -q}, as {@code <sgeQueue>}). Default:
     * none, the cluster's.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.partition")
    private String partition;

    /**
     * The Slurm account ({@code --account}) or SGE project ({@code -P}) to charge. Default: none, the site's.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.account")
    private String account;

    /**
     * Further {@code qsub} or {@code sbatch} arguments, separated by white space, for what has no setting of its own,
     * e.g. {@code --qos=long} or {@code -l gpu=1}. Default: none.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.submitArgs")
    private String submitArgs;

    /**
     * The SGE parallel environment ({@code qsub -pe NAME N}) that gives a job {@code <cpus>} slots, e.g.
     * {@code smp}; {@code qconf -spl} lists a cluster's. Default: none (a one-slot job).
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.sgeParallelEnv")
    private String sgeParallelEnv;

    /**
     * The {@code sbatch} program: a name looked up on PATH, or a path.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.sbatch", defaultValue = "sbatch")
    private String sbatch;

    /**
     * The {@code squeue} program: a name looked up on PATH, or a path.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.squeue", defaultValue = "squeue")
    private String squeue;

    /**
     * The {@code scancel} program: a name looked up on PATH, or a path.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.scancel", defaultValue = "scancel")
    private String scancel;

    /**
     * The {@code sacct} program (asked why a job failed): a name looked up on PATH, or a path.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.sacct", defaultValue = "sacct")
    private String sacct;

    /**
     * The {@code qsub} program: a name looked up on PATH, or a path.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.qsub", defaultValue = "qsub")
    private String qsub;

    /**
     * The {@code qstat} program: a name looked up on PATH, or a path.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.qstat", defaultValue = "qstat")
    private String qstat;

    /**
     * The {@code qdel} program: a name looked up on PATH, or a path.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.qdel", defaultValue = "qdel")
    private String qdel;

    /**
     * The {@code qacct} program (asked why a job failed): a name looked up on PATH, or a path.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.qacct", defaultValue = "qacct")
    private String qacct;

    /**
     * How often a queue-job found in an error state (or, in pull mode, a worker that died in a chunk) is deleted and
     * resubmitted before its chunk fails. Default: 10.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.maxResubmissions")
    private Integer maxResubmissions;

    /**
     * Time between two polls of the queue, e.g. {@code 500ms}, {@code 2s}, {@code PT2S}. Default: the queue's own
     * (local 20 ms, SGE and Slurm 1 s).
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.pollInterval")
    private String pollInterval;

    /**
     * A task running longer than this, e.g. {@code 30m}, is stopped and fails, and the worker goes on with the next
     * (its thread is interrupted; one that ignores the interrupt is recorded failed after a grace period and its
     * worker ends, the chunk running again for the tasks after it). Default: no limit.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.taskTimeLimit")
    private String taskTimeLimit;

    /**
     * A chunk whose job was killed for memory (the scheduler's limit, or the worker JVM's own OutOfMemoryError) is
     * resubmitted asking for this many times the last memory request ({@code h_vmem} or {@code mem} of
     * {@code <resources>}), e.g. {@code 2}, up to {@code <escalateMemoryCap>} and within {@code <maxResubmissions>};
     * in pull mode the chunk leaves the pull workers (which keep the base request) for a job of its own asking for
     * more. Default: 1 (off): such a chunk fails at once, saying what it used and requested.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.escalateMemory")
    private String escalateMemory;

    /**
     * The most memory {@code <escalateMemory>} asks for, e.g. {@code 16G} (K, M, G, T: powers of 1024). Default: no
     * cap but {@code <maxResubmissions>}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.escalateMemoryCap")
    private String escalateMemoryCap;

    /**
     * A chunk whose job was killed at its walltime ({@code h_rt}, {@code time}) is resubmitted asking for this many
     * times the last walltime (on Slurm, which grants whole minutes, the minutes granted, rounded up to whole
     * minutes), e.g. {@code 2}, up to {@code <escalateTimeCap>}; in pull mode as a job of its own (the
     * pull workers keep the base walltime). Default: 1 (off): such a chunk fails at once, saying how long it ran and
     * what it requested.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.escalateTime")
    private String escalateTime;

    /**
     * The longest walltime {@code <escalateTime>} asks for, e.g. {@code 24h}. Default: no cap but
     * {@code <maxResubmissions>}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.escalateTimeCap")
    private String escalateTimeCap;

    /**
     * How long a queue-job may wait for a slot before its chunk fails and the job is deleted (e.g. it asks for
     * resources no host has), e.g. {@code 30m}, {@code 2h}. Default: no limit.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.maxPendingTime")
    private String maxPendingTime;

    /**
     * How chunks reach the queue: {@code pull} (the default) submits a few workers, one array job where the queue
     * has arrays, that each claim chunks from the work dir until none is left or their {@code <workerTimeBudget>} is
     * spent: one scheduler round and one JVM start serve many chunks, and workers still waiting are deleted once
     * every chunk is taken. {@code jobs} submits one queue-job (or array element) per chunk, as the original tool
     * did: for clusters whose policy wants each job to be one unit of work.
     *
     * @since 0.2.0
     */
    @Parameter(property = "qmr.mode")
    private String mode;

    /**
     * Pull mode: at most this many workers in the queue at once. Default: one per processor on the local queue, 100
     * on SGE and Slurm; fewer when fewer chunks are left to claim.
     *
     * @since 0.2.0
     */
    @Parameter(property = "qmr.maxWorkers")
    private Integer maxWorkers;

    /**
     * Pull mode: a worker takes no chunk after running this long and exits, and another is submitted while chunks
     * are left, so no queue-job holds a slot much longer than this plus one chunk, e.g. {@code 10m}. A walltime
     * request ({@code h_rt} on SGE, {@code time} on Slurm) bounds it further. Default: 10 minutes.
     *
     * @since 0.2.0
     */
    @Parameter(property = "qmr.workerTimeBudget")
    private String workerTimeBudget;

    /**
     * Submit as job arrays where the queue has them (the workers in pull mode, the chunks in jobs mode), split at the
     * queue's largest array; {@code false}: one queue-job each. Default: {@code true}.
     *
     * @since 0.2.0
     */
    @Parameter(property = "qmr.jobArrays")
    private Boolean jobArrays;

    /**
     * Whether the workers map a class-data archive (AppCDS) made once per java, classpath and JVM options in the work
     * dir, which shortens each worker's start: {@code auto} (when every classpath entry is a jar, as the staged
     * classpath is; the default), {@code true} (also say why it cannot be used), {@code false}.
     *
     * @since 0.2.0
     */
    @Parameter(property = "qmr.classDataArchive")
    private String classDataArchive;

    /**
     * How long SGE's or Slurm's commands may fail (a controller restarting) before the map stops, e.g. {@code 5m}.
     * Meanwhile the map goes on taking results from the work dir. Default: 5 minutes.
     *
     * @since 0.2.0
     */
    @Parameter(property = "qmr.outageTolerance")
    private String outageTolerance;

    /**
     * A running worker whose heartbeat file the process node sees unchanged for longer than this (e.g. {@code 2m}) is
     * taken as lost (hung, stopped, or its node gone): its queue-job is deleted and its chunk runs again for the tasks
     * it did not save, counted against {@code <maxResubmissions>}. It must exceed the shared file system's cache time.
     * Default: 2 minutes.
     *
     * @since 0.2.0
     */
    @Parameter(property = "qmr.heartbeatTimeout")
    private String heartbeatTimeout;

    /**
     * Time between two progress lines in the log, e.g. {@code 10s}; also how often {@code report.html} is rewritten
     * with the results so far while the map runs (longer after a slow write: at most 5 % of the map's time).
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.progressInterval", defaultValue = "10s")
    private String progressInterval;

    /**
     * Keep the session folder in the work dir even when every task succeeded (it is always kept on failure).
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.keepWorkDir", defaultValue = "false")
    private boolean keepWorkDir;

    /**
     * The workers' {@code java} executable. Default: the JDK of the build's toolchain if the project uses
     * maven-toolchains-plugin (and {@code useToolchain} is true), else the JVM that runs Maven.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.java")
    private File java;

    /**
     * Take the workers' {@code java} from the build's JDK toolchain when {@code java} is not set.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.useToolchain", defaultValue = "true")
    private boolean useToolchain;

    /**
     * The workers' JVM options, e.g. {@code <jvmOptions><jvmOption>-Xmx2g</jvmOption></jvmOptions>} or
     * {@code -Dqmr.jvmOptions=-Xmx2g,-Dfoo=bar}. Default: {@code -XX:+UseSerialGC}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.jvmOptions")
    private List<String> jvmOptions;

    /**
     * An allow-list of the environment variables the workers get from this process (patterns: {@code *} for any run
     * of characters). Default: all except those that belong to one process or one queue-job ({@code PWD},
     * {@code JOB_*}, {@code SGE_*}, ...) and those that look like secrets, which would otherwise be written into the
     * launcher script: names matching {@code *TOKEN*}, {@code *SECRET*}, {@code *PASS*}, {@code *PWD*},
     * {@code *AUTH*}, {@code *_KEY}, {@code *_PAT}, {@code *WEBHOOK*}, ... in any case (the full list is on the
     * site's Usage page), and values that are URLs with a password; {@code <environmentDeny>} holds back more.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.environmentAllow")
    private List<String> environmentAllow;

    /**
     * Environment variables never passed to the workers (patterns allowed), e.g. {@code AWS_*}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.environmentDeny")
    private List<String> environmentDeny;

    /**
     * Variables whose names look like secrets that the workers get all the same, e.g. {@code GITHUB_TOKEN}
     * (patterns allowed). They are written into the launcher script in the work dir, which only you can read.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.environmentSecrets")
    private List<String> environmentSecrets;

    /**
     * Environment variables set for the workers: {@code <environment><OMP_NUM_THREADS>1</OMP_NUM_THREADS>
     * </environment>}. They win over this process's.
     *
     * @since 0.1.0
     */
    @Parameter
    private LinkedHashMap<String, String> environment;

    /**
     * The environment on the command line or in a settings.xml profile:
     * {@code -Dqmr.environment="OMP_NUM_THREADS=1;LANG=C"}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.environment")
    private String environmentSpec;

    /**
     * Which of the project's classpaths the workers get: {@code compile}, {@code runtime} or {@code test} (test
     * classes and test dependencies included). Default: {@code runtime}, or {@code test} when the function is a test
     * class (the log says so).
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.classpathScope")
    private String classpathScope;

    /**
     * How many tasks may fail without failing the build. 0: any failed task fails the build. Failed tasks do not stop
     * the map by themselves: the others still run, so their results are there and a rerun retries only the failed
     * ones; only a failure that looks systematic stops it early ({@code <stopOnSystematicFailure>}), or the first
     * failure with {@code <failFast>}. A map that stopped early fails the build whatever this allows, since tasks
     * were not run.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.maxFailedTasks", defaultValue = "0")
    private int maxFailedTasks;

    /**
     * Stop the map at its first failed task: its queue-jobs are deleted, the tasks not yet run are reported as not
     * run (JUnit {@code <skipped>}), and the work dir is kept for a rerun, which retries the failed task and runs the
     * rest.
     *
     * @since 0.2.0
     */
    @Parameter(property = "qmr.failFast", defaultValue = "false")
    private boolean failFast;

    /**
     * Stop the map early when its failures look systematic, as they do when the function cannot work at all: the
     * first 10 tasks to finish all failed, or, once 50 tasks finished, more than half of them failed. Its queue-jobs
     * are deleted and the tasks not yet run are reported as not run. Sporadic failures (a few tasks among many that
     * succeed) never stop the map. Set it to {@code false} for a sweep where most tasks fail by design.
     *
     * @since 0.2.0
     */
    @Parameter(property = "qmr.stopOnSystematicFailure", defaultValue = "true")
    private boolean stopOnSystematicFailure;

    /**
     * The parameters that are replicates (repeats such as a random seed), comma-separated, or {@code none}: the
     * report's lines by parameter give their spread (the mean with a band) and never plot against them. Default: the
     * parameters named {@code seed}, {@code rep}, {@code replicate}, {@code repetition} or {@code run} (or their
     * plurals). {@code qmr:report} takes the same setting.
     *
     * @since 0.2.0
     */
    @Parameter(property = "qmr.replicates")
    private String replicates;

    /**
     * Another run to compare these results with in {@code report.html}, as {@code qmr:compare} does: its
     * {@code results.qmr}, or the folder holding it ({@code target/qmr/<execution id>} of another checkout, a results
     * file downloaded from a repository). The report's comparison pairs the tasks by parameters and shows which
     * results changed and by how much, per component, the tasks only in one run and the task times. Both runs must be
     * readable with the project's classes. {@code qmr:report} takes the same setting.
     *
     * @since 0.2.0
     */
    @Parameter(property = "qmr.compareWith")
    private File compareWith;

    /**
     * With {@code compareWith}: how far a number may move and still count as unchanged, relative ({@code |a - b| <=
     * compareTolerance * max(|a|, |b|)}), and set, the build fails when the results drifted beyond it, as
     * {@code qmr:compare}'s does (a CI check against a baseline). Default: not set, the report shows the comparison
     * (only equal values unchanged) and drift does not fail the build.
     *
     * @since 0.2.0
     */
    @Parameter(property = "qmr.compareTolerance")
    private Double compareTolerance;

    /**
     * The JUnit XML report {@code TEST-qmr.<execution id>.xml}: {@code auto} writes one test case per task up to 10,000
     * tasks, then one per chunk up to 10,000 chunks, then one per failed task and one for all that passed (a CI server
     * chokes on millions of cases; {@code results.csv} has every task); {@code tasks} or {@code chunks} forces one
     * grain; {@code off} writes none. A task that passed after its chunk was resubmitted is a passing case with a
     * {@code <flakyFailure>}, as Surefire marks a test that passed on a rerun.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.junitReport", defaultValue = "auto")
    private String junitReport;

    /**
     * The classifier of the attached {@code results.qmr} (type {@code qmr}). Default: the execution id.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.classifier")
    private String classifier;

    /**
     * Attach {@code results.qmr} to the project, so {@code install} and {@code deploy} carry it.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.attach", defaultValue = "true")
    private boolean attach;

    /**
     * Skip the map. Results of an earlier run in the output folder are still attached.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.skip", defaultValue = "false")
    private boolean skip;

    /**
     * Run the map, every task of it, even when it is up to date (same inputs by content, intact output) and even
     * where results are kept: nothing of an earlier run is taken.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.force", defaultValue = "false")
    private boolean force;

    /**
     * Run the map in the background and return once it has started (its checks and pre-flight passed, its session
     * made): the same goal of this execution in a Maven of its own, in a session of its own (no terminal: it survives
     * the end of the terminal, the SSH connection and the logout), its output in
     * {@code target/qmr/<execution id>.detached.log}. Follow it with {@code mvn qmr:status}; a later build of the same
     * execution waits for it and takes its outputs ({@code -Dqmr.wait=false}: says where it stands instead);
     * {@code mvn qmr:cancel} stops it and deletes its queue-jobs. Its outputs are attached by the collecting build,
     * not by this one.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.detach", defaultValue = "false")
    private boolean detach;

    /**
     * With {@code -Dqmr.detach}, where the background map runs: {@code process} (the default), a Maven of its own on
     * this host in a session of its own; {@code job}, that Maven as a small long-running queue-job of its own on the
     * map's queue (SGE or Slurm), for sites that kill long processes on login nodes: its host must be allowed to
     * submit jobs and must see this project, Maven and its local repository. {@code qmr:status}, a later build and
     * {@code qmr:cancel} (which deletes that job, then the session's jobs) handle either.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.detachAs")
    private String detachAs;

    /**
     * When this execution's map runs in the background ({@code -Dqmr.detach} earlier): wait for it to end and take
     * its outputs; false says where it stands and stops without failing.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.wait", defaultValue = "true")
    private boolean wait;

    /**
     * Which tasks run when the map is not up to date; the others take the results kept in the output folder from
     * the last run ({@code results.qmr} and {@code results.keys}). {@code changed}: the tasks without a succeeded
     * result computed by the current function key (the function class, the project classes it reaches, the jars,
     * the JVM settings): new, failed and not run tasks, and all of them after such a change. {@code failed}: only the
     * tasks without a succeeded result at all, even one an earlier version of the function computed (after fixing a
     * function that failed on some tasks). A changed reducer runs no task. {@code -Dqmr.force} runs every task.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.rerun", defaultValue = "changed")
    private String rerun;

    /**
     * How many of the first tasks run before anything is submitted, in a JVM started as a worker's (the workers'
     * java, options and classpath); each result must also serialize. A failure, or a task that ends that JVM
     * ({@code System.exit}, a crash), stops the build with the task's message and parameters before any job exists.
     * 0 turns the check off.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.preflight", defaultValue = "1")
    private int preflight;

    /**
     * How long the pre-flight check waits for its tasks, e.g. {@code 30s}; past it the map starts without waiting.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.preflightTimeLimit", defaultValue = "30s")
    private String preflightTimeLimit;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    private MojoExecution mojoExecution;

    /** The plugin's own dependencies; of them only qmr-runtime and what it needs reach the workers. */
    @Parameter(defaultValue = "${plugin.artifacts}", readonly = true, required = true)
    private List<Artifact> pluginArtifacts;

    @Parameter(defaultValue = "${plugin.version}", readonly = true, required = true)
    private String pluginVersion;

    @Component
    private MavenProjectHelper projectHelper;

    @Component
    private ToolchainManager toolchainManager;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            attachSkipped();
            return;
        }
        MapRunner.Outcome outcome;
        try {
            // the parameters are checked before anything is asked of Maven or the project
            MapGoal goal = checkedGoal();
            if (detach) {
                startInBackground(goal, detachHost(goal));
                return;
            }
            outcome = new MapRunner(BuildLog.of(getLog())).run(resolved(goal));
        } catch (Detached.StillRunning e) {
            getLog().info(e.getMessage());
            return;
        } catch (ConfigurationException e) {
            throw new MojoFailureException(e.getMessage() + hint(e), e);
        } catch (MapFailedException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (InvalidInputException e) {
            throw new MojoFailureException("qmr cannot run this map: " + e.getMessage(), e);
        } catch (QmrException e) {
            throw new MojoExecutionException("qmr or the queue failed: " + e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new MojoExecutionException("cannot write the output of qmr:map: " + e.getMessage(), e);
        }
        if (attach && outcome.resultsFile().toFile().isFile()) {
            String c = classifier == null || classifier.isBlank() ? outcome.executionId() : classifier;
            projectHelper.attachArtifact(project, "qmr", c, outcome.resultsFile().toFile());
            getLog().debug("attached " + outcome.resultsFile() + " with classifier " + c);
            if (outcome.reducedFile() != null) {
                projectHelper.attachArtifact(project, "qmr", c + "-reduced", outcome.reducedFile().toFile());
                getLog().debug("attached " + outcome.reducedFile() + " with classifier " + c + "-reduced");
            }
        }
    }

    /** Where -Dqmr.detach runs the background Maven ({@code <detachAs>}): a job only on a cluster queue. */
    private MonitorHost detachHost(MapGoal goal) throws ConfigurationException {
        MonitorHost host;
        try {
            host = MonitorHost.fromText(detachAs);
        } catch (SettingException e) {
            throw ConfigurationException.of(e);
        }
        if (host == MonitorHost.JOB) {
            try (BatchQueue queue = goal.queue().queue(goal.jobRequest(), goal.workDir(), BuildLog.of(getLog()))) {
                if (queue.name().equals("local")) {
                    throw new ConfigurationException("detachAs", "<detachAs> job needs a cluster queue (SGE or"
                            + " Slurm), but this map runs on the local queue, whose jobs end with the build; leave"
                            + " <detachAs> out (a background process) or set <queue>");
                }
            }
        }
        return host;
    }

    /** -Dqmr.detach: this execution's goal again, in a Maven of its own in the background; returns once it started. */
    private void startInBackground(MapGoal request, MonitorHost host)
            throws MapFailedException, IOException, ConfigurationException {
        Path out = request.resultsDirectory();
        Detached.Run running = Detached.running(out);
        if (running != null) {
            getLog().info("the map '" + request.executionId() + "' already runs in the background ("
                    + running.where()
                    + ", log " + running.log() + "); follow it with mvn qmr:status");
            return;
        }
        org.apache.maven.execution.MavenExecutionRequest r = session.getRequest();
        org.apache.maven.plugin.descriptor.PluginDescriptor plugin = mojoExecution.getMojoDescriptor()
                .getPluginDescriptor();
        Map<String, String> properties = new java.util.TreeMap<>();
        r.getUserProperties().forEach((k, v) -> properties.put(k.toString(), v.toString()));
        List<String> command = Detached.command(Path.of(System.getProperty("maven.home")),
                project.getFile().toPath(), session.isOffline(),
                r.getUserSettingsFile() == null ? null : r.getUserSettingsFile().toPath(),
                Path.of(session.getLocalRepository().getBasedir()), r.getActiveProfiles(), r.getInactiveProfiles(),
                properties, plugin.getGroupId() + ":" + plugin.getArtifactId() + ":" + plugin.getVersion() + ":map@"
                        + request.executionId());
        String sessionId;
        if (host == MonitorHost.JOB) {
            try (BatchQueue queue = request.queue().queue(request.jobRequest(), request.workDir(),
                    BuildLog.of(getLog()))) {
                sessionId = Detached.startAsJob(command, out, request.basedir(), queue, request.executionId(),
                        BuildLog.of(getLog()));
            }
        } else {
            sessionId = Detached.start(command, out, BuildLog.of(getLog()));
        }
        if (sessionId == null) {
            getLog().info("the map run in the background ended at once (up to date, or nothing to do); its log: "
                    + Detached.logFile(out) + ". Run the build again to attach its outputs");
            return;
        }
        Detached.Run run = Detached.running(out);
        getLog().info("the map '" + request.executionId() + "' runs in the background as session " + sessionId
                + (run == null ? "" : ", " + (run.job() == null ? "in a process of its own (" + run.where() + ")"
                        : "as " + run.where())) + "; its log: "
                + Detached.logFile(out));
        getLog().info("follow it: mvn qmr:status; collect it: run this build again (it waits for the map and takes"
                + " its outputs; -Dqmr.wait=false only says where it stands); cancel it: mvn qmr:cancel"
                + " -Dqmr.execution=" + request.executionId());
    }

    /** The goal, checked, with a warning for each -Dqmr.* property the POM overrides: what qmr:check does too. */
    MapGoal checkedGoal() throws ConfigurationException {
        MojoChecks.warnShadowed(mojoExecution, session, getLog());
        MojoChecks.warnUnknownProperties(mojoExecution, session, getLog());
        MojoChecks.checkRepeatedSweepParameters(mojoExecution);
        return goal();
    }

    MavenProject project() {
        return project;
    }

    boolean isSkipped() {
        return skip;
    }

    String hint(ConfigurationException e) {
        return MojoChecks.executionsHint(e, project, mojoExecution);
    }

    /** Skipped, but results of an earlier run are still attached, so install and deploy carry them. */
    private void attachSkipped() {
        String id = mojoExecution != null && mojoExecution.getExecutionId() != null ? mojoExecution.getExecutionId()
                : "default-cli";
        Path results = outputDirectory == null ? null : outputDirectory.toPath().resolve(id).resolve(MapRunner.RESULTS);
        if (attach && results != null && results.toFile().isFile()
                && OutputStamp.read(results.getParent()) != null) {
            String c = classifier == null || classifier.isBlank() ? id : classifier;
            projectHelper.attachArtifact(project, "qmr", c, results.toFile());
            getLog().info("qmr:map is skipped (<skip> / -Dqmr.skip=true); attached the results of an earlier run: "
                    + results + " (classifier " + c + ")");
        } else if (attach && results != null && results.toFile().isFile()) {
            getLog().info("qmr:map is skipped (<skip> / -Dqmr.skip=true); " + results + " is not attached: it is from"
                    + " a map that failed or was stopped");
        } else {
            getLog().info("qmr:map is skipped (<skip> / -Dqmr.skip=true)");
        }
    }

    /** The parameters as checked values; what Maven resolves (java, classpath) comes later ({@link #resolved}). */
    private MapGoal goal() throws ConfigurationException {
        Path basedir = project.getBasedir() == null ? Path.of("").toAbsolutePath() : project.getBasedir().toPath();
        String executionId = mojoExecution != null && mojoExecution.getExecutionId() != null
                ? mojoExecution.getExecutionId() : "default-cli";
        String checkedFunction = MapGoal.function(function);
        TaskChoice tasks = TaskChoice.of(sweep, sweepSpec, tasksFile == null ? null : tasksFile.toPath(), taskSource,
                basedir);
        QueueChoice queueChoice = QueueChoice.of(queue, resources, resourcesSpec, sgeQueue, sgeParallelEnv, qsub,
                qstat, qdel, qacct, sbatch, squeue, scancel, sacct, System.getenv("PATH"));
        MapGoal.classpathScope(classpathScope);
        Map<String, String> text = new LinkedHashMap<>();
        settings(text);
        BuildThreshold threshold;
        Scheduling scheduling;
        Limits limits;
        WorkerSetup worker;
        Escalation escalation;
        JobRequest jobRequest;
        try {
            threshold = new BuildThreshold(maxFailedTasks, failFast, stopOnSystematicFailure);
            scheduling = Scheduling.fromText(text::get);
            limits = threshold.applyTo(Limits.fromText(text::get));
            worker = WorkerSetup.fromText(text::get).withWorkingDir(basedir);
            escalation = Escalation.fromText(text::get);
            jobRequest = JobRequest.fromText(text::get);
        } catch (SettingException e) {
            throw ConfigurationException.of(e);
        }
        if (java != null) {
            try {
                worker = worker.withJava(java.toPath()).checkedJava();
            } catch (SettingException e) {
                throw new ConfigurationException("java", e.describe(n -> "<" + n + ">", "give the path of a java"
                        + " executable (JDK 17 or later), or leave it out to use Maven's own"), e);
            }
        }
        List<String> configured = jvmOptions == null ? List.of() : List.copyOf(jvmOptions);
        if (!configured.isEmpty()) {
            worker = worker.withJvmOptions(configured);
        }
        return new MapGoal(executionId, basedir,
                basedir.resolve(outputDirectory == null ? Path.of("target/qmr") : outputDirectory.toPath()),
                basedir.resolve(workDir == null ? Path.of("target/qmr-work") : workDir.toPath()), pluginVersion,
                project.getGroupId() + ":" + project.getArtifactId() + ":" + project.getVersion(), checkedFunction,
                tasks, Pairs.isBlank(reducer) ? null : reducer.strip(), List.of(), List.of(), queueChoice,
                scheduling, limits, jobRequest, escalation, worker, configured,
                Environment.of(environmentAllow, environmentDeny, environmentSecrets, environment, environmentSpec),
                threshold, keepWorkDir, ProgressLog.interval(progressInterval), force, wait, MapGoal.rerun(rerun),
                PreflightCheck.Setting.of(preflight, preflightTimeLimit),
                ReportSettings.of(replicates, compareWith, compareTolerance, junitReport,
                        System.getenv(io.github.qmr.outputs.StepSummary.VARIABLE), tasks.sweep(), basedir),
                new java.util.concurrent.ConcurrentHashMap<>());
    }

    /**
     * The runtime's settings as given, by their names; one left out is not there, so the runtime's default holds (the
     * settings records write each default once: these parameters have no {@code defaultValue}).
     */
    private void settings(Map<String, String> out) {
        out.put("mode", mode);
        out.put("maxWorkers", text(maxWorkers));
        out.put("workerTimeBudget", workerTimeBudget);
        out.put("jobArrays", text(jobArrays));
        out.put("chunkSize", text(chunkSize));
        out.put("numChunks", text(numChunks));
        out.put("pollInterval", pollInterval);
        out.put("maxResubmissions", text(maxResubmissions));
        out.put("maxPendingTime", maxPendingTime);
        out.put("outageTolerance", outageTolerance);
        out.put("heartbeatTimeout", heartbeatTimeout);
        out.put("classDataArchive", classDataArchive);
        out.put("taskTimeLimit", taskTimeLimit);
        out.put("escalateMemory", escalateMemory);
        out.put("escalateMemoryCap", escalateMemoryCap);
        out.put("escalateTime", escalateTime);
        out.put("escalateTimeCap", escalateTimeCap);
        out.put("memory", memory);
        out.put("walltime", walltime);
        out.put("cpus", text(cpus));
        out.put("partition", partition);
        out.put("account", account);
        out.put("submitArgs", submitArgs);
        out.values().removeIf(v -> v == null);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /**
     * The goal with the worker JDK from the toolchain, and the workers' classpath: the project's classpath of its
     * scope in the project's versions, with qmr-runtime and Kryo in the plugin's ({@link WorkerClasspath}).
     */
    private MapGoal resolved(MapGoal goal) throws ConfigurationException {
        WorkerSetup worker = goal.workerSetup();
        Path toolchain = java == null ? toolchainJava() : null;
        if (toolchain != null) {
            worker = worker.withJava(toolchain);
        }
        String scope = classpathScope == null || classpathScope.isBlank()
                ? MojoChecks.defaultScope(project, goal.function(), getLog()) : classpathScope.strip();
        MojoChecks.warnStaleClasses(project, scope, getLog());
        WorkerClasspath.Composed composed = ProjectClasspath.of(project, scope, pluginArtifacts, pluginVersion);
        composed.notices().forEach(getLog()::warn);
        return goal.resolved(worker, composed.qmrFiles(), composed.project());
    }

    private Path toolchainJava() {
        if (!useToolchain || toolchainManager == null || session == null) {
            return null;
        }
        Toolchain jdk = toolchainManager.getToolchainFromBuildContext("jdk", session);
        String tool = jdk == null ? null : jdk.findTool("java");
        if (tool != null) {
            getLog().info("workers run java from the toolchain: " + tool);
            return Path.of(tool);
        }
        return null;
    }
}
