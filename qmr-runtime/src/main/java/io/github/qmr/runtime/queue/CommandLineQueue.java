package io.github.qmr.runtime.queue;

import io.github.qmr.runtime.process.CommandException;
import io.github.qmr.runtime.process.CommandResult;
import io.github.qmr.runtime.process.Commands;
import io.github.qmr.runtime.process.Executables;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The impure part every queue driven by command-line clients shares (like Nextflow's grid executors): running a
 * program with a timeout, retrying a status call, submitting so that a job never runs twice, waiting for deleted
 * jobs to leave, and the shape of every failure message. A flavour supplies its pure dialect and its wording.
 */
public abstract class CommandLineQueue implements BatchQueue {
    private static final Duration CLOSE_WAIT_STEP = Duration.ofMillis(250);

    private final Commands commands;
    private final QueueTiming timing;
    /** Waits between retries; tests give one that only records. */
    protected final Consumer<Duration> sleeper;
    /** Ids submitted here and not yet seen gone or deleted: what {@link #close()} deletes. */
    protected final Set<String> live = new LinkedHashSet<>();

    protected CommandLineQueue(Commands commands, QueueTiming timing, Consumer<Duration> sleeper) {
        this.commands = commands;
        this.timing = timing;
        this.sleeper = sleeper;
    }

    @Override
    public Duration defaultPollInterval() {
        return timing.pollInterval();
    }

    /** The flavour's name in messages: {@code SGE}, {@code Slurm}. */
    protected abstract String flavour();

    /** The configured program (a name on PATH or a path) for a dialect's program name such as {@code qsub}. */
    protected abstract String program(String name);

    /** A dialect argv with its program name replaced by the configured program. */
    protected final List<String> resolve(List<String> dialectArgv) {
        List<String> argv = new ArrayList<>(dialectArgv);
        argv.set(0, program(argv.get(0)));
        return argv;
    }

    /** Where the programs usually are, for messages, e.g. {@code /opt/slurm/bin/}. */
    protected abstract String exampleBinDir();

    /** A fix for an error the flavour's programs are known to print, or "". */
    protected abstract String hint(String output);

    /** What a command that did not finish in time suggests, e.g. an overloaded controller. */
    protected abstract String timeoutHint();

    /** The submit argv of one job, e.g. {@code qsub -terse ...}. */
    protected abstract List<String> submitArgs(JobSpec job);

    /** The submit argv of an array job of elements {@code 1..size}. */
    protected abstract List<String> arraySubmitArgs(ArrayJobSpec job);

    /** The job id in what the submit program printed; a {@link QueueException} naming the output if there is none. */
    protected abstract String parseJobId(String output);

    /** Whether a failed submission's output says only that the controller was busy or unreachable. */
    protected abstract boolean isTransient(String output);

    /** The id of a not yet ended job with this name, or null; asked before a failed submission is retried. */
    protected abstract String jobNamed(String name);

    /** The id of element {@code task} (1-based) of an array job, as {@link #poll} and {@link #delete} know it. */
    protected abstract String elementId(String arrayJobId, int task);

    /** What the flavour calls an array's members in messages, e.g. {@code tasks}. */
    protected abstract String arrayMembers();

    /** How to raise the array size limit, for the message when an array job is too large. */
    protected abstract String arrayLimitAdvice();

    @Override
    public final String submit(JobSpec job) {
        String id = submitChecked(job.name(), submitArgs(job));
        live.add(id);
        return id;
    }

    /** Submits one array job; returns its element ids in order (see {@link #elementId}). */
    @Override
    public final List<String> submitArray(ArrayJobSpec job) {
        if (job.size() > maxArraySize()) {
            throw new QueueException("array job " + job.name() + " has " + job.size() + " " + arrayMembers()
                    + ", more than the " + maxArraySize() + " allowed by the " + flavour() + " settings"
                    + " (maxArraySize); split it or raise the limit (" + arrayLimitAdvice() + ")");
        }
        String id = submitChecked(job.name(), arraySubmitArgs(job));
        List<String> ids = new ArrayList<>(job.size());
        for (int task = 1; task <= job.size(); task++) {
            ids.add(elementId(id, task));
        }
        live.addAll(ids);
        return ids;
    }

    /** Checks that the named programs exist and are executable, with one line per missing one saying the fix. */
    protected final void checkPrograms(List<String> names, String pathEnv) {
        List<String> problems = new ArrayList<>();
        for (String name : names) {
            String program = program(name);
            if (Executables.locate(program, pathEnv).isEmpty()) {
                problems.add(program.contains("/")
                        ? flavour() + "'s " + name + " at " + program + " does not exist or is not executable; set the"
                                + " path of " + name + " to the right file or put " + name + " on PATH"
                        : flavour() + "'s " + name + " is not on PATH (" + pathEnv + "); set the path of " + name
                                + " (e.g. " + exampleBinDir() + name + ") or put " + name + " on PATH");
            }
        }
        if (!problems.isEmpty()) {
            throw new QueueException(String.join("\n", problems));
        }
    }

    /** Runs a dialect argv with the timeout; a program that cannot start is a {@link QueueException} with the fix. */
    protected final CommandResult run(List<String> dialectArgv, String purpose) {
        try {
            return commands.run(resolve(dialectArgv), timing.commandTimeout());
        } catch (CommandException e) {
            String name = dialectArgv.get(0);
            throw new QueueException("cannot " + purpose + ": " + e.getMessage() + "\nset the path of " + name
                    + " in qmr's " + flavour() + " settings or put " + name + " on PATH", e);
        }
    }

    /** Runs a courtesy call (an explanation); null if its program is missing, so it never hides a real failure. */
    protected final CommandResult tryRun(List<String> dialectArgv) {
        try {
            return commands.run(resolve(dialectArgv), timing.commandTimeout());
        } catch (CommandException e) {
            return null;
        }
    }

    /**
     * Submits and returns the job id. A submission that timed out, printed no job id, or could not reach the
     * controller ({@link #isTransient}) may still have gone through, so before it is tried again {@link #jobNamed}
     * is asked for a job of that name: a chunk never runs twice at once. Other failures (a rejected option or
     * resource) are final at once.
     */
    private String submitChecked(String name, List<String> dialectArgv) {
        String program = dialectArgv.get(0);
        Duration delay = timing.firstRetryDelay();
        for (int attempt = 1; ; attempt++) {
            CommandResult result = run(dialectArgv, "submit job " + name);
            String failure;
            if (result.ok()) {
                try {
                    return parseJobId(result.stdout());
                } catch (QueueException e) {
                    failure = e.getMessage() + "\n" + indent(result.describe());
                }
            } else if (result.timedOut() || isTransient(result.stdout() + "\n" + result.stderr())) {
                failure = program + " could not submit job " + name + ":\n" + indent(result.describe())
                        + hintLine(result);
            } else {
                throw failure(program + " could not submit job " + name, result);
            }
            String already = jobNamed(name);
            if (already != null) {
                return already;
            }
            if (attempt >= timing.statusAttempts()) {
                throw new QueueException(failure + "\n(tried " + attempt + " times; no job named " + name
                        + " is in the queue)");
            }
            sleeper.accept(delay);
            delay = delay.multipliedBy(2);
        }
    }

    /**
     * A status call, retried further apart each time when it fails or prints what {@code parse} cannot read, then a
     * {@link QueueException}: a job is never taken as done because the status call failed.
     */
    protected final <T> T statusWithRetries(List<String> dialectArgv, Function<String, T> parse) {
        String failure = "";
        Duration delay = timing.firstRetryDelay();
        for (int attempt = 1; ; attempt++) {
            CommandResult result = run(dialectArgv, "ask " + flavour() + " for the state of its jobs");
            if (result.ok()) {
                try {
                    return parse.apply(result.stdout());
                } catch (QueueException e) {
                    failure = e.getMessage() + "\n" + indent(result.describe());
                }
            } else {
                failure = indent(result.describe()) + hintLine(result);
            }
            if (attempt >= timing.statusAttempts()) {
                throw new QueueException(dialectArgv.get(0) + " failed " + attempt + " time(s) in a row, so the state"
                        + " of the jobs is unknown; the last attempt:\n" + failure);
            }
            sleeper.accept(delay);
            delay = delay.multipliedBy(2);
        }
    }

    /**
     * Waits, at most the command timeout, until {@code stillListed} is empty after a deletion; then throws, naming
     * the jobs and {@code advice}.
     */
    protected final void awaitGone(Supplier<Set<String>> stillListed, String statusProgram, String deleteProgram,
            String advice) {
        long deadline = System.nanoTime() + timing.commandTimeout().toNanos();
        while (true) {
            Set<String> listed = stillListed.get();
            if (listed.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new QueueException(statusProgram + " still lists job(s) " + String.join(", ", listed) + " "
                        + timing.commandTimeout().toSeconds() + " s after " + deleteProgram + "; " + advice);
            }
            sleeper.accept(CLOSE_WAIT_STEP);
        }
    }

    protected final QueueException failure(String what, CommandResult result) {
        return new QueueException(what + ":\n" + indent(result.describe()) + hintLine(result));
    }

    protected final String hintLine(CommandResult result) {
        String hint = result.timedOut() ? "the command did not finish in time; " + timeoutHint()
                : hint(result.stdout() + "\n" + result.stderr());
        return hint.isEmpty() ? "" : "\nhint: " + hint;
    }

    protected static String indent(String block) {
        return "  " + block.replace("\n", "\n  ");
    }

    /** The real sleeper. */
    protected static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueueException("interrupted while waiting to ask the queue again", e);
        }
    }
}
