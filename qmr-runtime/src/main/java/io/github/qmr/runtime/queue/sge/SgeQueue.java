package io.github.qmr.runtime.queue.sge;

import io.github.qmr.runtime.process.CommandResult;
import io.github.qmr.runtime.process.Commands;
import io.github.qmr.runtime.queue.QueueTiming;
import io.github.qmr.runtime.queue.Walltime;
import io.github.qmr.runtime.queue.ArrayJobSpec;
import io.github.qmr.runtime.queue.CommandLineQueue;
import io.github.qmr.runtime.queue.JobSpec;
import io.github.qmr.runtime.queue.JobState;
import io.github.qmr.runtime.queue.JobStatus;
import io.github.qmr.runtime.queue.QueueException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Son of Grid Engine through its command-line clients (qsub, qstat, qdel, qacct), run by a {@link Commands}.
 *
 * <p>Job ids are {@link SgeJobId}s: {@code 123} for a job from {@link #submit}, {@code 320.2} for task 2 of an
 * array job from {@link #submitArray(ArrayJobSpec)}, so one {@link #poll} reports each array task on its own.
 * Ids pass to qdel unchanged. A poll is ONE {@code qstat -xml} call whatever the number of jobs.
 */
public final class SgeQueue extends CommandLineQueue {
    /** Lines of qdel output that mean the job is gone or going, which is all {@link #delete} wants. */
    private static final Pattern DELETE_OK = Pattern.compile(
            ".*(does not exist|has deleted|has registered .* for deletion|already in deletion).*");

    private final SgeTools tools;
    private final SgeOptions options;

    /**
     * @param commands runs the SGE programs; for the real binaries give it {@code SGE_ROOT} and {@code SGE_CELL},
     *     e.g. {@code new CommandRunner(Map.of("SGE_ROOT", "/var/lib/gridengine", "SGE_CELL", "default"), null)}
     */
    public SgeQueue(SgeTools tools, SgeOptions options, QueueTiming timing, Commands commands) {
        this(tools, options, timing, commands, CommandLineQueue::sleep);
    }

    /** With a sleeper, so tests of the qstat retries do not wait. */
    SgeQueue(SgeTools tools, SgeOptions options, QueueTiming timing, Commands commands, Consumer<Duration> sleeper) {
        super(commands, timing, sleeper);
        this.tools = tools;
        this.options = options;
    }

    @Override
    protected String flavour() {
        return "SGE";
    }

    @Override
    protected String program(String name) {
        return tools.program(name);
    }

    @Override
    protected String exampleBinDir() {
        return "$SGE_ROOT/bin/lx-amd64/";
    }

    @Override
    protected String hint(String output) {
        return SgeDialect.hint(output);
    }

    @Override
    protected String timeoutHint() {
        return "the qmaster may be overloaded or unreachable";
    }

    @Override
    public String name() {
        return "sge";
    }

    /** An -Xmx that fits the job's {@code h_vmem}; see {@link SgeMemory} for the rule. */
    @Override
    public List<String> workerJvmOptions() {
        return SgeMemory.jvmOptions(options.resources());
    }

    /** Checks that qsub, qstat and qdel exist and are executable (qacct is optional: only {@link #explain} uses it). */
    @Override
    public void check() {
        check(System.getenv("PATH"));
    }

    void check(String pathEnv) {
        checkPrograms(List.of("qsub", "qstat", "qdel"), pathEnv);
    }

    @Override
    protected List<String> submitArgs(JobSpec job) {
        return SgeDialect.submitArgs(options, job);
    }

    @Override
    protected List<String> arraySubmitArgs(ArrayJobSpec job) {
        return SgeDialect.arraySubmitArgs(options, job);
    }

    @Override
    protected String parseJobId(String output) {
        return SgeDialect.parseJobId(output);
    }

    /** Array task ids are {@code N.T}; each task finds its number in {@code SGE_TASK_ID}. */
    @Override
    protected String elementId(String arrayJobId, int task) {
        return arrayJobId + "." + task;
    }

    @Override
    protected String arrayMembers() {
        return "tasks";
    }

    @Override
    protected String arrayLimitAdvice() {
        return "not above the cluster's max_aj_tasks, see qconf -sconf";
    }

    /** From {@link SgeOptions#maxArraySize()}: 75000 (SGE's default {@code max_aj_tasks}) unless configured. */
    @Override
    public int maxArraySize() {
        return options.maxArraySize();
    }



    /** Failures that say nothing about the job itself: the qmaster was busy or unreachable. */
    @Override
    protected boolean isTransient(String output) {
        return output.contains("commlib error") || output.contains("failed receiving gdi request")
                || output.contains("unable to contact qmaster");
    }

    /** The number of a job in qstat with exactly this name, or null; a failing qstat counts as "none seen". */
    @Override
    protected String jobNamed(String name) {
        try {
            for (QstatEntry entry : qstat()) {
                if (entry.name().equals(name)) {
                    return entry.jobNumber();
                }
            }
        } catch (QueueException e) {
            // the qmaster is still unreachable: the next attempt of qsub will say so
        }
        return null;
    }

    /**
     * One {@code qstat -xml} call for all ids. An id qstat does not list is absent from the result (the engine then
     * looks at the result files). A failing or unreadable qstat is retried {@link QueueTiming#statusAttempts} times,
     * further apart each time, and then throws: a job is never reported done because qstat failed.
     */
    @Override
    public Map<String, JobStatus> poll(Collection<String> jobIds) {
        Map<String, JobStatus> states = new LinkedHashMap<>();
        if (jobIds.isEmpty()) {
            return states;
        }
        Map<String, List<QstatEntry>> byNumber = new HashMap<>();
        for (QstatEntry entry : qstat()) {
            byNumber.computeIfAbsent(entry.jobNumber(), n -> new ArrayList<>(1)).add(entry);
        }
        for (String jobId : jobIds) {
            SgeJobId id = SgeJobId.parse(jobId);
            List<QstatEntry> entries = byNumber.getOrDefault(id.jobNumber(), List.of());
            JobStatus status = id.isTask() ? taskStatus(entries, id.task()) : jobStatus(entries);
            if (status == null) {
                live.remove(jobId);
            } else {
                states.put(jobId, status);
            }
        }
        return states;
    }

    private static JobStatus taskStatus(List<QstatEntry> entries, int task) {
        for (QstatEntry entry : entries) {
            if (entry.hasTask(task)) {
                return JobStatus.of(SgeDialect.stateOf(entry.state()), entry.state());
            }
        }
        return null;
    }

    /** A whole job; for an array job asked by its number, the most pressing of its tasks' states. */
    private static JobStatus jobStatus(List<QstatEntry> entries) {
        if (entries.isEmpty()) {
            return null;
        }
        Set<String> codes = new LinkedHashSet<>();
        JobState state = JobState.PENDING;
        for (QstatEntry entry : entries) {
            codes.add(entry.state());
            JobState s = SgeDialect.stateOf(entry.state());
            if (s == JobState.ERROR || (s == JobState.RUNNING && state == JobState.PENDING)) {
                state = s;
            }
        }
        return JobStatus.of(state, String.join(",", codes));
    }

    private List<QstatEntry> qstat() {
        return statusWithRetries(SgeDialect.qstatArgs(), SgeDialect::parseQstatXml);
    }

    @Override
    public Duration walltime() {
        String hard = options.resources().get("h_rt");
        return Walltime.sge(hard != null ? hard : options.resources().get("s_rt"));
    }

    @Override
    public String deleteCommand(Collection<String> jobIds) {
        return tools.qdel() + " " + String.join(" ", jobIds);
    }

    /** Deletes in batches of {@link SgeDialect#DELETE_BATCH}; jobs that no longer exist are fine. */
    @Override
    public void delete(Collection<String> jobIds) {
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(jobIds));
        for (String id : ids) {
            SgeJobId.parse(id); // an id qdel would read as an option or a name pattern is a bug, not a job
        }
        List<String> failures = new ArrayList<>();
        for (List<String> argv : SgeDialect.deleteArgs(ids)) {
            CommandResult result = run(argv, "delete jobs");
            if (!result.ok() && (result.timedOut() || !onlyGoneOrGoing(result))) {
                failures.add(indent(result.describe()) + hintLine(result));
            } else {
                argv.subList(1, argv.size()).forEach(live::remove); // a failed batch stays for close() to retry
            }
        }
        if (!failures.isEmpty()) {
            throw new QueueException("qdel could not delete some of " + ids.size() + " job(s); they may still run"
                    + " (check with qstat):\n" + String.join("\n", failures));
        }
    }

    /** qdel exits 1 when any id is unknown, even if all the others were deleted: judge it line by line. */
    private static boolean onlyGoneOrGoing(CommandResult result) {
        for (String line : (result.stdout() + "\n" + result.stderr()).split("\n")) {
            if (!line.isBlank() && !DELETE_OK.matcher(line).matches()) {
                return false;
            }
        }
        return true;
    }

    /**
     * What SGE can tell about a job: the {@code error reason} lines of {@code qstat -j} (while it is listed, e.g.
     * in {@code Eqw}) and {@code failed}/{@code exit_status} from {@code qacct -j} (after it ended, if accounting
     * is on). Best effort: a command that fails or is missing adds nothing; "" if nothing is known.
     */
    @Override
    public String explain(String jobId) {
        SgeJobId id = SgeJobId.parse(jobId);
        List<List<String>> calls = SgeDialect.explainArgs(jobId);
        List<String> lines = new ArrayList<>();
        CommandResult qstatJ = tryRun(calls.get(0));
        if (qstatJ != null && qstatJ.ok()) {
            for (String reason : SgeDialect.parseErrorReasons(qstatJ.stdout())) {
                // a reason starts with the task it is about: "3: 11/25/2026 ... error: ..."
                if (!id.isTask() || reason.startsWith(id.task() + ":")) {
                    lines.add("qstat -j " + id.jobNumber() + ": error reason " + reason);
                }
            }
        }
        CommandResult qacct = tryRun(calls.get(1));
        if (qacct != null && qacct.ok()) {
            List<QacctRecord> records = SgeDialect.parseQacct(qacct.stdout());
            if (!records.isEmpty()) {
                QacctRecord last = records.get(records.size() - 1);
                lines.add("qacct -j " + jobId + ": exit_status " + (last.exitStatus() == null ? "?" : last.exitStatus())
                        + ", failed " + last.failed()
                        + (records.size() > 1 ? " (last of " + records.size() + " runs)" : ""));
            }
        }
        return String.join("\n", lines);
    }

    /**
     * Deletes the jobs submitted here that were not yet seen gone (whole array jobs by their number), then waits,
     * at most {@link QueueTiming#commandTimeout()}, until qstat no longer lists them: running jobs pass through
     * {@code dr}/{@code dt} while SGE stops them, and a caller that closes expects them gone.
     */
    @Override
    public void close() {
        Set<String> numbers = new LinkedHashSet<>();
        for (String id : live) {
            numbers.add(SgeJobId.parse(id).jobNumber());
        }
        live.clear();
        if (numbers.isEmpty()) {
            return;
        }
        delete(numbers);
        awaitGone(() -> {
            Set<String> listed = new LinkedHashSet<>();
            for (QstatEntry entry : qstat()) {
                if (numbers.contains(entry.jobNumber())) {
                    listed.add(entry.jobNumber() + " (" + entry.state() + ")");
                }
            }
            return listed;
        }, "qstat", "qdel", "check them with qstat -j and delete them with qdel -f");
    }
}
