package io.github.qmr.runtime.queue.slurm;

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
import java.util.function.Predicate;

/**
 * Slurm through its command-line clients (sbatch, squeue, scancel, sacct), run by a {@link Commands}.
 *
 * <p>Job ids are {@link SlurmJobId}s: {@code 123} for a job from {@link #submit}, {@code 123_4} for element 4 of an
 * array job from {@link #submitArray(ArrayJobSpec)}, so one {@link #poll} reports each element on its own. A poll
 * is ONE {@code squeue} call whatever the number of jobs; it also gives a finished job's exit code, so sacct (and
 * an accounting database) is needed only by {@link #explain}.
 */
public final class SlurmQueue extends CommandLineQueue {
    private static final Set<String> FINAL_STATES = Set.of("TIMEOUT", "OUT_OF_MEMORY", "DEADLINE", "CANCELLED");
    /** Between the checks that cancelled jobs are ending (scancel is asynchronous for running jobs). */
    private static final Duration CANCEL_CHECK_STEP = Duration.ofMillis(100);
    private static final int CANCEL_CHECKS = 20;

    private final SlurmTools tools;
    private final SlurmOptions options;

    public SlurmQueue(SlurmTools tools, SlurmOptions options, QueueTiming timing, Commands commands) {
        this(tools, options, timing, commands, CommandLineQueue::sleep);
    }

    /** With a sleeper, so tests of the retries and waits do not wait. */
    SlurmQueue(SlurmTools tools, SlurmOptions options, QueueTiming timing, Commands commands,
            Consumer<Duration> sleeper) {
        super(commands, timing, sleeper);
        this.tools = tools;
        this.options = options;
        SlurmMemory.jvmOptions(options.mem()); // too little memory for a JVM fails here, before any submission
    }

    @Override
    public String name() {
        return "slurm";
    }

    @Override
    protected String flavour() {
        return "Slurm";
    }

    @Override
    protected String program(String name) {
        return tools.program(name);
    }

    @Override
    protected String exampleBinDir() {
        return "/opt/slurm/bin/";
    }

    @Override
    protected String hint(String output) {
        return SlurmDialect.hint(output);
    }

    @Override
    protected String timeoutHint() {
        return "slurmctld may be overloaded or unreachable (scontrol ping)";
    }

    /** An -Xmx that fits the job's {@code --mem}; see {@link SlurmMemory} for the rule. */
    @Override
    public List<String> workerJvmOptions() {
        return SlurmMemory.jvmOptions(options.mem());
    }

    /** TIMEOUT, OUT_OF_MEMORY, DEADLINE and CANCELLED are Slurm's verdicts on the job: a rerun meets them again. */
    @Override
    public boolean mayResubmit(JobStatus ended) {
        return !FINAL_STATES.contains(ended.queueState());
    }

    /** Checks that sbatch, squeue and scancel exist and are executable (sacct is optional: only explain uses it). */
    @Override
    public void check() {
        check(System.getenv("PATH"));
    }

    void check(String pathEnv) {
        checkPrograms(List.of("sbatch", "squeue", "scancel"), pathEnv);
    }

    @Override
    protected List<String> submitArgs(JobSpec job) {
        return SlurmDialect.submitArgs(options, job);
    }

    @Override
    protected List<String> arraySubmitArgs(ArrayJobSpec job) {
        return SlurmDialect.arraySubmitArgs(options, job);
    }

    @Override
    protected String parseJobId(String output) {
        return SlurmDialect.parseJobId(output);
    }

    @Override
    protected boolean isTransient(String output) {
        return SlurmDialect.isTransient(output);
    }

    /** Element ids are {@code ID_T}; each element finds its index in {@code SLURM_ARRAY_TASK_ID}. */
    @Override
    protected String elementId(String arrayJobId, int task) {
        return arrayJobId + "_" + task;
    }

    @Override
    protected String arrayMembers() {
        return "elements";
    }

    @Override
    protected String arrayLimitAdvice() {
        return "below the cluster's MaxArraySize, see scontrol show config | grep MaxArraySize";
    }

    /** From {@link SlurmOptions#maxArraySize()}: 1000 (Slurm's default MaxArraySize is 1001) unless configured. */
    @Override
    public int maxArraySize() {
        return options.maxArraySize();
    }



    /**
     * The id of a job of this name that is not yet ended, or null; a failing squeue counts as "none seen". Ended
     * ones do not count: an earlier, cancelled attempt of the same chunk has the same name.
     */
    @Override
    protected String jobNamed(String name) {
        try {
            CommandResult result = run(SlurmDialect.squeueArgsNamed(name), "look for job " + name);
            if (result.ok()) {
                for (SqueueEntry e : SlurmDialect.parseSqueue(result.stdout())) {
                    if (!SlurmDialect.isTerminal(e.state())) {
                        return e.arrayJobId(); // a job's own id, or an array's base id
                    }
                }
            }
        } catch (QueueException e) {
            // slurmctld is still unreachable: the next attempt of sbatch will say so
        }
        return null;
    }

    /**
     * One {@code squeue} call for all ids. An id squeue does not list (it forgets finished jobs after MinJobAge) is
     * absent from the result, and the engine looks at the result files. A finished job is FINISHED with the exit
     * code squeue reports. A failing or unreadable squeue is retried {@link QueueTiming#statusAttempts} times,
     * further apart each time, and then throws: a job is never reported done because squeue failed.
     */
    @Override
    public Map<String, JobStatus> poll(Collection<String> jobIds) {
        Map<String, JobStatus> states = new LinkedHashMap<>();
        if (jobIds.isEmpty()) {
            return states;
        }
        Listing listing = new Listing(squeue());
        for (String jobId : jobIds) {
            List<SqueueEntry> entries = listing.entriesOf(SlurmJobId.parse(jobId));
            if (entries.isEmpty()) {
                live.remove(jobId);
                continue;
            }
            JobStatus status = statusOf(entries);
            if (status.state() == JobState.FINISHED) {
                live.remove(jobId); // nothing left to cancel
            }
            states.put(jobId, status);
        }
        return states;
    }

    /** One job's status; for a whole array asked by its base id, the most pressing of its elements' states. */
    private static JobStatus statusOf(List<SqueueEntry> entries) {
        if (entries.size() == 1) {
            SqueueEntry e = entries.get(0);
            JobState state = SlurmDialect.stateOf(e.state());
            return state == JobState.FINISHED ? new JobStatus(state, e.state(), e.exitCode())
                    : JobStatus.of(state, e.state());
        }
        Set<String> codes = new LinkedHashSet<>();
        JobState state = JobState.FINISHED;
        Integer exitCode = 0;
        for (SqueueEntry e : entries) {
            codes.add(e.state());
            JobState s = SlurmDialect.stateOf(e.state());
            if (rank(s) > rank(state)) {
                state = s;
            }
            if (s == JobState.FINISHED && e.exitCode() != 0 && exitCode == 0) {
                exitCode = e.exitCode();
            }
        }
        return new JobStatus(state, String.join(",", codes), state == JobState.FINISHED ? exitCode : null);
    }

    private static int rank(JobState state) {
        return switch (state) {
            case FINISHED -> 0;
            case PENDING -> 1;
            case RUNNING -> 2;
            case ERROR -> 3;
        };
    }

    /** squeue's lines by the ids qmr uses, plus pending element groups and arrays by their base id. */
    private static final class Listing {
        private final Map<String, SqueueEntry> byId = new HashMap<>();
        private final Map<String, List<SqueueEntry>> byArray = new HashMap<>();

        Listing(List<SqueueEntry> entries) {
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

        List<SqueueEntry> entriesOf(SlurmJobId id) {
            SqueueEntry exact = byId.get(id.toString());
            if (exact != null) {
                return List.of(exact);
            }
            List<SqueueEntry> array = byArray.getOrDefault(id.jobId(), List.of());
            if (!id.isElement()) {
                return array; // a whole array by its base id
            }
            for (SqueueEntry e : array) {
                if (e.qmrId() == null && SlurmDialect.coversTask(e, id.task())) {
                    return List.of(e);
                }
            }
            return List.of();
        }
    }

    private List<SqueueEntry> squeue() {
        return statusWithRetries(SlurmDialect.squeueArgs(), SlurmDialect::parseSqueue);
    }

    @Override
    public Duration walltime() {
        return Walltime.slurm(options.time());
    }

    @Override
    public String deleteCommand(Collection<String> jobIds) {
        return tools.scancel() + " " + String.join(" ", jobIds);
    }

    /**
     * Cancels in batches of {@link SlurmDialect#CANCEL_BATCH}. scancel exits 0 for unknown and finished jobs and
     * says nothing, so afterwards one squeue checks that every job is ending or gone; one still pending or running
     * (e.g. another user's job, or a controller that lost the request) is an error naming it.
     */
    @Override
    public void delete(Collection<String> jobIds) {
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(jobIds));
        List<SlurmJobId> parsed = new ArrayList<>();
        for (String id : ids) {
            parsed.add(SlurmJobId.parse(id)); // an id scancel would read as an option is a bug, not a job
        }
        if (ids.isEmpty()) {
            return;
        }
        List<String> failures = new ArrayList<>();
        for (List<String> argv : SlurmDialect.cancelArgs(ids)) {
            CommandResult result = run(argv, "cancel jobs");
            if (!result.ok()) {
                failures.add(indent(result.describe()) + hintLine(result));
            }
        }
        List<String> notEnding = new ArrayList<>();
        for (int check = 1; ; check++) {
            notEnding.clear();
            Listing listing;
            try {
                listing = new Listing(squeue());
            } catch (QueueException e) {
                if (failures.isEmpty()) {
                    throw e;
                }
                throw new QueueException("scancel failed, so " + ids.size() + " job(s) may still run (check with"
                        + " squeue):\n" + String.join("\n", failures) + "\nand " + e.getMessage(), e);
            }
            for (SlurmJobId id : parsed) {
                for (SqueueEntry e : listing.entriesOf(id)) {
                    if (!endingOrEnded(e)) {
                        notEnding.add(id + " (" + e.state() + ")");
                    }
                }
            }
            if (notEnding.isEmpty() || check >= CANCEL_CHECKS) {
                break;
            }
            sleeper.accept(CANCEL_CHECK_STEP);
        }
        if (!notEnding.isEmpty()) {
            throw new QueueException("scancel did not cancel job(s) " + String.join(", ", notEnding) + "; squeue"
                    + " still lists them " + (CANCEL_CHECKS * CANCEL_CHECK_STEP.toMillis() / 1000.0) + " s later"
                    + (failures.isEmpty() ? " although scancel exited 0" : ":\n" + String.join("\n", failures))
                    + "\nhint: scancel -v ID says why (e.g. another user's job); cancel them by hand");
        }
        live.removeAll(ids);
        for (SlurmJobId id : parsed) {
            if (!id.isElement()) {
                live.removeIf(l -> SlurmJobId.parse(l).jobId().equals(id.jobId())); // a whole array's elements
            }
        }
    }

    /** COMPLETING counts: scancel has signalled it and Slurm is ending it. */
    private static boolean endingOrEnded(SqueueEntry e) {
        return SlurmDialect.isTerminal(e.state()) || e.state().equals("COMPLETING");
    }

    /**
     * What Slurm can tell about a job: its line in squeue (state, reason, exit code, while the controller still
     * lists it) and its record in sacct (state, exit code, reason), from the accounting database or, on a site
     * without one, the job completion log ({@code sacct -c}). Best effort: a command that fails or is missing adds
     * nothing; "" if nothing is known.
     */
    @Override
    public String explain(String jobId) {
        SlurmJobId id = SlurmJobId.parse(jobId);
        List<String> lines = new ArrayList<>();
        CommandResult squeue = tryRun(SlurmDialect.squeueArgs(jobId));
        if (squeue != null && squeue.ok()) {
            try {
                for (SqueueEntry e : new Listing(SlurmDialect.parseSqueue(squeue.stdout())).entriesOf(id)) {
                    String exit = SlurmDialect.isTerminal(e.state()) || e.waitStatus() != 0
                            ? ", exit code " + e.exitCode() : "";
                    lines.add("squeue -j " + id + ": " + e.state() + ", reason " + e.reason() + exit);
                }
            } catch (QueueException e) {
                // an unreadable answer adds nothing to an explanation
            }
        }
        boolean completionLog = false;
        CommandResult sacct = tryRun(SlurmDialect.sacctArgs(jobId, false));
        if (sacct != null && !sacct.ok() && SlurmDialect.accountingDisabled(sacct.stdout() + sacct.stderr())) {
            completionLog = true;
            sacct = tryRun(SlurmDialect.sacctArgs(jobId, true));
        }
        if (sacct != null && sacct.ok()) {
            List<SacctRecord> records = SlurmDialect.parseSacct(sacct.stdout()).stream()
                    .filter(r -> r.jobId().equals(id.toString())).toList();
            if (!records.isEmpty()) {
                SacctRecord last = records.get(records.size() - 1);
                lines.add((completionLog ? "sacct -c -j " : "sacct -j ") + id + ": " + last.state() + ", "
                        + SlurmDialect.describeExitCode(last.exitCode())
                        + (last.reason().isEmpty() || last.reason().equals("None") ? "" : ", reason " + last.reason())
                        + (records.size() > 1 ? " (last of " + records.size() + " records)" : ""));
            }
        }
        return String.join("\n", lines);
    }

    /**
     * Cancels the jobs submitted here that were not yet seen ended (whole array jobs by their base id), then waits,
     * at most {@link QueueTiming#commandTimeout()}, until squeue shows none of them pending, running or completing:
     * a running job is COMPLETING until its processes are gone (up to the site's KillWait), and a caller that closes
     * expects them gone. Ended jobs stay listed by {@code squeue -t all} until MinJobAge; they do not count.
     */
    @Override
    public void close() {
        Set<String> bases = new LinkedHashSet<>();
        for (String id : live) {
            bases.add(SlurmJobId.parse(id).jobId());
        }
        live.clear();
        if (bases.isEmpty()) {
            return;
        }
        delete(bases);
        Predicate<SqueueEntry> ours = e -> bases.contains(e.arrayJobId()) || bases.contains(e.jobId());
        awaitGone(() -> {
            Set<String> listed = new LinkedHashSet<>();
            for (SqueueEntry e : squeue()) {
                if (ours.test(e) && !SlurmDialect.isTerminal(e.state())) {
                    listed.add((e.qmrId() == null ? e.arrayJobId() + "_[" + e.arrayTasks() + "]" : e.qmrId())
                            + " (" + e.state() + ")");
                }
            }
            return listed;
        }, "squeue", "scancel", "check them with scontrol show job ID (a job stuck COMPLETING waits for its processes"
                + " to exit on the node)");
    }
}
