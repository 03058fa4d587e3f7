package io.github.qmr.runtime.process;

import java.time.Duration;
import java.util.List;

/**
 * Runs one external command to completion. The seam between qmr and the executables it drives: production code
 * uses {@link CommandRunner}, tests pass a lambda that records the argv and returns canned output.
 */
@FunctionalInterface
public interface Commands {
    /**
     * Runs {@code argv} (no shell: {@code argv.get(0)} is the executable, the rest are its arguments) and waits at
     * most {@code timeout}; a command still running then is killed and reported with {@link CommandResult#timedOut()}.
     *
     * @throws CommandException if the command could not be started at all (e.g. the executable is missing)
     */
    CommandResult run(List<String> argv, Duration timeout);
}
