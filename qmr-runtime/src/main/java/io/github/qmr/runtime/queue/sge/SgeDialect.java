package io.github.qmr.runtime.queue.sge;

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
import java.time.Duration;
import io.github.qmr.runtime.queue.TaskRange;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

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
    private static final Pattern ERROR_REASON = Pattern.compile("^error reason\\s+([0-9]+):\\s*(.*)$");
    private static final Pattern QACCT_LINE = Pattern.compile("^([a-z_]+)\\s+(.*)$");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern LEADING_INT = Pattern.compile("^-?[0-9]+");
    /**
     * Lines of qdel output that mean a job is gone or going, which is all a delete wants; groups 1, 2, or 3 and 4
     * name it: {@code root has deleted job 20}, {@code root has deleted job-array task 25.3}, {@code root forced the deletion of job-array task 1.5},
     * {@code job 24 is already in
     * deletion}, {@code root has registered the job 24 for deletion}, {@code job "25" task "9" does not exist},
     * {@code denied: job "999" does not exist}.
     */
    private static final Pattern DELETE_OK = Pattern.compile(".*?(?:job(?:-array task)? ([0-9]+(?:\\.[0-9]+)?)"
            + " (?:is already in deletion|for deletion)|(?:has deleted|forced the deletion of) job(?:-array task)?"
            + " ([0-9]+(?:\\.[0-9]+)?)"
            + "|job \"([0-9]+)\"(?: task \"([0-9]+)\")? does not exist).*");

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
    public Flavour flavour() {
        return FLAVOUR;
    }

    @Override
    public SgeDialect withRequest(Request request) {
        return new SgeDialect(requested(options, request));
    }

    /**
     * The map's structured request merged into the site options, pure: memory is {@code -l h_vmem} (which SGE counts
     * per slot), walltime {@code -l h_rt}, cpus the slots of the site's parallel environment ({@code -pe NAME N}; one
     * cpu needs none), partition the cluster queue ({@code -q}), account the project ({@code -P}); the submit
     * arguments follow the site's extra arguments.
     *
     * @throws RequestConflict if a part is also set in the site options, or cannot be expressed
     */
    public static SgeOptions requested(SgeOptions site, Request request) {
        if (request.isEmpty()) {
            return site;
        }
        java.util.Map<String, String> resources = new java.util.LinkedHashMap<>(site.resources());
        if (request.memoryBytes() != null) {
            both("memory", resources, "h_vmem", "s_vmem");
            if (request.memoryBytes() < SgeMemory.MIN_LIMIT) {
                throw new RequestConflict("memory", "is " + Request.mebibytes(request.memoryBytes()) + ", too little"
                        + " for a worker JVM on SGE (h_vmem limits its address space, and a JVM reserves about 512M"
                        + " besides its heap)", "request at least 768M");
            }
            resources.put("h_vmem", Request.mebibytes(request.memoryBytes()));
        }
        if (request.walltime() != null) {
            both("walltime", resources, "h_rt", "s_rt");
            resources.put("h_rt", Request.hms(request.walltime()));
        }
        int slots = site.slots();
        if (request.cpus() != null) {
            if (site.parallelEnv() == null && request.cpus() > 1) {
                throw new RequestConflict("cpus", "is " + request.cpus() + ", but SGE gives a job more than one slot"
                        + " only through a parallel environment, and none is set", "name the site's, e.g. smp, in"
                        + " SgeOptions.parallelEnv (the goal's <sgeParallelEnv>); qconf -spl lists them");
            }
            if (site.parallelEnv() != null && site.slots() != 1 && site.slots() != request.cpus()) {
                throw new RequestConflict("cpus", "and the slots of the SGE parallel environment (-pe "
                        + site.parallelEnv() + " " + site.slots() + ") are both set", "keep one");
            }
            slots = request.cpus();
        }
        String queue = site.queue();
        if (request.partition() != null) {
            if (queue != null) {
                throw new RequestConflict("partition", "and the SGE queue (-q " + queue + ", the goal's <sgeQueue>)"
                        + " are both set", "keep one");
            }
            queue = request.partition();
        }
        String project = site.project();
        if (request.account() != null) {
            if (project != null) {
                throw new RequestConflict("account", "and the SGE project (-P " + project + ") are both set",
                        "keep one");
            }
            project = request.account();
        }
        List<String> extra = new ArrayList<>(site.extraArgs());
        extra.addAll(request.extraArgs());
        return new SgeOptions(queue, resources, site.parallelEnv(), slots, project, extra, site.maxArraySize(),
                site.maxRunningTasks());
    }

    private static void both(String setting, java.util.Map<String, String> resources, String... names) {
        for (String name : names) {
            if (resources.containsKey(name)) {
                throw new RequestConflict(setting, "and " + name + "=" + resources.get(name) + " of the SGE resources"
                        + " (the goal's <resources>, or SgeOptions.resources) are both set", "keep one");
            }
        }
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
        return submit(attempt(options, job.request()), job.name(), job.stdout(), job.stderr(), job.workingDir(),
                List.of(), job.script(), job.args());
    }

    /** The site options with an attempt's own requests in place of their {@code h_vmem} and {@code h_rt}. */
    static SgeOptions attempt(SgeOptions options, Request request) {
        if (request.memoryBytes() == null && request.walltime() == null) {
            return options;
        }
        java.util.Map<String, String> resources = new java.util.LinkedHashMap<>(options.resources());
        if (request.memoryBytes() != null) {
            resources.put("h_vmem", Request.mebibytes(request.memoryBytes()));
        }
        if (request.walltime() != null) {
            resources.put("h_rt", Request.hms(request.walltime()));
        }
        return new SgeOptions(options.queue(), resources, options.parallelEnv(), options.slots(), options.project(),
                options.extraArgs(), options.maxArraySize(), options.maxRunningTasks());
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
        return parseQstatXml(output).stream().filter(e -> e.name().startsWith(prefix)).map(QstatEntry::jobNumber)
                .distinct().toList();
    }

    /** The number of a job in {@code qstat -xml} with exactly this name, or null. */
    @Override
    public String parseJobNamed(String output, String name) {
        for (QstatEntry entry : parseQstatXml(output)) {
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
        return new QstatListing(parseQstatXml(output));
    }

    /** qstat's entries by job number. qstat lists no ended job: everything listed is pending, running or ending. */
    static final class QstatListing implements Listing {
        private final Map<String, List<QstatEntry>> byNumber = new HashMap<>();

        QstatListing(List<QstatEntry> entries) {
            for (QstatEntry entry : entries) {
                byNumber.computeIfAbsent(entry.jobNumber(), n -> new ArrayList<>(1)).add(entry);
            }
        }

        @Override
        public JobStatus statusOf(JobId id) {
            List<QstatEntry> entries = byNumber.getOrDefault(id.number(), List.of());
            return id.isElement() ? taskStatus(entries, id.element()) : jobStatus(entries);
        }

        @Override
        public List<String> notEnding(JobId id) {
            JobStatus status = statusOf(id);
            return status == null ? List.of() : List.of(id + " (" + status.queueState() + ")");
        }

        @Override
        public Set<String> active(Set<String> jobNumbers) {
            Set<String> listed = new LinkedHashSet<>();
            for (String number : jobNumbers) {
                for (QstatEntry entry : byNumber.getOrDefault(number, List.of())) {
                    listed.add(entry.jobNumber() + " (" + entry.state() + ")");
                }
            }
            return listed;
        }

        private static JobStatus taskStatus(List<QstatEntry> entries, int task) {
            for (QstatEntry entry : entries) {
                if (entry.hasTask(task)) {
                    return JobStatus.of(stateOf(entry.state()), entry.state());
                }
            }
            return null;
        }

        /** A whole job; for an array job asked by its number, its tasks' states rolled up. */
        private static JobStatus jobStatus(List<QstatEntry> entries) {
            return JobStatus.rollUp(entries.stream().map(e -> JobStatus.of(stateOf(e.state()), e.state())).toList());
        }
    }

    /**
     * Reads {@code qstat -xml}: running jobs ({@code queue_info}) and pending, held and error jobs ({@code
     * job_info}) alike, in document order. Blank output counts as no jobs.
     *
     * @throws QueueException if the output is not well-formed or an entry has no job number
     */
    public static List<QstatEntry> parseQstatXml(String xml) {
        List<QstatEntry> entries = new ArrayList<>();
        if (xml.isBlank()) {
            return entries;
        }
        XMLStreamReader reader = null;
        try {
            reader = secureXmlFactory().createXMLStreamReader(new StringReader(xml));
            String number = null;
            String name = "";
            String owner = "";
            String state = "";
            String tasks = "";
            String queue = "";
            boolean inJob = false;
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String element = reader.getLocalName();
                    if (element.equals("job_list")) {
                        inJob = true;
                        number = null;
                        name = owner = state = tasks = queue = "";
                    } else if (inJob) {
                        switch (element) {
                            case "JB_job_number" -> number = reader.getElementText().strip();
                            case "JB_name" -> name = reader.getElementText().strip().replace("%lt;", "<");
                            case "JB_owner" -> owner = reader.getElementText().strip();
                            case "state" -> state = reader.getElementText().strip();
                            case "tasks" -> tasks = reader.getElementText().strip();
                            case "queue_name" -> queue = reader.getElementText().strip();
                            default -> { } // priority, times, slots: not needed to track a job
                        }
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT && reader.getLocalName().equals("job_list")) {
                    inJob = false;
                    if (number == null || !DIGITS.matcher(number).matches()) {
                        throw new QueueException("qstat -xml listed a job without a job number (JB_job_number '"
                                + number + "', name '" + name + "'); is this Grid Engine's qstat?");
                    }
                    entries.add(new QstatEntry(number, name, owner, state, parseTasks(tasks, number), queue));
                }
            }
        } catch (XMLStreamException e) {
            throw new QueueException("cannot read the output of qstat -xml: " + e.getMessage()
                    + "; it starts with: " + xml.strip().lines().limit(3).toList(), e);
        } finally {
            closeQuietly(reader);
        }
        return entries;
    }

    /** Reads qstat's task list: {@code 1}, {@code 2-4:1}, {@code 5,7}, {@code 1,3-5:1}; "" for no array. */
    public static List<TaskRange> parseTasks(String tasks, String jobNumber) {
        try {
            return TaskRange.parseList(tasks);
        } catch (IllegalArgumentException e) {
            throw new QueueException("qstat -xml listed job " + jobNumber + " with tasks '" + tasks
                    + "', not a list like 1,3-5:1 (" + e.getMessage() + ")", e);
        }
    }

    /**
     * qmr's state for SGE's state letters. Read letter by letter, so combinations no table lists still map:
     * <ul>
     *   <li>any {@code E} (e.g. {@code Eqw}): ERROR; the job stays there until deleted.</li>
     *   <li>{@code s}, {@code S}, {@code T} (suspended by the user, the queue or a threshold): PENDING, since
     *       the job makes no progress until resumed.</li>
     *   <li>{@code r} or {@code t} (running, being transferred; also restarted {@code Rr}, {@code Rt}): RUNNING.</li>
     *   <li>everything else, e.g. {@code qw}, {@code hqw}, {@code hRwq}, {@code Rq}, and unknown letters:
     *       PENDING. Never FINISHED: a job is finished only when qstat no longer lists it.</li>
     * </ul>
     * {@code d} (deletion requested) is ignored and the other letters decide: {@code dr} stays RUNNING because
     * the job still runs, holds its slot and may still write its output until the kill lands and it leaves qstat;
     * {@code dqw} stays PENDING.
     */
    public static JobState stateOf(String sgeState) {
        if (sgeState.indexOf('E') >= 0) {
            return JobState.ERROR;
        }
        if (sgeState.indexOf('s') >= 0 || sgeState.indexOf('S') >= 0 || sgeState.indexOf('T') >= 0) {
            return JobState.PENDING;
        }
        if (sgeState.indexOf('r') >= 0 || sgeState.indexOf('t') >= 0) {
            return JobState.RUNNING;
        }
        return JobState.PENDING;
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

    /**
     * qdel exits 1 when any id is unknown, even if all the others were deleted: judged line by line. When every line
     * says a job is gone or going, the whole batch is; otherwise only the ids such a line names (a line about a whole
     * job covers its tasks).
     */
    @Override
    public Set<String> deleted(List<String> batch, CommandResult result) {
        if (result.timedOut()) {
            return Set.of();
        }
        Set<String> named = new LinkedHashSet<>();
        boolean allGoneOrGoing = true;
        for (String line : (result.stdout() + "\n" + result.stderr()).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Matcher m = DELETE_OK.matcher(line.strip());
            if (!m.matches()) {
                allGoneOrGoing = false;
            } else if (m.group(1) != null || m.group(2) != null) {
                named.add(m.group(1) != null ? m.group(1) : m.group(2));
            } else {
                named.add(m.group(3) + (m.group(4) != null ? "." + m.group(4) : ""));
            }
        }
        if (allGoneOrGoing) {
            return Set.copyOf(batch);
        }
        Set<String> deleted = new LinkedHashSet<>();
        for (String id : batch) {
            int dot = id.indexOf('.');
            if (named.contains(id) || (dot > 0 && named.contains(id.substring(0, dot)))) {
                deleted.add(id);
            }
        }
        return deleted;
    }

    // ---------------------------------------------------------------------------------------------- explain

    /**
     * What SGE can tell about a job: the {@code error reason} lines of {@code qstat -j} (while it is listed, e.g.
     * in {@code Eqw}) and {@code failed}/{@code exit_status} from {@code qacct -j} (after it ended, if accounting
     * is on). A command that fails or is missing adds nothing; "" if nothing is known.
     */
    @Override
    public String explain(JobId id, Function<List<String>, CommandResult> run) {
        List<List<String>> calls = explainArgs(id.toString());
        List<String> lines = new ArrayList<>();
        CommandResult qstatJ = run.apply(calls.get(0));
        if (qstatJ != null && qstatJ.ok()) {
            for (String reason : parseErrorReasons(qstatJ.stdout())) {
                // a reason starts with the task it is about: "3: 11/25/2026 ... error: ..."
                if (!id.isElement() || reason.startsWith(id.element() + ":")) {
                    lines.add("qstat -j " + id.number() + ": error reason " + reason);
                }
            }
        }
        CommandResult qacct = run.apply(calls.get(1));
        if (qacct != null && qacct.ok()) {
            List<QacctRecord> records = parseQacct(qacct.stdout());
            if (!records.isEmpty()) {
                QacctRecord last = records.get(records.size() - 1);
                lines.add("qacct -j " + id + ": exit_status " + (last.exitStatus() == null ? "?" : last.exitStatus())
                        + ", failed " + last.failed()
                        + (records.size() > 1 ? " (last of " + records.size() + " runs)" : "")
                        + (last.killedForLimit() ? usage(last) : ""));
            }
        }
        return String.join("\n", lines);
    }

    /** The usage figures of a job SGE killed for a limit, as {@link #resourceKill} reads them back. */
    private static String usage(QacctRecord r) {
        return "; " + USAGE_WALLCLOCK + r.wallclock() + ", " + USAGE_MAXVMEM + r.maxvmem()
                + (r.hostname().isEmpty() ? "" : ", " + USAGE_HOST + r.hostname());
    }

    private static final String USAGE_WALLCLOCK = "ru_wallclock ";
    private static final String USAGE_MAXVMEM = "maxvmem ";
    private static final String USAGE_HOST = "hostname ";
    private static final Pattern KILLED_LINE = Pattern.compile(
            "qacct -j \\S+: exit_status \\S+, failed (?:37|44)[^;]*;.* ru_wallclock ([^,]*), maxvmem ([^,\\n]*)"
                    + "(?:, hostname ([^,\\n]*))?");

    /**
     * SGE killed the job for a limit when its qacct record (in the {@link #explain} text) says {@code failed 37} or
     * {@code 44}. Which limit: {@code h_rt} when one was requested and the job ran that long, else {@code h_vmem}
     * when one was requested, else {@code h_rt}; null when neither was requested (some other limit, e.g. h_cpu).
     */
    @Override
    public ResourceKill resourceKill(JobStatus ended, String explanation) {
        Matcher m = KILLED_LINE.matcher(explanation == null ? "" : explanation);
        if (!m.find()) {
            return null;
        }
        String wallclock = m.group(1).strip();
        String maxvmem = m.group(2).strip();
        String host = m.group(3) == null ? "" : " on " + m.group(3).strip();
        Duration hrt = Walltime.sge(options.resources().get("h_rt"));
        String hvmem = options.resources().get("h_vmem");
        Duration ran = Walltime.sge(wallclock.replace("s", "").split("\\.")[0]);
        boolean ranOut = hrt != null && ran != null && ran.compareTo(hrt) >= 0;
        if (ranOut || (hrt != null && hvmem == null)) {
            return new ResourceKill(ResourceKill.Kind.TIME, wallclock + host, "h_rt=" + options.resources()
                    .get("h_rt"));
        }
        if (hvmem != null) {
            return new ResourceKill(ResourceKill.Kind.MEMORY, "maxvmem " + maxvmem + host, "h_vmem=" + hvmem);
        }
        return null;
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

    /**
     * The argvs that tell why a job is in error or how it ended: {@code qstat -j N} (its {@code error reason}
     * lines, while SGE still lists it) and {@code qacct -j N [-t T]} (its {@code failed} and {@code exit_status},
     * once accounting has it, about a second after it ended).
     */
    public static List<List<String>> explainArgs(String jobId) {
        JobId id = JobId.parse(jobId, '.', "SGE", "task");
        List<String> qacct = new ArrayList<>(List.of("qacct", "-j", id.number()));
        if (id.isElement()) {
            qacct.add("-t");
            qacct.add(Integer.toString(id.element()));
        }
        return List.of(List.of("qstat", "-j", id.number()), List.copyOf(qacct));
    }

    /**
     * The {@code error reason} lines of {@code qstat -j}, e.g. {@code 1: 11/25/2026 17:12:20 [0:4242]: error:
     * can't chdir to /nonexistent: No such file or directory} (the number is the array task, 1 for a plain job).
     */
    public static List<String> parseErrorReasons(String qstatJ) {
        List<String> reasons = new ArrayList<>();
        for (String line : qstatJ.split("\n")) {
            Matcher m = ERROR_REASON.matcher(line.strip());
            if (m.matches()) {
                reasons.add(m.group(1) + ": " + m.group(2).strip());
            }
        }
        return reasons;
    }

    /** The records of {@code qacct -j}, oldest first (a rescheduled job or an array job has several). */
    public static List<QacctRecord> parseQacct(String qacct) {
        List<QacctRecord> records = new ArrayList<>();
        String[] fields = null;
        for (String raw : qacct.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("=====")) {
                addRecord(records, fields);
                fields = new String[] {"", "", "", null, "", "", "", ""};
                continue;
            }
            Matcher m = QACCT_LINE.matcher(line);
            if (fields == null || !m.matches()) {
                continue;
            }
            String value = m.group(2).strip();
            switch (m.group(1)) {
                case "jobnumber" -> fields[0] = value;
                case "taskid" -> fields[1] = value;
                case "failed" -> fields[2] = value;
                case "exit_status" -> fields[3] = value;
                case "ru_wallclock" -> fields[4] = value;
                case "maxvmem" -> fields[5] = value;
                case "cpu" -> fields[6] = value;
                case "hostname" -> fields[7] = value;
                default -> { } // other times and usage: not part of why a job ended
            }
        }
        addRecord(records, fields);
        return records;
    }

    private static void addRecord(List<QacctRecord> records, String[] fields) {
        if (fields == null || fields[0].isEmpty()) {
            return;
        }
        Integer exit = null;
        if (fields[3] != null) {
            Matcher m = LEADING_INT.matcher(fields[3]);
            exit = m.find() ? Integer.valueOf(m.group()) : null;
        }
        records.add(new QacctRecord(fields[0], fields[1], fields[2], exit, fields[4], fields[5], fields[6],
                fields[7]));
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

    /**
     * The JDK's own StAX factory (not whatever a classpath supplies), never reading a DTD or an external entity:
     * qstat output is data, not a document to trust. A new one per parse, as factories are not thread-safe.
     */
    private static XMLInputFactory secureXmlFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return factory;
    }

    private static void closeQuietly(XMLStreamReader reader) {
        if (reader == null) {
            return;
        }
        try {
            reader.close();
        } catch (XMLStreamException e) {
            // closing a reader over a String frees nothing that matters
        }
    }
}
