package io.github.qmr.runtime.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs external commands without any thread of its own: stdout and stderr go to temporary files (so a chatty
 * command can never block on a full pipe), stdin is {@code /dev/null} (so a command that prompts gets EOF instead
 * of waiting forever), and every call has a timeout after which the whole process tree is killed.
 */
public final class CommandRunner implements Commands {
    /** How long to wait for a killed process to be reaped; SIGKILL cannot be ignored, so this is rarely used. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final File DEV_NULL = new File("/dev/null");

    private final Map<String, String> extraEnv;
    private final Path tempDir;

    /** A runner passing qmr's own environment unchanged, with output files in {@code java.io.tmpdir}. */
    public CommandRunner() {
        this(Map.of(), null);
    }

    /**
     * @param extraEnv variables added to (or replacing) qmr's environment for every command, e.g.
     *     {@code SGE_ROOT} and {@code SGE_CELL} for Grid Engine's real binaries
     * @param tempDir where the output files go while a command runs; {@code null} for {@code java.io.tmpdir}
     */
    public CommandRunner(Map<String, String> extraEnv, Path tempDir) {
        this.extraEnv = Map.copyOf(extraEnv);
        this.tempDir = tempDir;
    }

    @Override
    public CommandResult run(List<String> argv, Duration timeout) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        Path out = null;
        Path err = null;
        try {
            out = createTemp(argv, ".stdout");
            err = createTemp(argv, ".stderr");
            ProcessBuilder builder = new ProcessBuilder(argv)
                    .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                    .redirectOutput(ProcessBuilder.Redirect.to(out.toFile()))
                    .redirectError(ProcessBuilder.Redirect.to(err.toFile()));
            builder.environment().putAll(extraEnv);
            long start = System.nanoTime();
            Process process = start(builder, argv);
            boolean timedOut = !waitFor(process, timeout, argv);
            if (timedOut) {
                killTree(process);
            }
            Duration duration = Duration.ofNanos(System.nanoTime() - start);
            int exitCode = process.isAlive() ? -1 : process.exitValue();
            return new CommandResult(argv, exitCode, read(out), read(err), duration, timedOut);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private Path createTemp(List<String> argv, String suffix) {
        try {
            return tempDir == null
                    ? Files.createTempFile("qmr-cmd-", suffix)
                    : Files.createTempFile(tempDir, "qmr-cmd-", suffix);
        } catch (IOException e) {
            String where = tempDir == null ? System.getProperty("java.io.tmpdir") : tempDir.toString();
            throw new CommandException(argv, "cannot run " + CommandResult.commandLine(argv)
                    + ": cannot create a file for its output in " + where + " (" + e.getMessage()
                    + "); free some space there or point java.io.tmpdir to a writable folder", e);
        }
    }

    private static Process start(ProcessBuilder builder, List<String> argv) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new CommandException(argv, startFailure(argv, e), e);
        }
    }

    /** Turns the JDK's "Cannot run program ... error=2, No such file or directory" into what to do about it. */
    static String startFailure(List<String> argv, IOException e) {
        String program = argv.get(0);
        String message = String.valueOf(e.getMessage());
        String prefix = "cannot run " + CommandResult.commandLine(argv) + ": ";
        boolean onPath = !program.contains("/");
        if (message.contains("error=2,")) {
            return prefix + (onPath
                    ? "no executable '" + program + "' on PATH (" + System.getenv("PATH")
                            + "); install it, put its folder on PATH, or give its full path"
                    : "no such file " + program + "; check the path or install the program");
        }
        if (message.contains("error=13,")) {
            return prefix + program + " is not executable by this user; check its permissions (chmod +x)"
                    + (onPath ? " or the folders on PATH" : "");
        }
        return prefix + message;
    }

    private static boolean waitFor(Process process, Duration timeout, List<String> argv) {
        try {
            return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new CommandException(argv, "interrupted while running " + CommandResult.commandLine(argv)
                    + "; the command was killed", e);
        }
    }

    /** Kills the command and everything it started; the children are listed first, as they are reparented once it dies. */
    private static void killTree(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Decodes as UTF-8, replacing bad bytes, so odd output never hides the diagnostic. */
    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read the output file " + file + ": " + e.getMessage() + ")";
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover file in the temp folder is harmless and must not hide the command's result
        }
    }
}
