package io.github.qmr.runtime.process;

import java.util.List;

/** A command could not be started (missing or non-executable program, no temp space, interrupted). */
public class CommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> argv;

    public CommandException(List<String> argv, String message, Throwable cause) {
        super(message, cause);
        this.argv = List.copyOf(argv);
    }

    /** The command that could not be run. */
    public List<String> argv() {
        return argv;
    }
}
