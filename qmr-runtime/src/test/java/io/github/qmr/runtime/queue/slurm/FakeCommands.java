package io.github.qmr.runtime.queue.slurm;

import io.github.qmr.runtime.process.CommandException;
import io.github.qmr.runtime.process.CommandResult;
import io.github.qmr.runtime.process.Commands;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/** Canned answers in order, recording every argv; runs out loudly so a test never passes by accident. */
final class FakeCommands implements Commands {
    final List<List<String>> calls = new ArrayList<>();
    final List<Duration> timeouts = new ArrayList<>();
    private final Deque<Function<List<String>, CommandResult>> answers = new ArrayDeque<>();

    FakeCommands answer(int exitCode, String stdout, String stderr) {
        answers.add(argv -> new CommandResult(argv, exitCode, stdout, stderr, Duration.ofMillis(8), false));
        return this;
    }

    FakeCommands ok(String stdout) {
        return answer(0, stdout, "");
    }

    FakeCommands timeout() {
        answers.add(argv -> new CommandResult(argv, 137, "", "", Duration.ofSeconds(60), true));
        return this;
    }

    FakeCommands missing() {
        answers.add(argv -> {
            throw new CommandException(argv, "cannot run " + argv.get(0) + ": no executable '" + argv.get(0)
                    + "' on PATH (/usr/bin:/bin); install it, put its folder on PATH, or give its full path", null);
        });
        return this;
    }

    @Override
    public CommandResult run(List<String> argv, Duration timeout) {
        calls.add(List.copyOf(argv));
        timeouts.add(timeout);
        if (answers.isEmpty()) {
            throw new AssertionError("unexpected command: " + argv);
        }
        return answers.poll().apply(argv);
    }
}
