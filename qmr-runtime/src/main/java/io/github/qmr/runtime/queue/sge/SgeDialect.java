package io.github.qmr.runtime.queue.sge;

import io.github.qmr.runtime.queue.ArrayJobSpec;
import io.github.qmr.runtime.queue.JobSpec;
import io.github.qmr.runtime.queue.JobState;
import io.github.qmr.runtime.queue.QueueException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Son of Grid Engine's command lines and output formats (checked against 8.1.9), as pure functions: no I/O, so
 * each is tested against captured real output with no SGE running. The argv lists start with the bare program
 * name ({@code qsub}, {@code qstat}, ...); {@link SgeQueue} swaps in the configured path.
 */
public final class SgeDialect {
    /** Job ids per qdel call, so the command line stays far below the kernel's argument limit. */
    public static final int DELETE_BATCH = 100;
    /** SGE rejects longer job names. */
    static final int MAX_NAME_LENGTH = 511;

    private static final Set<String> RESERVED_NAMES = Set.of("ALL", "NONE", "TEMPLATE");
    private static final Pattern TERSE_ID = Pattern.compile("([0-9]+)(?:\\.[0-9]+-[0-9]+:[0-9]+)?");
    private static final Pattern TASK_ITEM = Pattern.compile("([0-9]+)(?:-([0-9]+)(?::([0-9]+))?)?");
    private static final Pattern ERROR_REASON = Pattern.compile("^error reason\\s+([0-9]+):\\s*(.*)$");
    private static final Pattern QACCT_LINE = Pattern.compile("^([a-z_]+)\\s+(.*)$");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern LEADING_INT = Pattern.compile("^-?[0-9]+");

    private SgeDialect() {}

    // ---------------------------------------------------------------------------------------------- submit

    /**
     * The qsub argv for one job: {@code qsub -terse -N name -o stdout -e stderr -wd dir -S /bin/sh -b n -C ''
     * [site options] script args...}. {@code -b n} makes qsub send the script file itself with the job; {@code -b y}
     * would re-split the arguments through a shell on the exec host. {@code -C ''} stops qsub from reading lines
     * starting {@code #$} in the script as options: the launcher exports environment values, and a multi-line value
     * with such a line set qsub options on the real SGE (seen with {@code #$ -v}).
     */
    public static List<String> submitArgs(SgeOptions opts, JobSpec job) {
        return submit(opts, job.name(), job.stdout(), job.stderr(), job.workingDir(), List.of(), job.script(),
                job.args());
    }

    /**
     * The qsub argv for an array job of tasks {@code 1..size}: {@link #submitArgs}' options plus {@code -t 1-size}
     * and, if {@link SgeOptions#maxRunningTasks()} is set, {@code -tc}. Each task finds its number in
     * {@code SGE_TASK_ID}. All tasks append to the same stdout/stderr files (SGE would expand {@code $TASK_ID} in
     * them, but qmr's launcher redirects per element itself).
     */
    public static List<String> arraySubmitArgs(SgeOptions opts, ArrayJobSpec job) {
        List<String> array = new ArrayList<>(List.of("-t", "1-" + job.size()));
        if (opts.maxRunningTasks() > 0) {
            array.add("-tc");
            array.add(Integer.toString(opts.maxRunningTasks()));
        }
        return submit(opts, job.name(), job.stdout(), job.stderr(), job.workingDir(), array, job.script(),
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
    public static String parseJobId(String terseOutput) {
        String last = "";
        for (String line : terseOutput.split("\n")) {
            if (!line.isBlank()) {
                last = line.strip();
            }
        }
        Matcher m = TERSE_ID.matcher(last);
        if (!m.matches()) {
            throw new QueueException("qsub -terse printed no job id; expected a number like 123 or 320.1-5:1,"
                    + " got: " + (terseOutput.isBlank() ? "(nothing)" : "'" + terseOutput.strip() + "'")
                    + "; check that qsub is Grid Engine's and not another scheduler's");
        }
        return m.group(1);
    }

    // ---------------------------------------------------------------------------------------------- status

    /** Lists the user's own jobs in every state (running, pending, held, error) as XML. */
    public static List<String> qstatArgs() {
        return List.of("qstat", "-xml");
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
        List<TaskRange> ranges = new ArrayList<>();
        if (tasks.isBlank()) {
            return ranges;
        }
        for (String item : tasks.split(",")) {
            Matcher m = TASK_ITEM.matcher(item.strip());
            if (!m.matches()) {
                throw new QueueException("qstat -xml listed job " + jobNumber + " with tasks '" + tasks
                        + "', not a list like 1,3-5:1");
            }
            int first = Integer.parseInt(m.group(1));
            int last = m.group(2) == null ? first : Integer.parseInt(m.group(2));
            int step = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
            try {
                ranges.add(new TaskRange(first, last, step));
            } catch (IllegalArgumentException e) {
                throw new QueueException("qstat -xml listed job " + jobNumber + " with tasks '" + tasks
                        + "': " + e.getMessage(), e);
            }
        }
        return ranges;
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
    public static List<List<String>> deleteArgs(List<String> jobIds) {
        List<List<String>> calls = new ArrayList<>();
        for (int from = 0; from < jobIds.size(); from += DELETE_BATCH) {
            List<String> argv = new ArrayList<>();
            argv.add("qdel");
            argv.addAll(jobIds.subList(from, Math.min(from + DELETE_BATCH, jobIds.size())));
            calls.add(argv);
        }
        return calls;
    }

    // ---------------------------------------------------------------------------------------------- explain

    /**
     * The argvs that tell why a job is in error or how it ended: {@code qstat -j N} (its {@code error reason}
     * lines, while SGE still lists it) and {@code qacct -j N [-t T]} (its {@code failed} and {@code exit_status},
     * once accounting has it, about a second after it ended).
     */
    public static List<List<String>> explainArgs(String jobId) {
        SgeJobId id = SgeJobId.parse(jobId);
        List<String> qacct = new ArrayList<>(List.of("qacct", "-j", id.jobNumber()));
        if (id.isTask()) {
            qacct.add("-t");
            qacct.add(Integer.toString(id.task()));
        }
        return List.of(List.of("qstat", "-j", id.jobNumber()), List.copyOf(qacct));
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
                fields = new String[] {"", "", "", null};
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
                default -> { } // times, usage, hosts: not part of why a job ended
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
        records.add(new QacctRecord(fields[0], fields[1], fields[2], exit));
    }

    // ---------------------------------------------------------------------------------------------- hints

    /**
     * What to do about a failed SGE command, from its output (SGE 8.1.9's messages); "" when nothing known
     * matches. The caller shows it after the command's diagnostic block.
     */
    public static String hint(String output) {
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
