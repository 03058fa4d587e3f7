package io.github.qmr.runtime.process;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/** Canned answers in order, recording every argv; runs out loudly so a test never passes by accident. */
public final class FakeCommands implements Commands {
    public final List<List<String>> calls = new ArrayList<>();
    public final List<Duration> timeouts = new ArrayList<>();
    private final Deque<Function<List<String>, CommandResult>> answers = new ArrayDeque<>();

    public FakeCommands answer(int exitCode, String stdout, String stderr) {
        answers.add(argv -> new CommandResult(argv, exitCode, stdout, stderr, Duration.ofMillis(8), false));
        return this;
    }

    public FakeCommands ok(String stdout) {
        return answer(0, stdout, "");
    }

    public FakeCommands timeout() {
        answers.add(argv -> new CommandResult(argv, 137, "", "", Duration.ofSeconds(60), true));
        return this;
    }

    public FakeCommands missing() {
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
