package io.github.qmr.runtime.queue.slurm;

import io.github.qmr.runtime.process.CommandResult;
import io.github.qmr.runtime.queue.ArrayJobSpec;
import io.github.qmr.runtime.queue.Flavour;
import io.github.qmr.runtime.queue.JobId;
import io.github.qmr.runtime.queue.JobSpec;
import io.github.qmr.runtime.queue.JobStatus;
import io.github.qmr.runtime.queue.QueueDialect;
import io.github.qmr.runtime.queue.QueueException;
import io.github.qmr.runtime.queue.QueueTools;
import io.github.qmr.runtime.queue.Request;
import io.github.qmr.runtime.queue.ResourceKill;
import io.github.qmr.runtime.queue.Walltime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slurm's command lines and output formats (checked against 22.05), as pure functions: no I/O, so each is tested
 * against captured real output with no Slurm running. The argv lists start with the bare program name
 * ({@code sbatch}, {@code squeue}, ...); {@link io.github.qmr.runtime.queue.CommandLineQueue} runs them.
 *
 * <p>Job ids: {@code 123} for a job (or a whole array), {@code 123_4} for element 4 of array job 123, the form
 * squeue, scancel and sacct accept. A poll is ONE {@code squeue} call whatever the number of jobs; it also gives a
 * finished job's exit code, so sacct (and an accounting database) is needed only to explain a failure.
 *
 * <p>Status comes from squeue's text output, never {@code --json} (in 22.05 it ignores {@code -j} and {@code -t},
 * and its schema changes in 23.x). Each field ends in {@code |} ({@code -O 'JobID:|,...'}: no padding, no
 * truncation), and the free-text Reason comes last, so a {@code |} inside it cannot shift the other fields.
 */
public final class SlurmDialect implements QueueDialect {
    /** Job ids per scancel call, so the command line stays far below the kernel's argument limit. */
    public static final int CANCEL_BATCH = 100;

    private static final Pattern PARSABLE_ID = Pattern.compile("([0-9]+)(?:;.*)?");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    /**
     * TIMEOUT, OUT_OF_MEMORY and DEADLINE are Slurm's verdicts on the job: a rerun meets them again. CANCELLED is not:
     * scancel of one worker, an admin or a drain is not the task's fault (the worker's exit note says it was stopped
     * from outside), so its chunk runs again within its resubmissions; stopping the map is the process node's job.
     */
    private static final Set<String> FINAL_STATES = Set.of("TIMEOUT", "OUT_OF_MEMORY", "DEADLINE");
    /**
     * What Slurm's clients print when slurmctld does not answer (22.05, see the test samples): {@code Unable to
     * contact slurm controller (connect failure)} while it is stopped, socket time-outs and empty replies while it
     * starts or is overloaded.
     */
    private static final List<String> UNREACHABLE = List.of("Unable to contact slurm controller",
            "Socket timed out", "Zero Bytes were transmitted", "Connection refused", "Communication connection failure",
            "Slurm backup controller in standby mode");

    /** Element ids are {@code ID_T}; each element finds its index in {@code SLURM_ARRAY_TASK_ID}, its job in {@code SLURM_ARRAY_JOB_ID}. */
    static final Flavour FLAVOUR = new Flavour("slurm", "Slurm", QueueTools.SLURM_PROGRAMS,
            List.of("sbatch", "squeue", "scancel"), // sacct is optional: only explain uses it
            "/opt/slurm/bin/", '_', "element",
            "below the cluster's MaxArraySize, see scontrol show config | grep MaxArraySize",
            "slurmctld may be overloaded or unreachable (scontrol ping)",
            true, // scancel exits 0 for unknown and finished jobs and says nothing: squeue must confirm
            "scancel -v ID says why (e.g. another user's job); cancel them by hand",
            "check them with scontrol show job ID (a job stuck COMPLETING waits for its processes to exit on the"
                    + " node)",
            // an element's SLURM_JOB_ID is its own number; squeue names it ARRAYJOB_INDEX
            List.of("QMR_TASK_INDEX=\"${SLURM_ARRAY_TASK_ID:-}\"", "QMR_JOB_ID=\"${SLURM_JOB_ID:-}\"",
                    "if [ -n \"${SLURM_ARRAY_JOB_ID:-}\" ] && [ -n \"$QMR_TASK_INDEX\" ]; then"
                            + " QMR_JOB_ID=\"${SLURM_ARRAY_JOB_ID}_$QMR_TASK_INDEX\"; fi"));

    private final SlurmOptions options;

    /** The dialect submitting with the given site options; too little memory for a JVM fails here. */
    public SlurmDialect(SlurmOptions options) {
        SlurmMemory.jvmOptions(options.mem());
        this.options = options;
    }

    /** {@code --time} as requested. */
    @Override
    public java.time.Duration walltime() {
        return io.github.qmr.runtime.queue.Walltime.slurm(options.time());
    }

    @Override
    public SlurmOptions options() {
        return options;
    }

    @Override
    public Flavour flavour() {
        return FLAVOUR;
    }

    @Override
    public SlurmDialect withRequest(Request request) {
        return new SlurmDialect(SlurmRequests.requested(options, request));
    }

    /** From {@link SlurmOptions#maxArraySize()}: 1000 (Slurm's default MaxArraySize is 1001) unless configured. */
    @Override
    public int maxArraySize() {
        return options.maxArraySize();
    }

    /** An -Xmx that fits the job's {@code --mem}; see {@link SlurmMemory} for the rule. */
    @Override
    public List<String> workerJvmOptions() {
        return SlurmMemory.jvmOptions(options.mem());
    }

    /** TIMEOUT, OUT_OF_MEMORY and DEADLINE are Slurm's verdicts on the job: a rerun meets them again. */
    @Override
    public boolean mayResubmit(JobStatus ended) {
        return !FINAL_STATES.contains(ended.queueState());
    }

    /** sacct's line in the {@link #explain} text of a job ended TIMEOUT: how long it ran, and where. */
    private static final Pattern TIMED_OUT_RAN = Pattern.compile("(?m)^sacct (?:-c )?-j \\S+: TIMEOUT,[^\n]*, "
            + SlurmAccounting.RAN + "([^,\n]+)");

    /**
     * Slurm's own verdict: {@code OUT_OF_MEMORY} (its cgroup's memory limit) or {@code TIMEOUT} ({@code --time}),
     * with what the job ran where sacct's line in the {@link #explain} text says it.
     */
    @Override
    public ResourceKill resourceKill(JobStatus ended, String explanation) {
        String state = ended == null ? null : ended.queueState();
        if ("OUT_OF_MEMORY".equals(state)) {
            return new ResourceKill(ResourceKill.Kind.MEMORY, null, options.mem() == null ? null
                    : "--mem=" + options.mem());
        }
        if ("TIMEOUT".equals(state)) {
            Matcher ran = TIMED_OUT_RAN.matcher(explanation == null ? "" : explanation);
            return new ResourceKill(ResourceKill.Kind.TIME, ran.find() ? ran.group(1).strip() : null,
                    options.time() == null ? null
                    : "--time=" + options.time());
        }
        return null;
    }

    /** {@code --mem} and {@code --time} of the site options. */
    @Override
    public Request siteRequest() {
        return new Request(options.mem() == null ? null : SlurmMemory.parse(options.mem()) << 20,
                Walltime.slurm(options.time()));
    }

    /** See {@link SlurmRequests#granted}. */
    @Override
    public java.time.Duration grantedWalltime(java.time.Duration requested) {
        return SlurmRequests.granted(requested);
    }

    @Override
    public String requestText(ResourceKill.Kind kind, Request request) {
        if (kind == ResourceKill.Kind.MEMORY) {
            return request.memoryBytes() != null ? "--mem=" + Request.mebibytes(request.memoryBytes())
                    : options.mem() == null ? null : "--mem=" + options.mem();
        }
        return request.walltime() != null ? "--time=" + Request.hms(request.walltime())
                : options.time() == null ? null : "--time=" + options.time();
    }

    @Override
    public String requestSetting(ResourceKill.Kind kind) {
        return kind == ResourceKill.Kind.MEMORY ? "memory (the goal's <memory>, or JobRequest.memory; --mem on Slurm)"
                : "walltime (the goal's <walltime>, or JobRequest.walltime; --time on Slurm)";
    }

    /** An -Xmx that fits the request's {@code --mem}. */
    @Override
    public List<String> workerJvmOptions(Request request) {
        return request.memoryBytes() == null ? workerJvmOptions()
                : SlurmMemory.jvmOptions(Request.mebibytes(request.memoryBytes()));
    }

    // ---------------------------------------------------------------------------------------------- submit

    /**
     * The sbatch argv for one job: {@code sbatch --parsable --job-name=NAME --output=OUT --error=ERR
     * --open-mode=append --chdir=DIR [site options] script args...}. sbatch copies the script at submission and
     * runs it by its {@code #!} line (it refuses a script without one); the arguments after it reach the script
     * unchanged. {@code --open-mode=append} keeps every attempt's output, as on SGE (Slurm truncates by default).
     */
    @Override
    public List<String> submitArgs(JobSpec job) {
        return submit(SlurmRequests.attempt(options, job.request()), job.name(), job.stdout(), job.stderr(), job.workingDir(),
                null, job.script(), job.args());
    }

    /**
     * The sbatch argv for an array job of elements {@code 1..size}: {@link #submitArgs}' options plus {@code
     * --array=1-size}, with {@code %limit} if {@link SlurmOptions#maxRunningTasks()} is set. Each element finds its
     * index in {@code SLURM_ARRAY_TASK_ID}; all append to the same stdout/stderr files, as qmr's launcher redirects
     * per element itself.
     */
    @Override
    public List<String> arraySubmitArgs(ArrayJobSpec job) {
        String array = "--array=1-" + job.size()
                + (options.maxRunningTasks() > 0 ? "%" + options.maxRunningTasks() : "");
        return submit(options, job.name(), job.stdout(), job.stderr(), job.workingDir(), array, job.script(),
                job.args());
    }

    private static List<String> submit(SlurmOptions opts, String name, Path stdout, Path stderr, Path workingDir,
            String array, Path script, List<String> args) {
        List<String> argv = new ArrayList<>(List.of("sbatch", "--parsable", "--job-name=" + name,
                "--output=" + outputPattern(name, "stdout", stdout), "--error=" + outputPattern(name, "stderr", stderr),
                "--open-mode=append", "--chdir=" + workingDir));
        if (array != null) {
            argv.add(array);
        }
        if (opts.partition() != null) {
            argv.add("--partition=" + opts.partition());
        }
        if (opts.time() != null) {
            argv.add("--time=" + opts.time());
        }
        if (opts.mem() != null) {
            argv.add("--mem=" + opts.mem());
        }
        if (opts.cpusPerTask() > 0) {
            argv.add("--cpus-per-task=" + opts.cpusPerTask());
        }
        if (opts.account() != null) {
            argv.add("--account=" + opts.account());
        }
        argv.addAll(opts.extraArgs());
        argv.add(script.toString());
        argv.addAll(args);
        return argv;
    }

    /**
     * sbatch reads {@code --output}/{@code --error} as file name patterns: {@code %j}, {@code %x}... are replaced
     * and {@code %%} is a literal {@code %}. A backslash changes how the rest is read (the job then fails to open
     * the file, measured on 22.05), so a path with one is refused.
     */
    static String outputPattern(String name, String which, Path path) {
        String text = path.toString();
        if (text.contains("\\")) {
            throw new QueueException("cannot submit job " + name + ": its " + which + " file " + text
                    + " contains a backslash, which sbatch reads as part of a file name pattern; use a work dir"
                    + " without one");
        }
        return text.replace("%", "%%");
    }

    /**
     * The job id from {@code sbatch --parsable}: {@code 123}, or {@code 123;cluster} on a multi-cluster site. Lines
     * before the last are ignored, as some sites' wrappers print notices there.
     */
    @Override
    public String parseJobId(String parsableOutput) {
        String last = QueueDialect.lastLine(parsableOutput);
        Matcher m = PARSABLE_ID.matcher(last);
        if (!m.matches()) {
            throw new QueueException("sbatch --parsable printed no job id; expected a number like 123 or 123;cluster,"
                    + " got: " + (parsableOutput.isBlank() ? "(nothing)" : "'" + parsableOutput.strip() + "'")
                    + "; check that sbatch is Slurm's");
        }
        return m.group(1);
    }

    // ---------------------------------------------------------------------------------------------- status

    /**
     * All of the user's jobs, finished ones included ({@code -t all}: they stay listed for MinJobAge, 300 s by
     * default, with their exit code), one line per array element ({@code -r}). One call for a whole session; unlike
     * {@code -j IDS} it does not fail when one of the ids has aged out ("Invalid job id specified").
     */
    @Override
    public List<String> statusArgs() {
        return List.of("squeue", "--me", "-r", "-h", "-t", "all", "-O", Squeue.FORMAT);
    }

    private static JobId parse(String jobId) {
        return FLAVOUR.parseId(jobId);
    }

    /** The user's jobs of one name in the same format, to find a job an sbatch that failed may have submitted. */
    @Override
    public List<String> jobNamedArgs(String name) {
        return List.of("squeue", "--me", "-r", "-h", "-t", "all", "--name=" + name, "-O", Squeue.FORMAT);
    }

    /**
     * The id of a job of this name that is not yet ended, or null. Ended ones do not count: an earlier, cancelled
     * attempt of the same chunk has the same name.
     */
    @Override
    public String parseJobNamed(String output, String name) {
        for (SqueueEntry e : Squeue.parse(output)) {
            if (!SlurmStates.isTerminal(e.state())) {
                return e.arrayJobId(); // a job's own id, or an array's base id
            }
        }
        return null;
    }

    /**
     * The user's jobs with their names, one line a job or pending group ({@code ArrayJobID} is a plain job's own id
     * and an array's base id): {@code --name} takes whole names only, so the prefix is matched here.
     */
    @Override
    public List<String> jobsWithNamesArgs() {
        return List.of("squeue", "--me", "-h", "-t", "all", "-O", "ArrayJobID:|,State:|,Name:|");
    }

    @Override
    public List<String> parseJobsNamedFrom(String output, String prefix) {
        List<String> ids = new ArrayList<>();
        for (String line : output.split("\n")) {
            String[] f = line.strip().split("\\|", 3);
            if (f.length == 3 && DIGITS.matcher(f[0]).matches() && !SlurmStates.isTerminal(f[1])
                    && f[2].startsWith(prefix) && !ids.contains(f[0])) {
                ids.add(f[0]);
            }
        }
        return ids;
    }

    @Override
    public Listing parseStatus(String output) {
        return new SqueueListing(Squeue.parse(output));
    }

    // ---------------------------------------------------------------------------------------------- cancel

    /**
     * scancel argvs for the given ids, at most {@link #CANCEL_BATCH} each; array elements ({@code 123_4}) and whole
     * arrays ({@code 123}) alike. scancel exits 0 for unknown or finished jobs, so the caller checks squeue after.
     */
    @Override
    public List<List<String>> deleteArgs(List<String> jobIds) {
        return QueueDialect.inBatches("scancel", jobIds, CANCEL_BATCH);
    }

    /** scancel prints nothing about the ids it did cancel: only an exit 0 counts, and squeue confirms it. */
    @Override
    public Set<String> deleted(List<String> batch, CommandResult result) {
        return result.ok() ? Set.copyOf(batch) : Set.of();
    }

    // ---------------------------------------------------------------------------------------------- explain

    /** See {@link SlurmAccounting#usage}. */
    @Override
    public java.util.Map<String, io.github.qmr.runtime.queue.JobUsage> usage(List<JobId> ids, String namePrefix,
            Function<List<String>, CommandResult> run) {
        return SlurmAccounting.usage(ids, run);
    }

    /** See {@link SlurmAccounting#explain}. */
    @Override
    public String explain(JobId id, Function<List<String>, CommandResult> run) {
        return SlurmAccounting.explain(id, run);
    }

    // ---------------------------------------------------------------------------------------------- failures

    /**
     * slurmctld could not be reached: a client's message says so ({@link #UNREACHABLE}), or the call ran past its
     * timeout. The exit status alone does not tell (squeue and sbatch exit 1, scancel 1 or 8, for any error).
     */
    @Override
    public boolean isUnreachable(CommandResult result) {
        if (result.timedOut()) {
            return true;
        }
        String output = result.stdout() + "\n" + result.stderr();
        return UNREACHABLE.stream().anyMatch(output::contains);
    }

    /**
     * Whether a failed command's output says only that slurmctld was busy or unreachable, nothing about the request:
     * then it may have been done anyway, and trying again later can succeed.
     */
    @Override
    public boolean isTransient(String output) {
        return UNREACHABLE.stream().anyMatch(output::contains)
                || output.contains("Slurm temporarily unable to accept job");
    }

    /**
     * What to do about a failed Slurm command, from its output (22.05's messages); "" when nothing known matches.
     * The caller shows it after the command's diagnostic block.
     */
    @Override
    public String hint(String output) {
        return SlurmHints.hint(output);
    }

    @Override
    public boolean isJobLimit(String output) {
        // MaxSubmitJobs of the user's association or QOS (sacctmgr): QOSMaxSubmitJobPerUserLimit,
        // AssocMaxSubmitJobLimit and the like, said by sbatch as a policy violation
        return output.contains("MaxSubmitJob") || output.contains("job submit limit");
    }

}
