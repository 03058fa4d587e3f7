package io.github.qmr.runtime.queue.slurm;

import io.github.qmr.runtime.process.CommandResult;
import io.github.qmr.runtime.queue.ArrayJobSpec;
import io.github.qmr.runtime.queue.Flavour;
import io.github.qmr.runtime.queue.JobId;
import io.github.qmr.runtime.queue.JobSpec;
import io.github.qmr.runtime.queue.JobState;
import io.github.qmr.runtime.queue.JobStatus;
import io.github.qmr.runtime.queue.QueueDialect;
import io.github.qmr.runtime.queue.QueueException;
import io.github.qmr.runtime.queue.QueueTools;
import io.github.qmr.runtime.queue.Request;
import io.github.qmr.runtime.queue.RequestConflict;
import io.github.qmr.runtime.queue.ResourceKill;
import io.github.qmr.runtime.queue.Walltime;
import io.github.qmr.runtime.queue.TaskRange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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

    /** squeue's fields, in the order {@link #parseSqueue} reads them; {@code exit_code} is the raw wait status. */
    static final String SQUEUE_FORMAT = "JobID:|,ArrayJobID:|,ArrayTaskID:|,State:|,exit_code:|,Reason:|";
    /** sacct's fields, in the order {@link #parseSacct} reads them. */
    static final String SACCT_FORMAT = "JobID,JobName,State,ExitCode,Reason";

    /**
     * qmr's state for each Slurm job state (squeue's {@code State}, sacct's first word). Slurm's own base states and
     * flags, 22.05. A state not in the table is PENDING, so an unknown state never ends a job early; a job that
     * really ended leaves squeue after MinJobAge and the result file decides.
     */
    static final Map<String, JobState> STATES = Map.ofEntries(
            // waiting: queued, or held/suspended until someone acts, as SGE's hqw and s are PENDING
            Map.entry("PENDING", JobState.PENDING),
            Map.entry("REQUEUED", JobState.PENDING), // Slurm runs it again by itself
            Map.entry("REQUEUE_FED", JobState.PENDING),
            Map.entry("REQUEUE_HOLD", JobState.PENDING), // on its way to a deliberate hold (scontrol requeuehold)
            Map.entry("RESV_DEL_HOLD", JobState.PENDING),
            Map.entry("SUSPENDED", JobState.PENDING),
            Map.entry("STOPPED", JobState.PENDING),
            Map.entry("REVOKED", JobState.PENDING), // federation: a sibling cluster runs it; the result file decides
            // holding a node: running, starting, or still exiting (the result file may already be complete)
            Map.entry("RUNNING", JobState.RUNNING),
            Map.entry("CONFIGURING", JobState.RUNNING),
            Map.entry("COMPLETING", JobState.RUNNING),
            Map.entry("SIGNALING", JobState.RUNNING),
            Map.entry("STAGE_OUT", JobState.RUNNING),
            Map.entry("RESIZING", JobState.RUNNING),
            // the queue failed the job, not the worker: running it again can succeed, so qmr cancels and resubmits
            Map.entry("SPECIAL_EXIT", JobState.ERROR), // held after a RequeueExitHold exit code, like SGE's Eqw
            Map.entry("NODE_FAIL", JobState.ERROR),
            Map.entry("BOOT_FAIL", JobState.ERROR),
            Map.entry("PREEMPTED", JobState.ERROR), // preempted and not requeued by Slurm
            // ended: the exit code tells how; the same request would end the same way, so no resubmission
            Map.entry("COMPLETED", JobState.FINISHED),
            Map.entry("FAILED", JobState.FINISHED), // non-zero exit, a signal, or a launch failure
            Map.entry("CANCELLED", JobState.FINISHED), // by a user or admin, as a qdel'ed SGE job
            Map.entry("TIMEOUT", JobState.FINISHED),
            Map.entry("OUT_OF_MEMORY", JobState.FINISHED),
            Map.entry("DEADLINE", JobState.FINISHED));

    /** States after which Slurm does nothing more with the job (squeue lists it until MinJobAge passes). */
    private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT",
            "OUT_OF_MEMORY", "DEADLINE", "NODE_FAIL", "BOOT_FAIL", "PREEMPTED", "REVOKED");

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
    public Flavour flavour() {
        return FLAVOUR;
    }

    @Override
    public SlurmDialect withRequest(Request request) {
        return new SlurmDialect(requested(options, request));
    }

    /**
     * The map's structured request merged into the site options, pure: memory is {@code --mem}, walltime
     * {@code --time}, cpus {@code --cpus-per-task}, partition {@code --partition}, account {@code --account}; the
     * submit arguments follow the site's extra arguments.
     *
     * @throws RequestConflict if a part is also set in the site options, or is too little for a worker
     */
    public static SlurmOptions requested(SlurmOptions site, Request request) {
        if (request.isEmpty()) {
            return site;
        }
        SlurmOptions o = site;
        if (request.memoryBytes() != null) {
            both("memory", "mem", site.mem());
            if (request.memoryBytes() < SlurmMemory.MIN_MIB << 20) {
                throw new RequestConflict("memory", "is " + Request.mebibytes(request.memoryBytes()) + ", too little"
                        + " for a worker JVM on Slurm, which needs about 192M besides its heap", "request at least "
                        + SlurmMemory.MIN_MIB + "M");
            }
            o = o.withMem(Request.mebibytes(request.memoryBytes()));
        }
        if (request.walltime() != null) {
            both("walltime", "time", site.time());
            o = o.withTime(Request.hms(request.walltime()));
        }
        if (request.cpus() != null) {
            both("cpus", "cpus-per-task", site.cpusPerTask() == 0 ? null : Integer.toString(site.cpusPerTask()));
            o = o.withCpusPerTask(request.cpus());
        }
        if (request.partition() != null) {
            both("partition", "partition", site.partition());
            o = o.withPartition(request.partition());
        }
        if (request.account() != null) {
            both("account", "account", site.account());
            o = o.withAccount(request.account());
        }
        List<String> extra = new java.util.ArrayList<>(site.extraArgs());
        extra.addAll(request.extraArgs());
        return o.withExtraArgs(extra);
    }

    private static void both(String setting, String option, String siteValue) {
        if (siteValue != null) {
            throw new RequestConflict(setting, "and the Slurm option --" + option + "=" + siteValue + " (the goal's"
                    + " <resources>, or SlurmOptions) are both set", "keep one");
        }
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

    /** Slurm's own verdict: {@code OUT_OF_MEMORY} (its cgroup's memory limit) or {@code TIMEOUT} ({@code --time}). */
    @Override
    public ResourceKill resourceKill(JobStatus ended, String explanation) {
        String state = ended == null ? null : ended.queueState();
        if ("OUT_OF_MEMORY".equals(state)) {
            return new ResourceKill(ResourceKill.Kind.MEMORY, null, options.mem() == null ? null
                    : "--mem=" + options.mem());
        }
        if ("TIMEOUT".equals(state)) {
            return new ResourceKill(ResourceKill.Kind.TIME, null, options.time() == null ? null
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

    /** The site options with an attempt's own requests in place of their {@code --mem} and {@code --time}. */
    static SlurmOptions attempt(SlurmOptions options, Request request) {
        SlurmOptions o = options;
        if (request.memoryBytes() != null) {
            o = o.withMem(Request.mebibytes(request.memoryBytes()));
        }
        if (request.walltime() != null) {
            o = o.withTime(Request.hms(request.walltime()));
        }
        return o;
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
        return submit(attempt(options, job.request()), job.name(), job.stdout(), job.stderr(), job.workingDir(),
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
        return List.of("squeue", "--me", "-r", "-h", "-t", "all", "-O", SQUEUE_FORMAT);
    }

    /** One job or element in the same format, for {@link #explain}; exits 1 once Slurm forgot the job. */
    public static List<String> squeueArgs(String jobId) {
        return List.of("squeue", "-r", "-h", "-t", "all", "-j", parse(jobId).toString(), "-O", SQUEUE_FORMAT);
    }

    private static JobId parse(String jobId) {
        return FLAVOUR.parseId(jobId);
    }

    /** The user's jobs of one name in the same format, to find a job an sbatch that failed may have submitted. */
    @Override
    public List<String> jobNamedArgs(String name) {
        return List.of("squeue", "--me", "-r", "-h", "-t", "all", "--name=" + name, "-O", SQUEUE_FORMAT);
    }

    /**
     * The id of a job of this name that is not yet ended, or null. Ended ones do not count: an earlier, cancelled
     * attempt of the same chunk has the same name.
     */
    @Override
    public String parseJobNamed(String output, String name) {
        for (SqueueEntry e : parseSqueue(output)) {
            if (!isTerminal(e.state())) {
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
            if (f.length == 3 && DIGITS.matcher(f[0]).matches() && !isTerminal(f[1])
                    && f[2].startsWith(prefix) && !ids.contains(f[0])) {
                ids.add(f[0]);
            }
        }
        return ids;
    }

    @Override
    public Listing parseStatus(String output) {
        return new SqueueListing(parseSqueue(output));
    }

    /** squeue's lines by the ids qmr uses, plus pending element groups and arrays by their base id. */
    static final class SqueueListing implements Listing {
        private final List<SqueueEntry> entries;
        private final Map<String, SqueueEntry> byId = new HashMap<>();
        private final Map<String, List<SqueueEntry>> byArray = new HashMap<>();

        SqueueListing(List<SqueueEntry> entries) {
            this.entries = entries;
            for (SqueueEntry e : entries) {
                String id = e.qmrId();
                if (id != null) {
                    byId.put(id, e);
                }
                if (e.isArray()) {
                    byArray.computeIfAbsent(e.arrayJobId(), k -> new ArrayList<>()).add(e);
                }
            }
        }

        List<SqueueEntry> entriesOf(JobId id) {
            SqueueEntry exact = byId.get(id.toString());
            if (exact != null) {
                return List.of(exact);
            }
            List<SqueueEntry> array = byArray.getOrDefault(id.number(), List.of());
            if (!id.isElement()) {
                return array; // a whole array by its base id
            }
            for (SqueueEntry e : array) {
                if (e.qmrId() == null && coversTask(e, id.element())) {
                    return List.of(e);
                }
            }
            return List.of();
        }

        /** A finished job is FINISHED with the exit code squeue reports. */
        @Override
        public JobStatus statusOf(JobId id) {
            List<SqueueEntry> of = entriesOf(id);
            return of.isEmpty() ? null : aggregate(of);
        }

        /** COMPLETING counts as ending: scancel has signalled it and Slurm is ending it. */
        @Override
        public List<String> notEnding(JobId id) {
            List<String> notEnding = new ArrayList<>();
            for (SqueueEntry e : entriesOf(id)) {
                if (!isTerminal(e.state()) && !e.state().equals("COMPLETING")) {
                    notEnding.add(id + " (" + e.state() + ")");
                }
            }
            return notEnding;
        }

        /** Ended jobs stay listed by {@code squeue -t all} until MinJobAge; they do not count. */
        @Override
        public Set<String> active(Set<String> jobNumbers) {
            Set<String> listed = new LinkedHashSet<>();
            for (SqueueEntry e : entries) {
                if ((jobNumbers.contains(e.arrayJobId()) || jobNumbers.contains(e.jobId())) && !isTerminal(e.state())) {
                    listed.add((e.qmrId() == null ? e.arrayJobId() + "_[" + e.arrayTasks() + "]" : e.qmrId()) + " ("
                            + e.state() + ")");
                }
            }
            return listed;
        }

        /** One job's status; for a whole array asked by its base id, its elements' states rolled up. */
        private static JobStatus aggregate(List<SqueueEntry> entries) {
            return JobStatus.rollUp(entries.stream().map(e -> {
                JobState state = stateOf(e.state());
                return state == JobState.FINISHED ? new JobStatus(state, e.state(), e.exitCode())
                        : JobStatus.of(state, e.state());
            }).toList());
        }
    }

    /**
     * Reads the output of {@link #squeueArgs()}: {@code JobID|ArrayJobID|ArrayTaskID|State|exit_code|Reason|} per
     * line. Blank output counts as no jobs.
     *
     * @throws QueueException if a line does not have that shape
     */
    public static List<SqueueEntry> parseSqueue(String output) {
        List<SqueueEntry> entries = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.strip().split("\\|", 6);
            if (f.length < 6 || !DIGITS.matcher(f[0]).matches() || !DIGITS.matcher(f[1]).matches()
                    || !DIGITS.matcher(f[4]).matches() || f[3].isEmpty()) {
                throw new QueueException("cannot read squeue's line '" + line.strip() + "'; expected"
                        + " JobID|ArrayJobID|ArrayTaskID|State|exit_code|Reason| as asked by -O " + SQUEUE_FORMAT
                        + "; is this Slurm's squeue (22.05 or later)?");
            }
            String reason = f[5].endsWith("|") ? f[5].substring(0, f[5].length() - 1) : f[5];
            entries.add(new SqueueEntry(f[0], f[1], f[2], f[3], Integer.parseInt(f[4]), reason));
        }
        return entries;
    }

    /**
     * Whether a line stands for array element {@code task}: its own index, or a pending group such as {@code 3-6},
     * {@code 3,5-9:2} or {@code 3-6%2} ({@code %2}: at most 2 running at once), as squeue prints without {@code -r}.
     */
    public static boolean coversTask(SqueueEntry entry, int task) {
        if (!entry.isArray()) {
            return false;
        }
        String tasks = entry.arrayTasks();
        int percent = tasks.indexOf('%');
        if (percent >= 0) {
            tasks = tasks.substring(0, percent);
        }
        try {
            return TaskRange.parseList(tasks).stream().anyMatch(range -> range.contains(task));
        } catch (IllegalArgumentException e) {
            throw new QueueException("squeue listed array job " + entry.arrayJobId() + " with elements '"
                    + entry.arrayTasks() + "', not a list like 1,3-5%2 (" + e.getMessage() + ")", e);
        }
    }

    /**
     * qmr's state for a Slurm state; see {@link #STATES} for the table and why. Reads squeue's {@code CANCELLED}
     * and sacct's {@code CANCELLED by 0} alike; unknown states are PENDING.
     */
    public static JobState stateOf(String slurmState) {
        return STATES.getOrDefault(baseState(slurmState), JobState.PENDING);
    }

    /** Whether Slurm is done with a job in this state: it will not run, and scancel has nothing left to do. */
    public static boolean isTerminal(String slurmState) {
        return TERMINAL.contains(baseState(slurmState));
    }

    private static String baseState(String slurmState) {
        String s = slurmState.strip();
        int space = s.indexOf(' ');
        return space < 0 ? s : s.substring(0, space);
    }

    /**
     * The exit code a raw wait status (squeue's {@code exit_code}) stands for: the exit status ({@code 768} is exit
     * 3), or {@code 128 + signal} for a job ended by a signal ({@code 9} is 137), as a shell reports it.
     */
    public static int exitCode(int waitStatus) {
        int signal = waitStatus & 0x7f;
        return signal == 0 ? (waitStatus >> 8) & 0xff : 128 + signal;
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

    /**
     * What Slurm can tell about a job: its line in squeue (state, reason, exit code, while the controller still
     * lists it) and its record in sacct (state, exit code, reason), from the accounting database or, on a site
     * without one, the job completion log ({@code sacct -c}). A command that fails or is missing adds nothing; "" if
     * nothing is known.
     */
    @Override
    public String explain(JobId id, Function<List<String>, CommandResult> run) {
        List<String> lines = new ArrayList<>();
        CommandResult squeue = run.apply(squeueArgs(id.toString()));
        if (squeue != null && squeue.ok()) {
            try {
                for (SqueueEntry e : new SqueueListing(parseSqueue(squeue.stdout())).entriesOf(id)) {
                    String exit = isTerminal(e.state()) || e.waitStatus() != 0 ? ", exit code " + e.exitCode() : "";
                    lines.add("squeue -j " + id + ": " + e.state() + ", reason " + e.reason() + exit);
                }
            } catch (QueueException e) {
                // an unreadable answer adds nothing to an explanation
            }
        }
        boolean completionLog = false;
        CommandResult sacct = run.apply(sacctArgs(id.toString(), false));
        if (sacct != null && !sacct.ok() && accountingDisabled(sacct.stdout() + sacct.stderr())) {
            completionLog = true;
            sacct = run.apply(sacctArgs(id.toString(), true));
        }
        if (sacct != null && sacct.ok()) {
            List<SacctRecord> records = parseSacct(sacct.stdout()).stream()
                    .filter(r -> r.jobId().equals(id.toString())).toList();
            if (!records.isEmpty()) {
                SacctRecord last = records.get(records.size() - 1);
                lines.add((completionLog ? "sacct -c -j " : "sacct -j ") + id + ": " + last.state() + ", "
                        + describeExitCode(last.exitCode())
                        + (last.reason().isEmpty() || last.reason().equals("None") ? "" : ", reason " + last.reason())
                        + (records.size() > 1 ? " (last of " + records.size() + " records)" : ""));
            }
        }
        return String.join("\n", lines);
    }

    /**
     * sacct's record of one job or element: {@code sacct -X -P -n -j ID -o JobID,JobName,State,ExitCode,Reason}, from
     * the accounting database; with {@code completionLog}, {@code -c} reads the job completion log instead
     * (jobcomp/filetxt, for sites without slurmdbd; it has no reason). Never {@code --json}.
     */
    public static List<String> sacctArgs(String jobId, boolean completionLog) {
        List<String> argv = new ArrayList<>(List.of("sacct"));
        if (completionLog) {
            argv.add("-c");
        }
        argv.addAll(List.of("-X", "-P", "-n", "-j", parse(jobId).toString(), "-o", SACCT_FORMAT));
        return argv;
    }

    /** Whether sacct failed only because the site keeps no accounting database (then try {@code sacct -c}). */
    public static boolean accountingDisabled(String output) {
        return output.contains("accounting storage is disabled");
    }

    /** Reads {@code sacct -P -n -o JobID,JobName,State,ExitCode,Reason}: one record per line, oldest first. */
    public static List<SacctRecord> parseSacct(String output) {
        List<SacctRecord> records = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\\|", 5);
            if (f.length < 4) {
                continue; // not a record of the format asked for (e.g. a notice); explain is best effort
            }
            records.add(new SacctRecord(f[0], f[1], f[2], f[3], f.length > 4 ? f[4].strip() : ""));
        }
        return records;
    }

    /** sacct's {@code exit:signal}, said in words: {@code 3:0} is "exit code 3", {@code 0:9} "signal 9". */
    public static String describeExitCode(String exitSignal) {
        String[] parts = exitSignal.split(":");
        if (parts.length != 2 || !DIGITS.matcher(parts[0]).matches() || !DIGITS.matcher(parts[1]).matches()) {
            return "exit code " + exitSignal;
        }
        return parts[1].equals("0") ? "exit code " + parts[0] : "signal " + parts[1];
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
    public boolean isJobLimit(String output) {
        // MaxSubmitJobs of the user's association or QOS (sacctmgr): QOSMaxSubmitJobPerUserLimit,
        // AssocMaxSubmitJobLimit and the like, said by sbatch as a policy violation
        return output.contains("MaxSubmitJob") || output.contains("job submit limit");
    }

    @Override
    public String hint(String output) {
        if (output.contains("Unable to contact slurm controller") || output.contains("Socket timed out")
                || output.contains("Connection refused") || output.contains("Zero Bytes were transmitted")) {
            return "slurmctld did not answer; check that it runs (scontrol ping) and that SLURM_CONF names this"
                    + " cluster's slurm.conf";
        }
        if (output.contains("Munge") || output.contains("munge") || output.contains("authentication")) {
            return "Slurm could not authenticate this process; check that munged runs here (munge -n | unmunge)"
                    + " and has the cluster's key";
        }
        if (output.contains("Invalid partition name")) {
            return "the partition does not exist; list them with sinfo -s and set another in qmr's Slurm settings"
                    + " (partition), or none for the default";
        }
        if (output.contains("Invalid account")) {
            return "the account is not one this user may charge; list them with sacctmgr show assoc user=$USER";
        }
        if (output.contains("Invalid job array specification")) {
            return "the array is larger than the cluster allows; lower maxArraySize in qmr's Slurm settings below"
                    + " the cluster's MaxArraySize (scontrol show config | grep MaxArraySize)";
        }
        if (output.contains("Requested node configuration is not available")
                || output.contains("Memory specification can not be satisfied")
                || output.contains("More processors requested than permitted")) {
            return "no node of the partition has that many CPUs or that much memory; compare the request with"
                    + " sinfo -o '%P %c %m' and lower cpusPerTask or mem";
        }
        if (output.contains("Invalid --time specification") || output.contains("Requested time limit")) {
            return "the time limit is malformed or above the partition's MaxTime; write it as minutes, H:MM:SS or"
                    + " D-HH:MM:SS (sinfo -o '%P %l' shows the limits)";
        }
        if (output.contains("does not look like a batch script")) {
            return "sbatch runs only scripts whose first line is #! and an interpreter, e.g. #!/bin/sh";
        }
        if (output.contains("QOSMax") || output.contains("AssocMax") || output.contains("job submit limit")
                || output.contains("Job violates accounting/QOS policy")) {
            return "a limit of the account or QOS refuses more jobs; use job arrays, fewer chunks, or ask the"
                    + " admins (sacctmgr show qos)";
        }
        return "";
    }
}
