package io.github.qmr.dummysge;

/**
 * A refusal worded and coded like the real command's, e.g. qsub's {@code Unable to run job: ...} with exit 1.
 * The message is printed as is, without a stack trace, because a driver under test may parse it.
 */
final class SgeError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int exitCode;

    SgeError(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }
}
