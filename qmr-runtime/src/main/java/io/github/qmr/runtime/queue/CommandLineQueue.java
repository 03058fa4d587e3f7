package io.github.qmr.runtime.queue;

import io.github.qmr.runtime.clock.Ticker;
import io.github.qmr.runtime.process.CommandResult;
import io.github.qmr.runtime.process.Commands;
import io.github.qmr.runtime.process.Executables;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A queue driven by its command-line clients (like Nextflow's grid executors): runs what its {@link QueueDialect}
 * says with a timeout, retries a status call, submits so that a job never runs twice, checks deletions and waits for
 * deleted jobs to leave, and shapes every failure message. All flavour knowledge is in the dialect. Running the
 * programs is {@link QueueCalls}'s, deleting {@link QueueDeletion}'s, following what it submitted {@link LiveJobs}'.
 *
 * <p>A poll is ONE status call whatever the number of jobs. A status or delete call that fails only because the
 * controller is unreachable is retried {@link QueueTiming#statusAttempts()} times, further apart each time, and then
 * throws a {@link QueueUnreachableException}: a job is never taken as done because a call failed.
 */
public final class CommandLineQueue implements BatchQueue {
    private static final Duration CLOSE_WAIT_STEP = Duration.ofMillis(250);

    private final QueueDialect dialect;
    private final Flavour flavour;
    private final QueueTools tools;
    private final QueueTiming timing;
    /** Ids submitted here and not yet seen gone or deleted: what {@link #close()} deletes. */
    private final LiveJobs live;
    /** The programs run with the timeout, the status call retried, the failures worded. */
    private final QueueCalls calls;
    private final QueueDeletion deletion;

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
        this.timing = timing;
        this.live = new LiveJobs(flavour);
        this.calls = new QueueCalls(dialect, tools, timing, commands, ticker);
        this.deletion = new QueueDeletion(dialect, timing, calls, live);
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
                : new CommandLineQueue(dialect.withRequest(request), tools, timing, calls.commands(), calls.ticker());
    }

    @Override
    public Request siteRequest() {
        return dialect.siteRequest();
    }

    @Override
    public Duration grantedWalltime(Duration requested) {
        return dialect.grantedWalltime(requested);
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
            CommandResult result = calls.run(argv, "submit job " + name);
            String failure;
            boolean unreachable = false;
            if (result.ok()) {
                try {
                    return dialect.parseJobId(result.stdout());
                } catch (QueueException e) {
                    failure = e.getMessage() + "\n" + QueueCalls.indent(result.describe());
                }
            } else if (result.timedOut() || dialect.isTransient(QueueCalls.output(result))) {
                unreachable = dialect.isUnreachable(result);
                failure = program + " could not submit job " + name + ":\n" + QueueCalls.indent(result.describe())
                        + calls.hintLine(result);
            } else if (dialect.isJobLimit(QueueCalls.output(result))) {
                throw new JobLimitException(program + " refused job " + name + " at a limit on the number of jobs: "
                        + QueueCalls.output(result).strip().replaceAll("\\s+", " "));
            } else {
                throw calls.failure(program + " could not submit job " + name, result);
            }
            String already = jobNamed(name);
            if (already != null) {
                return already;
            }
            if (attempt >= timing.statusAttempts()) {
                String message = failure + "\n(tried " + attempt + " times; no job named " + name + " is in the queue)";
                throw unreachable ? new QueueUnreachableException(message) : new QueueException(message);
            }
            calls.pause(delay);
            delay = delay.multipliedBy(2);
        }
    }

    @Override
    public List<String> jobsNamedFrom(String prefix) {
        CommandResult result = calls.run(dialect.jobsWithNamesArgs(), "list the jobs named " + prefix + "...");
        if (!result.ok()) {
            throw new QueueException("cannot list the jobs named " + prefix + "...: " + result.describe());
        }
        return dialect.parseJobsNamedFrom(result.stdout(), prefix);
    }

    /** The id of a not yet ended job with this name, or null; a failing look-up counts as "none seen". */
    private String jobNamed(String name) {
        try {
            CommandResult result = calls.run(dialect.jobNamedArgs(name), "look for job " + name);
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
        QueueDialect.Listing listing = calls.status();
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
        deletion.delete(jobIds, false);
    }

    @Override
    public void deleteLost(Collection<String> jobIds) {
        try {
            deletion.delete(jobIds, true);
        } catch (QueueUnreachableException e) {
            throw e;
        } catch (QueueException e) {
            // forcing refused (e.g. not a manager): the queue removes it once its host answers
            deletion.delete(jobIds, false);
        }
    }

    @Override
    public void endingOnTheirOwn(Collection<String> jobIds) {
        live.removeAll(jobIds);
    }

    // ---------------------------------------------------------------------------------------------- explain

    /** What the queue can tell about a job (best effort: a command that fails or is missing adds nothing). */
    @Override
    public String explain(String jobId) {
        return dialect.explain(flavour.parseId(jobId), calls::tryRun);
    }

    /** See {@link BatchQueue#usage}: best effort, one accounting call. */
    @Override
    public Map<String, JobUsage> usage(Collection<String> jobIds, String namePrefix) {
        return jobIds.isEmpty() ? Map.of() : dialect.usage(jobIds.stream().map(flavour::parseId).toList(), namePrefix,
                argv -> calls.tryRun(argv, USAGE_TIMEOUT));
    }

    /**
     * How long one accounting call may take: qacct reads a site's whole accounting file (here 2.2 MB, 7,900 jobs, in
     * 0.3 s; a site's of years runs to gigabytes and minutes), and the figures are not worth holding a map's end for.
     */
    static final Duration USAGE_TIMEOUT = Duration.ofSeconds(5);

    // ---------------------------------------------------------------------------------------------- close

    /**
     * Deletes the jobs submitted here that were not yet seen ended (whole array jobs by their number), then waits,
     * at most {@link QueueTiming#commandTimeout()}, until the status call no longer lists them pending, running or
     * ending: a running job takes a moment to stop, and a caller that closes expects them gone.
     */
    @Override
    public void close() {
        Set<String> numbers = live.takeNumbers();
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
        long deadline = calls.ticker().nanoTime() + timing.commandTimeout().toNanos();
        while (true) {
            Set<String> listed = calls.status().active(numbers);
            if (listed.isEmpty()) {
                return;
            }
            if (calls.ticker().nanoTime() > deadline) {
                throw new QueueException(statusProgram + " still lists job(s) " + String.join(", ", listed) + " "
                        + timing.commandTimeout().toSeconds() + " s after " + deleteProgram + "; "
                        + flavour.closeAdvice(), List.copyOf(listed));
            }
            calls.pause(CLOSE_WAIT_STEP);
        }
    }
}
