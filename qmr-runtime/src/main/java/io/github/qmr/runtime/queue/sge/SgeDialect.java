package io.github.qmr.runtime.queue.sge;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Son of Grid Engine's command lines and output formats (checked against 8.1.9), as pure functions: no I/O, so
 * each is tested against captured real output with no SGE running. The argv lists start with the bare program
 * name ({@code qsub}, {@code qstat}, ...); {@link io.github.qmr.runtime.queue.CommandLineQueue} runs them.
 *
 * <p>Job ids: {@code 123} for a job, {@code 320.2} for task 2 of array job 320, so one poll reports each array task
 * on its own; ids pass to qdel unchanged. A poll is ONE {@code qstat -xml} call whatever the number of jobs.
 */
public final class SgeDialect implements QueueDialect {
    /** Job ids per qdel call, so the command line stays far below the kernel's argument limit. */
    public static final int DELETE_BATCH = 100;
    /** SGE rejects longer job names. */
    static final int MAX_NAME_LENGTH = 511;

    private static final Set<String> RESERVED_NAMES = Set.of("ALL", "NONE", "TEMPLATE");
    private static final Pattern TERSE_ID = Pattern.compile("([0-9]+)(?:\\.[0-9]+-[0-9]+:[0-9]+)?");

    /** Array task ids are {@code N.T}; each task finds its number in {@code SGE_TASK_ID}, its job in {@code JOB_ID}. */
    static final Flavour FLAVOUR = new Flavour("sge", "SGE", QueueTools.SGE_PROGRAMS,
            List.of("qsub", "qstat", "qdel"), // qacct is optional: only explain uses it
            "$SGE_ROOT/bin/lx-amd64/", '.', "task", "not above the cluster's max_aj_tasks, see qconf -sconf",
            "the qmaster may be overloaded or unreachable",
            false, // qdel's exit status and output say what it did
            "check them with qstat -j ID and delete them with qdel -f",
            "check them with qstat -j and delete them with qdel -f",
            // SGE_TASK_ID is "undefined" in a job that is not an array
            List.of("QMR_TASK_INDEX=\"${SGE_TASK_ID:-}\"",
                    "case \"$QMR_TASK_INDEX\" in undefined) QMR_TASK_INDEX=;; esac",
                    "QMR_JOB_ID=\"${JOB_ID:-}${JOB_ID:+${QMR_TASK_INDEX:+.$QMR_TASK_INDEX}}\""));

    private final SgeOptions options;

    /** The dialect submitting with the given site options. */
    public SgeDialect(SgeOptions options) {
        this.options = options;
    }

    /** {@code h_rt}, else {@code s_rt}, of the resources requested. */
    @Override
    public java.time.Duration walltime() {
        String hard = options.resources().get("h_rt");
        return io.github.qmr.runtime.queue.Walltime.sge(hard != null ? hard : options.resources().get("s_rt"));
    }

    @Override
    public SgeOptions options() {
        return options;
    }

    @Override
    public Flavour flavour() {
        return FLAVOUR;
    }

    @Override
    public SgeDialect withRequest(Request request) {
        return new SgeDialect(SgeRequests.requested(options, request));
    }

    /** From {@link SgeOptions#maxArraySize()}: 75000 (SGE's default {@code max_aj_tasks}) unless configured. */
    @Override
    public int maxArraySize() {
        return options.maxArraySize();
    }

    /** An -Xmx that fits the job's {@code h_vmem}; see {@link SgeMemory} for the rule. */
    @Override
    public List<String> workerJvmOptions() {
        return SgeMemory.jvmOptions(options.resources());
    }

    // ---------------------------------------------------------------------------------------------- submit

    /**
     * The qsub argv for one job: {@code qsub -terse -N name -o stdout -e stderr -wd dir -S /bin/sh -b n -C ''
     * [site options] script args...}. {@code -b n} makes qsub send the script file itself with the job; {@code -b y}
     * would re-split the arguments through a shell on the exec host. {@code -C ''} stops qsub from reading lines
     * starting {@code #$} in the script as options: the launcher exports environment values, and a multi-line value
     * with such a line set qsub options on the real SGE (seen with {@code #$ -v}).
     */
    @Override
    public List<String> submitArgs(JobSpec job) {
        return submit(SgeRequests.attempt(options, job.request()), job.name(), job.stdout(), job.stderr(), job.workingDir(),
                List.of(), job.script(), job.args());
    }

    /**
     * The qsub argv for an array job of tasks {@code 1..size}: {@link #submitArgs}' options plus {@code -t 1-size}
     * and, if {@link SgeOptions#maxRunningTasks()} is set, {@code -tc}. Each task finds its number in
     * {@code SGE_TASK_ID}. All tasks append to the same stdout/stderr files (SGE would expand {@code $TASK_ID} in
     * them, but qmr's launcher redirects per element itself).
     */
    @Override
    public List<String> arraySubmitArgs(ArrayJobSpec job) {
        List<String> array = new ArrayList<>(List.of("-t", "1-" + job.size()));
        if (options.maxRunningTasks() > 0) {
            array.add("-tc");
            array.add(Integer.toString(options.maxRunningTasks()));
        }
        return submit(options, job.name(), job.stdout(), job.stderr(), job.workingDir(), array, job.script(),
                job.args());
    }

    private static List<String> submit(SgeOptions opts, String name, Path stdout, Path stderr, Path workingDir,
            List<String> arrayArgs, Path script, List<String> args) {
        checkName(name);
        List<String> argv = new ArrayList<>(List.of("qsub", "-terse", "-N", name,
                "-o", outputPath(name, "stdout", stdout.toString()),
                "-e", outputPath(name, "stderr", stderr.toString()),
                "-wd", workingDir.toString(), "-S", "/bin/sh", "-b", "n", "-C", ""));
        argv.addAll(arrayArgs);
        if (opts.queue() != null) {
            argv.add("-q");
            argv.add(opts.queue());
        }
        opts.resources().forEach((resource, value) -> {
            argv.add("-l");
            argv.add(resource + "=" + value);
        });
        if (opts.parallelEnv() != null) {
            argv.add("-pe");
            argv.add(opts.parallelEnv());
            argv.add(Integer.toString(opts.slots()));
        }
        if (opts.project() != null) {
            argv.add("-P");
            argv.add(opts.project());
        }
        argv.addAll(opts.extraArgs());
        argv.add(script.toString());
        argv.addAll(args);
        return argv;
    }

    /** The rules qsub applies to {@code -N}, beyond the characters {@link JobSpec} already allows. */
    static void checkName(String name) {
        if (name.length() > MAX_NAME_LENGTH) {
            throw new QueueException("job name " + name.substring(0, 40) + "... has " + name.length()
                    + " characters; SGE accepts at most " + MAX_NAME_LENGTH + ", use a shorter name");
        }
        if (RESERVED_NAMES.contains(name.toUpperCase(Locale.ROOT))) {
            throw new QueueException("job name '" + name + "' is reserved by SGE (ALL, NONE and TEMPLATE are);"
                    + " use another name");
        }
    }

    @Override
    public String workDirProblem(java.nio.file.Path workDir) {
        String path = workDir.toString();
        return path.contains(":") || path.contains(",") ? "the work dir " + path + " contains ':' or ',', which SGE's"
                + " qsub reads in an output path as host:path or a list; choose a work dir without them" : null;
    }

    /** qsub reads {@code -o}/{@code -e} as {@code [host:]path[,...]}, so a ':' or ',' would change the meaning. */
    private static String outputPath(String name, String which, String path) {
        if (path.contains(":") || path.contains(",")) {
            throw new QueueException("cannot submit job " + name + ": its " + which + " file " + path
                    + " contains ':' or ',', which qsub reads as host:path or a list; use a work dir without them");
        }
        return path;
    }

    /**
     * The job number from {@code qsub -terse}: {@code 123} for a job, {@code 320} from {@code 320.1-5:1} for an
     * array job. Lines before the last are ignored, as some sites' wrappers print notices there.
     */
    @Override
    public String parseJobId(String terseOutput) {
        String last = QueueDialect.lastLine(terseOutput);
        Matcher m = TERSE_ID.matcher(last);
        if (!m.matches()) {
            throw new QueueException("qsub -terse printed no job id; expected a number like 123 or 320.1-5:1,"
                    + " got: " + (terseOutput.isBlank() ? "(nothing)" : "'" + terseOutput.strip() + "'")
                    + "; check that qsub is Grid Engine's and not another scheduler's");
        }
        return m.group(1);
    }

    // ---------------------------------------------------------------------------------------------- status

    /** qstat lists the user's jobs with their names; one call answers both. */
    @Override
    public List<String> jobNamedArgs(String name) {
        return statusArgs();
    }

    /** qstat lists the user's jobs with their names (and no ended job). */
    @Override
    public List<String> jobsWithNamesArgs() {
        return statusArgs();
    }

    @Override
    public List<String> parseJobsNamedFrom(String output, String prefix) {
        return QstatXml.parse(output).stream().filter(e -> e.name().startsWith(prefix)).map(QstatEntry::jobNumber)
                .distinct().toList();
    }

    /** The number of a job in {@code qstat -xml} with exactly this name, or null. */
    @Override
    public String parseJobNamed(String output, String name) {
        for (QstatEntry entry : QstatXml.parse(output)) {
            if (entry.name().equals(name)) {
                return entry.jobNumber();
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------- status

    /** Lists the user's own jobs in every state (running, pending, held, error) as XML. */
    @Override
    public List<String> statusArgs() {
        return List.of("qstat", "-xml");
    }

    @Override
    public Listing parseStatus(String output) {
        return new QstatListing(QstatXml.parse(output));
    }

    // ---------------------------------------------------------------------------------------------- delete

    /**
     * qdel argvs deleting the given jobs, at most {@link #DELETE_BATCH} ids each. Ids may be array tasks
     * ({@code 320.2}), which qdel accepts as they are. Empty for no ids.
     */
    @Override
    public List<List<String>> deleteArgs(List<String> jobIds) {
        return QueueDialect.inBatches("qdel", jobIds, DELETE_BATCH);
    }

    /**
     * {@code qdel -f}: a plain qdel of a job whose host is gone leaves it in {@code dr} (or {@code dt}) until the host
     * answers again, for ever if it never does; the forced one removes it from the qmaster at once. Managers and
     * operators may always force; other users where {@code qmaster_params} has {@code ENABLE_FORCED_QDEL} (or
     * {@code ENABLE_FORCED_QDEL_IF_UNKNOWN}, which makes a plain qdel force on an unknown host).
     */
    @Override
    public List<List<String>> forcedDeleteArgs(List<String> jobIds) {
        List<List<String>> calls = QueueDialect.inBatches("qdel", jobIds, DELETE_BATCH);
        calls.forEach(argv -> argv.add(1, "-f"));
        return calls;
    }

    /** See {@link QdelOutput#deleted}. */
    @Override
    public Set<String> deleted(List<String> batch, CommandResult result) {
        return QdelOutput.deleted(batch, result);
    }

    // ---------------------------------------------------------------------------------------------- explain

    /** See {@link SgeAccounting#explain}. */
    @Override
    public String explain(JobId id, Function<List<String>, CommandResult> run) {
        return SgeAccounting.explain(id, run);
    }

    /** See {@link SgeAccounting#usage}. */
    @Override
    public java.util.Map<String, io.github.qmr.runtime.queue.JobUsage> usage(List<JobId> ids, String namePrefix,
            Function<List<String>, CommandResult> run) {
        return SgeAccounting.usage(ids, namePrefix, run);
    }

    /** See {@link SgeAccounting#resourceKill}. */
    @Override
    public ResourceKill resourceKill(JobStatus ended, String explanation) {
        return SgeAccounting.resourceKill(options, ended, explanation);
    }

    /** {@code h_vmem} and {@code h_rt} of the site options. */
    @Override
    public Request siteRequest() {
        String hvmem = options.resources().get("h_vmem");
        return new Request(hvmem == null ? null : SgeMemory.parse("h_vmem", hvmem),
                Walltime.sge(options.resources().get("h_rt")));
    }

    @Override
    public String requestText(ResourceKill.Kind kind, Request request) {
        if (kind == ResourceKill.Kind.MEMORY) {
            String site = options.resources().get("h_vmem");
            return request.memoryBytes() != null ? "h_vmem=" + Request.mebibytes(request.memoryBytes())
                    : site == null ? null : "h_vmem=" + site;
        }
        String site = options.resources().get("h_rt");
        return request.walltime() != null ? "h_rt=" + Request.hms(request.walltime())
                : site == null ? null : "h_rt=" + site;
    }

    @Override
    public String requestSetting(ResourceKill.Kind kind) {
        return kind == ResourceKill.Kind.MEMORY ? "memory (the goal's <memory>, or JobRequest.memory; h_vmem on SGE)"
                : "walltime (the goal's <walltime>, or JobRequest.walltime; h_rt on SGE)";
    }

    /** An -Xmx that fits the request's {@code h_vmem}. */
    @Override
    public List<String> workerJvmOptions(Request request) {
        return request.memoryBytes() == null ? workerJvmOptions()
                : SgeMemory.jvmOptions(java.util.Map.of("h_vmem", Request.mebibytes(request.memoryBytes())));
    }

    // ---------------------------------------------------------------------------------------------- failures

    /**
     * The qmaster could not be reached: a client that cannot connect prints a commlib error (e.g. {@code got select
     * error (Connection refused)} while it is down) or {@code unable to contact qmaster}; one that connected but got
     * no answer {@code failed receiving gdi request}; a call that ran past its timeout got no answer either. A commlib
     * {@code access denied} is a misconfiguration, not an outage.
     */
    @Override
    public boolean isUnreachable(CommandResult result) {
        if (result.timedOut()) {
            return true;
        }
        String output = result.stdout() + "\n" + result.stderr();
        if (output.contains("access denied")) {
            return false;
        }
        return output.contains("commlib error") || output.contains("unable to contact qmaster")
                || output.contains("failed receiving gdi request")
                || output.contains("unable to send message to qmaster");
    }

    /** Failures that say nothing about the job itself: the qmaster was busy or unreachable. */
    @Override
    public boolean isTransient(String output) {
        return output.contains("commlib error") || output.contains("failed receiving gdi request")
                || output.contains("unable to contact qmaster");
    }

    /**
     * What to do about a failed SGE command, from its output (SGE 8.1.9's messages); "" when nothing known
     * matches. The caller shows it after the command's diagnostic block.
     */
    @Override
    public boolean isJobLimit(String output) {
        // qmaster's words for max_u_jobs and max_jobs of the cluster configuration (sge_conf(5))
        return output.contains("jobs are allowed per user") || output.contains("jobs are allowed per cluster");
    }

    @Override
    public String hint(String output) {
        if (output.contains("Please set the environment variable SGE_ROOT")) {
            return "SGE's real binaries need SGE_ROOT and SGE_CELL in their environment (e.g."
                    + " SGE_ROOT=/var/lib/gridengine SGE_CELL=default); pass them to qmr's SGE commands or use the"
                    + " qsub/qstat/qdel wrapper scripts on PATH";
        }
        if (output.contains("commlib error") || output.contains("unable to contact qmaster")) {
            return "the SGE qmaster did not answer; check that it runs (qping, or ps for sge_qmaster) and that"
                    + " SGE_ROOT/SGE_CELL name this cluster";
        }
        if (output.contains("is lower than minimum user id")) {
            return "SGE refuses jobs of this user id; ask the SGE admin to lower min_uid/min_gid (qconf -mconf),"
                    + " or run qmr as a regular user";
        }
        if (output.contains("can't resolve hostname")) {
            return "qsub read a path as host:path; keep ':' and ',' out of the work dir's path";
        }
        return "";
    }

    // ---------------------------------------------------------------------------------------------- XML

}
