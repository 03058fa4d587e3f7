package io.github.qmr.runtime.queue;

import io.github.qmr.runtime.clock.Ticker;
import io.github.qmr.runtime.process.CommandException;
import io.github.qmr.runtime.process.CommandResult;
import io.github.qmr.runtime.process.Commands;
import java.time.Duration;
import java.util.List;

/**
 * How {@link CommandLineQueue} runs its flavour's programs: each with the timeout, a program that cannot start
 * said with the fix, the status call retried further apart each time, and every failure shaped the same way (the
 * command's whole diagnostic, indented, and the dialect's hint).
 */
final class QueueCalls {
    private final QueueDialect dialect;
    private final Flavour flavour;
    private final QueueTools tools;
    private final Commands commands;
    private final QueueTiming timing;
    /** The time the waits read, and their pauses; tests give one that only records. */
    private final Ticker ticker;

    QueueCalls(QueueDialect dialect, QueueTools tools, QueueTiming timing, Commands commands, Ticker ticker) {
        this.dialect = dialect;
        this.flavour = dialect.flavour();
        this.tools = tools;
        this.commands = commands;
        this.timing = timing;
        this.ticker = ticker;
    }

    /**
     * The status call, retried further apart each time when it fails or prints what cannot be read, then a
     * {@link QueueUnreachableException} if the last failure said the controller could not be reached, else a
     * {@link QueueException}.
     */
    QueueDialect.Listing status() {
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

    /** Runs an argv with the timeout; a program that cannot start is a {@link QueueException} with the fix. */
    CommandResult run(List<String> argv, String purpose) {
        try {
            return commands.run(tools.resolve(argv), timing.commandTimeout());
        } catch (CommandException e) {
            String name = argv.get(0);
            throw new QueueException("cannot " + purpose + ": " + e.getMessage() + "\nset the path of " + name
                    + " in qmr's " + flavour.label() + " settings or put " + name + " on PATH", e);
        }
    }

    /** Runs a courtesy call (an explanation); null if its program is missing, so it never hides a real failure. */
    CommandResult tryRun(List<String> argv) {
        return tryRun(argv, timing.commandTimeout());
    }

    /** {@link #tryRun(List)} with a timeout of its own. */
    CommandResult tryRun(List<String> argv, Duration timeout) {
        try {
            return commands.run(tools.resolve(argv), timeout);
        } catch (CommandException e) {
            return null;
        }
    }

    QueueException failure(String what, CommandResult result) {
        return new QueueException(what + ":\n" + indent(result.describe()) + hintLine(result));
    }

    String hintLine(CommandResult result) {
        String hint = result.timedOut() ? "the command did not finish in time; " + flavour.timeoutHint()
                : dialect.hint(output(result));
        return hint.isEmpty() ? "" : "\nhint: " + hint;
    }

    static String output(CommandResult result) {
        return result.stdout() + "\n" + result.stderr();
    }

    static String indent(String block) {
        return "  " + block.replace("\n", "\n  ");
    }

    Commands commands() {
        return commands;
    }

    /** The time the waits read, and their pauses. */
    Ticker ticker() {
        return ticker;
    }

    /** Waits {@code delay} on the ticker. */
    void pause(Duration delay) {
        try {
            ticker.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueueException("interrupted while waiting to ask the queue again", e);
        }
    }
}
