package io.github.qmr.maven;

import java.nio.file.Path;

/**
 * The user's code failed: more tasks than {@code <maxFailedTasks>} allows, or the reducer threw. The mojo turns it into
 * a build failure (as a failing test is), not an error of the build itself.
 */
public class MapFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path resultsDirectory;

    public MapFailedException(String message, Path resultsDirectory, Throwable cause) {
        super(message, cause);
        this.resultsDirectory = resultsDirectory;
    }

    /** Where the table and the report of the failed map are. */
    public Path resultsDirectory() {
        return resultsDirectory;
    }
}
