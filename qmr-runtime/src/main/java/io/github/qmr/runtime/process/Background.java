package io.github.qmr.runtime.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts a command that runs on its own while this JVM goes on (e.g. the maker of the workers' class-data archive):
 * stdin is {@code /dev/null}, stdout and stderr are appended to a log file, so it never blocks on a pipe nobody
 * reads, and it may outlive this JVM. The caller keeps the {@link Process} to wait for it or stop it.
 */
public final class Background {
    private Background() {}

    /** @throws CommandException saying what could not be started and what to do about it */
    public static Process start(List<String> argv, Path log) {
        try {
            return new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new CommandException(argv, CommandRunner.startFailure(argv, e), e);
        }
    }
}
