package io.github.qmr.runtime.queue;

import io.github.qmr.runtime.clock.Ticker;
import io.github.qmr.runtime.process.CommandException;
import io.github.qmr.runtime.process.CommandResult;
import io.github.qmr.runtime.process.Commands;
import io.github.qmr.runtime.process.Executables;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A queue driven by its command-line clients (like Nextflow's grid executors): runs what its {@link QueueDialect}
 * says with a timeout, retries a status call, submits so that a job never runs twice, checks deletions and waits for
 * deleted jobs to leave, and shapes every failure message. All flavour knowledge is in the dialect.
 *
 * <p>A poll is ONE status call whatever the number of jobs. A status or delete call that fails only because the
 * controller is unreachable is retried {@link QueueTiming#statusAttempts()} times, further apart each time, and then
 * throws a {@link QueueUnreachableException}: a job is never taken as done because a call failed.
 */
public final class CommandLineQueue implements BatchQueue {
    private static final Duration CLOSE_WAIT_STEP = Duration.ofMillis(250);
    /** Between the checks that deleted jobs are ending (Slurm's scancel is asynchronous for running jobs). */
    private static final Duration DELETE_CHECK_STEP = Duration.ofMillis(100);
    private static final int DELETE_CHECKS = 20;
    /** Ids named in one message at most; the exception carries all of them. */
    private static final int IDS_IN_MESSAGE = 20;

    private final QueueDialect dialect;
    private final Flavour flavour;
    private final QueueTools tools;
    private final Commands commands;
    private final QueueTiming timing;
    /** The time the waits read, and their pauses; tests give one that only records. */
    private final Ticker ticker;
    /** Ids submitted here and not yet seen gone or deleted: what {@link #close()} deletes. */
    private final Set<String> live = new LinkedHashSet<>();

    /**
     * @param commands runs the programs; for SGE's real binaries give it {@code SGE_ROOT} and {@code SGE_CELL}, e.g.
     *     {@code new CommandRunner(Map.of("SGE_ROOT", "/var/lib/gridengine", "SGE_CELL", "default"), null)}
     */
    public CommandLineQueue(QueueDialect dialect, QueueTools tools, QueueTiming timing, Commands commands) {
        this(dialect, tools, timing, commands, Ticker.SYSTEM);
    }

    /** With a sleeper, so tests of the retries and waits do not wait (the time read is the machine's). */
    public CommandLineQueue(QueueDialect dialect, QueueTools tools, QueueTiming timing, Commands commands,
            Consumer<Duration> sleeper) {
        this(dialect, tools, timing, commands, Ticker.sleepingWith(sleeper));
    }

    /** With a ticker: the time the waits read and their pauses, so tests neither wait nor read the machine's clock. */
    public CommandLineQueue(QueueDialect dialect, QueueTools tools, QueueTiming timing, Commands commands,
            Ticker ticker) {
        this.flavour = dialect.flavour();
        for (String program : flavour.programs()) {
            if (!tools.programs().containsKey(program)) {
                throw new IllegalArgumentException(flavour.label() + " needs its program " + program + ", but the"
                        + " tools name only " + tools.programs().keySet() + "; use QueueTools." + flavour.name()
                        + "(...)");
            }
        }
        this.dialect = dialect;
        this.tools = tools;
        this.commands = commands;
        this.timing = timing;
        this.ticker = ticker;
    }

    @Override
    public QueueRecipe recipe() {
        Record options = dialect.options();
        return options == null ? null : QueueRecipe.commandLine(dialect, options, tools, timing);
    }

    @Override
    public String name() {
        return flavour.name();
    }

    @Override
    public List<String> jobLines() {
        return flavour.jobLines();
    }

    @Override
    public Duration defaultPollInterval() {
        return timing.pollInterval();
    }

    @Override
    public int maxArraySize() {
        return dialect.maxArraySize();
    }

    @Override
    public boolean mayResubmit(JobStatus ended) {
        return dialect.mayResubmit(ended);
    }

    @Override
    public List<String> workerJvmOptions() {
        return dialect.workerJvmOptions();
    }

    @Override
    public List<String> workerJvmOptions(Request request) {
        return dialect.workerJvmOptions(request);
    }

    @Override
    public ResourceKill resourceKill(JobStatus ended, String explanation) {
        return dialect.resourceKill(ended, explanation);
    }

    /** A new queue (nothing submitted yet) with the same programs, timing and runner. */
    @Override
    public BatchQueue withRequest(Request request) {
        return request.isEmpty() ? this
                : new CommandLineQueue(dialect.withRequest(request), tools, timing, commands, ticker);
    }

    @Override
    public Request siteRequest() {
        return dialect.siteRequest();
    }

    @Override
    public String requestText(ResourceKill.Kind kind, Request request) {
        return dialect.requestText(kind, request);
    }

    @Override
    public String requestSetting(ResourceKill.Kind kind) {
        return dialect.requestSetting(kind);
    }

    @Override
    public Duration walltime() {
        return dialect.walltime();
    }

    /** The flavour's delete program as configured, with the ids: what a user runs to delete them by hand. */
    @Override
    public String deleteCommand(Collection<String> jobIds) {
        List<String> ids = new ArrayList<>(jobIds);
        if (ids.isEmpty()) {
            return "";
        }
        return tools.program(dialect.deleteArgs(ids).get(0).get(0)) + " " + String.join(" ", ids);
    }

    // ---------------------------------------------------------------------------------------------- check

    /** Checks that the dialect's required programs exist and are executable. */
    @Override
    public void check() {
        check(System.getenv("PATH"));
    }

    @Override
    public String workDirProblem(java.nio.file.Path workDir) {
        return dialect.workDirProblem(workDir);
    }

    /** {@link #check()} against the given PATH; one line per missing program, saying the fix. */
    public void check(String pathEnv) {
        List<String> problems = new ArrayList<>();
        for (String name : flavour.requiredPrograms()) {
            String program = tools.program(name);
            if (Executables.locate(program, pathEnv).isEmpty()) {
                problems.add(program.contains("/")
                        ? flavour.label() + "'s " + name + " at " + program + " does not exist or is not executable;"
                                + " set the path of " + name + " to the right file or put " + name + " on PATH"
                        : flavour.label() + "'s " + name + " is not on PATH (" + pathEnv + "); set the path of "
                                + name + " (e.g. " + flavour.exampleBinDir() + name + ") or put " + name + " on PATH");
            }
        }
        if (!problems.isEmpty()) {
            throw new QueueException(String.join("\n", problems));
        }
    }

    // ---------------------------------------------------------------------------------------------- submit

    @Override
    public String submit(JobSpec job) {
        String id = submitChecked(job.name(), dialect.submitArgs(job));
        live.add(id);
        return id;
    }

    /** Submits one array job; returns its element ids in order (see {@link Flavour#elementId}). */
    @Override
    public List<String> submitArray(ArrayJobSpec job) {
        if (job.size() > maxArraySize()) {
            throw new QueueException("array job " + job.name() + " has " + job.size() + " " + flavour.arrayMember()
                    + "s, more than the " + maxArraySize() + " allowed by the " + flavour.label() + " settings"
                    + " (maxArraySize); split it or raise the limit (" + flavour.arrayLimitAdvice() + ")");
        }
        String id = submitChecked(job.name(), dialect.arraySubmitArgs(job));
        List<String> ids = new ArrayList<>(job.size());
        for (int element = 1; element <= job.size(); element++) {
            ids.add(flavour.elementId(id, element));
        }
        live.addAll(ids);
        return ids;
    }

    /**
     * Submits and returns the job id. A submission that timed out, printed no job id, or could not reach the
     * controller ({@link QueueDialect#isTransient}) may still have gone through, so before it is tried again the
     * queue is asked for a job of that name: a chunk never runs twice at once. Other failures (a rejected option or
     * resource) are final at once.
     */
    private String submitChecked(String name, List<String> argv) {
        String program = argv.get(0);
        Duration delay = timing.firstRetryDelay();
        for (int attempt = 1; ; attempt++) {
            CommandResult result = run(argv, "submit job " + name);
            String failure;
            boolean unreachable = false;
            if (result.ok()) {
                try {
                    return dialect.parseJobId(result.stdout());
                } catch (QueueException e) {
                    failure = e.getMessage() + "\n" + indent(result.describe());
                }
            } else if (result.timedOut() || dialect.isTransient(output(result))) {
                unreachable = dialect.isUnreachable(result);
                failure = program + " could not submit job " + name + ":\n" + indent(result.describe())
                        + hintLine(result);
            } else if (dialect.isJobLimit(output(result))) {
                throw new JobLimitException(program + " refused job " + name + " at a limit on the number of jobs: "
                        + output(result).strip().replaceAll("\\s+", " "));
            } else {
                throw failure(program + " could not submit job " + name, result);
            }
            String already = jobNamed(name);
            if (already != null) {
                return already;
            }
            if (attempt >= timing.statusAttempts()) {
                String message = failure + "\n(tried " + attempt + " times; no job named " + name + " is in the queue)";
                throw unreachable ? new QueueUnreachableException(message) : new QueueException(message);
            }
            pause(delay);
            delay = delay.multipliedBy(2);
        }
    }

    @Override
    public List<String> jobsNamedFrom(String prefix) {
        CommandResult result = run(dialect.jobsWithNamesArgs(), "list the jobs named " + prefix + "...");
        if (!result.ok()) {
            throw new QueueException("cannot list the jobs named " + prefix + "...: " + result.describe());
        }
        return dialect.parseJobsNamedFrom(result.stdout(), prefix);
    }

    /** The id of a not yet ended job with this name, or null; a failing look-up counts as "none seen". */
    private String jobNamed(String name) {
        try {
            CommandResult result = run(dialect.jobNamedArgs(name), "look for job " + name);
            return result.ok() ? dialect.parseJobNamed(result.stdout(), name) : null;
        } catch (QueueException e) {
            return null; // the controller is still unreachable: the next attempt to submit will say so
        }
    }

    // ---------------------------------------------------------------------------------------------- poll

    /**
     * One status call for all ids. An id the queue does not list is absent from the result (the engine then looks
     * at the result files); an ended one is FINISHED with its exit code where the queue tells it.
     */
    @Override
    public Map<String, JobStatus> poll(Collection<String> jobIds) {
        Map<String, JobStatus> states = new LinkedHashMap<>();
        if (jobIds.isEmpty()) {
            return states;
        }
        QueueDialect.Listing listing = status();
        for (String jobId : jobIds) {
            JobStatus status = listing.statusOf(flavour.parseId(jobId));
            if (status == null || status.state() == JobState.FINISHED) {
                live.remove(jobId); // nothing left to delete
            }
            if (status != null) {
                states.put(jobId, status);
            }
        }
        return states;
    }

    /**
     * The status call, retried further apart each time when it fails or prints what cannot be read, then a
     * {@link QueueUnreachableException} if the last failure said the controller could not be reached, else a
     * {@link QueueException}.
     */
    private QueueDialect.Listing status() {
        List<String> argv = dialect.statusArgs();
        String failure = "";
        boolean unreachable = false;
        Duration delay = timing.firstRetryDelay();
        for (int attempt = 1; ; attempt++) {
            CommandResult result = run(argv, "ask " + flavour.label() + " for the state of its jobs");
            if (result.ok()) {
                try {
                    return dialect.parseStatus(result.stdout());
                } catch (QueueException e) {
                    failure = e.getMessage() + "\n" + indent(result.describe());
                    unreachable = false;
                }
            } else {
                failure = indent(result.describe()) + hintLine(result);
                unreachable = dialect.isUnreachable(result);
            }
            if (attempt >= timing.statusAttempts()) {
                String message = argv.get(0) + " failed " + attempt + " time(s) in a row, so the state of the jobs is"
                        + " unknown; the last attempt:\n" + failure;
                throw unreachable ? new QueueUnreachableException(message) : new QueueException(message);
            }
            pause(delay);
            delay = delay.multipliedBy(2);
        }
    }

    // ---------------------------------------------------------------------------------------------- delete

    /**
     * Deletes in batches; jobs already gone are fine. A batch that failed only because the controller was
     * unreachable is tried again, further apart each time. Where the delete program's exit status proves nothing
     * ({@link Flavour#deletionNeedsConfirming()}), one status call afterwards checks that every job is ending
     * or gone.
     *
     * @throws QueueException naming in {@link QueueException#notDeleted()} every id not known to be deleted (they may
     *     still run); a {@link QueueUnreachableException} when the controller could not be reached
     */
    @Override
    public void delete(Collection<String> jobIds) {
        delete(jobIds, false);
    }

    @Override
    public void deleteLost(Collection<String> jobIds) {
        try {
            delete(jobIds, true);
        } catch (QueueUnreachableException e) {
            throw e;
        } catch (QueueException e) {
            delete(jobIds, false); // forcing refused (e.g. not a manager): the queue removes it once its host answers
        }
    }

    private void delete(Collection<String> jobIds, boolean forced) {
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(jobIds));
        List<JobId> parsed = new ArrayList<>();
        for (String id : ids) {
            parsed.add(flavour.parseId(id)); // an id the program would read as an option or a pattern is a bug
        }
        if (ids.isEmpty()) {
            return;
        }
        String deleteProgram = "";
        List<String> failures = new ArrayList<>();
        Set<String> notDeleted = new LinkedHashSet<>();
        boolean unreachable = false;
        for (List<String> argv : forced ? dialect.forcedDeleteArgs(ids) : dialect.deleteArgs(ids)) {
            deleteProgram = argv.get(0);
            List<String> batch = argv.subList(1, argv.size()).stream().filter(a -> !a.startsWith("-")).toList();
            CommandResult result;
            try {
                result = deleteBatch(argv);
            } catch (QueueException e) { // the program cannot run at all: none of them is known to be deleted
                throw new QueueException(e.getMessage(), ids);
            }
            Set<String> deleted = result.ok() ? Set.copyOf(batch) : dialect.deleted(batch, result);
            if (!deleted.containsAll(batch)) {
                failures.add(indent(result.describe()) + hintLine(result));
                batch.stream().filter(id -> !deleted.contains(id)).forEach(notDeleted::add);
                unreachable |= dialect.isUnreachable(result);
            }
        }
        String statusProgram = dialect.statusArgs().get(0);
        if (flavour.deletionNeedsConfirming()) {
            if (unreachable) {
                throw notDeleted(deleteProgram, statusProgram, ids, ids, failures, "", true);
            }
            confirmDeleted(deleteProgram, statusProgram, ids, parsed, failures);
            notDeleted.clear();
        } else if (!failures.isEmpty()) {
            forget(ids, parsed, notDeleted);
            throw notDeleted(deleteProgram, statusProgram, new ArrayList<>(notDeleted), ids, failures, "",
                    unreachable);
        }
        forget(ids, parsed, notDeleted);
    }

    /** Runs one delete batch, again while the controller is unreachable, at most as often as a status call. */
    private CommandResult deleteBatch(List<String> argv) {
        Duration delay = timing.firstRetryDelay();
        for (int attempt = 1; ; attempt++) {
            CommandResult result = run(argv, "delete jobs");
            if (result.ok() || !dialect.isUnreachable(result) || attempt >= timing.statusAttempts()) {
                return result;
            }
            pause(delay);
            delay = delay.multipliedBy(2);
        }
    }

    /** Checks with status calls that deleted jobs are ending or gone; throws naming those that are not. */
    private void confirmDeleted(String deleteProgram, String statusProgram, List<String> ids, List<JobId> parsed,
            List<String> failures) {
        List<String> notEnding = new ArrayList<>();
        Set<String> notEndingIds = new LinkedHashSet<>();
        for (int check = 1; ; check++) {
            notEnding.clear();
            notEndingIds.clear();
            QueueDialect.Listing listing;
            try {
                listing = status();
            } catch (QueueException e) {
                if (!failures.isEmpty()) {
                    throw notDeleted(deleteProgram, statusProgram, ids, ids, failures, "\nand " + statusProgram
                            + " cannot confirm that they are ending: " + e.getMessage(),
                            e instanceof QueueUnreachableException);
                }
                String message = deleteProgram + " exited 0, but " + statusProgram + " cannot confirm that job(s) "
                        + listed(ids) + " are ending, so they may still run: " + e.getMessage();
                throw e instanceof QueueUnreachableException ? new QueueUnreachableException(message, ids)
                        : new QueueException(message, ids);
            }
            for (JobId id : parsed) {
                for (String entry : listing.notEnding(id)) {
                    notEnding.add(entry);
                    notEndingIds.add(id.toString());
                }
            }
            if (notEnding.isEmpty() || check >= DELETE_CHECKS) {
                break;
            }
            pause(DELETE_CHECK_STEP);
        }
        if (!notEnding.isEmpty()) {
            throw new QueueException(deleteProgram + " did not delete job(s) " + String.join(", ", notEnding) + "; "
                    + statusProgram + " still lists them " + (DELETE_CHECKS * DELETE_CHECK_STEP.toMillis() / 1000.0)
                    + " s later" + (failures.isEmpty() ? " although " + deleteProgram + " exited 0"
                            : ":\n" + String.join("\n", failures))
                    + "\nhint: " + flavour.undeletedAdvice(), new ArrayList<>(notEndingIds));
        }
    }

    private QueueException notDeleted(String deleteProgram, String statusProgram, List<String> notDeleted,
            List<String> ids, List<String> failures, String more, boolean unreachable) {
        String message = deleteProgram + " could not delete " + notDeleted.size() + " of " + ids.size() + " job(s) ("
                + listed(notDeleted) + "); they may still run (check with " + statusProgram + "):\n"
                + String.join("\n", failures)
                + more;
        return unreachable ? new QueueUnreachableException(message, notDeleted)
                : new QueueException(message, notDeleted);
    }

    /** The ids for a message: the first {@link #IDS_IN_MESSAGE}; the exception carries all. */
    private static String listed(List<String> ids) {
        return ids.size() <= IDS_IN_MESSAGE ? String.join(", ", ids)
                : String.join(", ", ids.subList(0, IDS_IN_MESSAGE)) + ", ...";
    }

    @Override
    public void endingOnTheirOwn(Collection<String> jobIds) {
        live.removeAll(jobIds);
    }

    /** Stops tracking deleted ids, and the elements of a whole array deleted by its number. */
    private void forget(List<String> ids, List<JobId> parsed, Set<String> notDeleted) {
        for (int i = 0; i < ids.size(); i++) {
            if (notDeleted.contains(ids.get(i))) {
                continue;
            }
            live.remove(ids.get(i));
            JobId id = parsed.get(i);
            if (!id.isElement()) {
                live.removeIf(l -> flavour.parseId(l).number().equals(id.number()));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- explain

    /** What the queue can tell about a job (best effort: a command that fails or is missing adds nothing). */
    @Override
    public String explain(String jobId) {
        return dialect.explain(flavour.parseId(jobId), this::tryRun);
    }

    // ---------------------------------------------------------------------------------------------- close

    /**
     * Deletes the jobs submitted here that were not yet seen ended (whole array jobs by their number), then waits,
     * at most {@link QueueTiming#commandTimeout()}, until the status call no longer lists them pending, running or
     * ending: a running job takes a moment to stop, and a caller that closes expects them gone.
     */
    @Override
    public void close() {
        Set<String> numbers = new LinkedHashSet<>();
        for (String id : live) {
            numbers.add(flavour.parseId(id).number());
        }
        live.clear();
        if (numbers.isEmpty()) {
            return;
        }
        try {
            delete(numbers);
        } catch (QueueException e) {
            live.addAll(e.notDeleted()); // a later close tries them again
            throw e;
        }
        String statusProgram = dialect.statusArgs().get(0);
        String deleteProgram = dialect.deleteArgs(List.of(numbers.iterator().next())).get(0).get(0);
        long deadline = ticker.nanoTime() + timing.commandTimeout().toNanos();
        while (true) {
            Set<String> listed = status().active(numbers);
            if (listed.isEmpty()) {
                return;
            }
            if (ticker.nanoTime() > deadline) {
                throw new QueueException(statusProgram + " still lists job(s) " + String.join(", ", listed) + " "
                        + timing.commandTimeout().toSeconds() + " s after " + deleteProgram + "; "
                        + flavour.closeAdvice(), List.copyOf(listed));
            }
            pause(CLOSE_WAIT_STEP);
        }
    }

    // ---------------------------------------------------------------------------------------------- running

    /** Runs an argv with the timeout; a program that cannot start is a {@link QueueException} with the fix. */
    private CommandResult run(List<String> argv, String purpose) {
        try {
            return commands.run(tools.resolve(argv), timing.commandTimeout());
        } catch (CommandException e) {
            String name = argv.get(0);
            throw new QueueException("cannot " + purpose + ": " + e.getMessage() + "\nset the path of " + name
                    + " in qmr's " + flavour.label() + " settings or put " + name + " on PATH", e);
        }
    }

    /** Runs a courtesy call (an explanation); null if its program is missing, so it never hides a real failure. */
    private CommandResult tryRun(List<String> argv) {
        try {
            return commands.run(tools.resolve(argv), timing.commandTimeout());
        } catch (CommandException e) {
            return null;
        }
    }

    private QueueException failure(String what, CommandResult result) {
        return new QueueException(what + ":\n" + indent(result.describe()) + hintLine(result));
    }

    private String hintLine(CommandResult result) {
        String hint = result.timedOut() ? "the command did not finish in time; " + flavour.timeoutHint()
                : dialect.hint(output(result));
        return hint.isEmpty() ? "" : "\nhint: " + hint;
    }

    private static String output(CommandResult result) {
        return result.stdout() + "\n" + result.stderr();
    }

    private static String indent(String block) {
        return "  " + block.replace("\n", "\n  ");
    }

    /** Waits {@code delay} on the ticker. */
    private void pause(Duration delay) {
        try {
            ticker.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueueException("interrupted while waiting to ask the queue again", e);
        }
    }
}
