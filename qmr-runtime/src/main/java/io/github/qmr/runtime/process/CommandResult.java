package io.github.qmr.runtime.process;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What one external command did. {@link #toString()} is the whole diagnostic block a user needs when it failed:
 * the command (copy-pasteable into a shell), how it ended, and both outputs indented, long ones cut in the middle.
 *
 * @param argv the command and its arguments
 * @param exitCode the exit code; for a command killed after its timeout, whatever the kill left (usually 137)
 * @param stdout everything it wrote to stdout
 * @param stderr everything it wrote to stderr
 * @param duration wall-clock time from start until it ended or was killed
 * @param timedOut whether it ran past its timeout and was killed
 */
public record CommandResult(List<String> argv, int exitCode, String stdout, String stderr, Duration duration,
        boolean timedOut) {
    /** Lines kept from each end of a long output; the middle is what a reader needs least. */
    static final int KEEP_LINES = 25;
    /** Characters kept from each end, for output with few but huge lines (e.g. XML on one line). */
    static final int KEEP_CHARS = 3000;
    static final String INDENT = "    ";

    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    public CommandResult {
        argv = List.copyOf(argv);
    }

    /** Exit code 0 and not killed. */
    public boolean ok() {
        return exitCode == 0 && !timedOut;
    }

    /** The command as one shell line, each argument quoted where a shell would split or expand it. */
    public String commandLine() {
        return commandLine(argv);
    }

    static String commandLine(List<String> argv) {
        StringBuilder line = new StringBuilder();
        for (String arg : argv) {
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(SHELL_SAFE.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return line.toString();
    }

    /**
     * The diagnostic block, e.g.
     *
     * <pre>
     * command: qstat -xml
     * exit status: 1 (after 0.09 s)
     * stdout: (empty)
     * stderr:
     *     error: commlib error: got select error (Connection refused)
     * </pre>
     */
    public String describe() {
        StringBuilder block = new StringBuilder();
        block.append("command: ").append(commandLine()).append('\n');
        String seconds = String.format(Locale.ROOT, "%.2f s", duration.toNanos() / 1e9);
        if (timedOut) {
            block.append("exit status: none, killed after the timeout of ").append(seconds).append('\n');
        } else {
            block.append("exit status: ").append(exitCode).append(" (after ").append(seconds).append(")\n");
        }
        appendOutput(block, "stdout", stdout);
        appendOutput(block, "stderr", stderr);
        return block.substring(0, block.length() - 1);
    }

    @Override
    public String toString() {
        return describe();
    }

    private static void appendOutput(StringBuilder block, String label, String text) {
        if (text.isBlank()) {
            block.append(label).append(": (empty)\n");
            return;
        }
        block.append(label).append(":\n");
        for (String line : cutMiddle(text.stripTrailing()).split("\n", -1)) {
            block.append(INDENT).append(line).append('\n');
        }
    }

    /** Keeps the first and last lines (and characters) of a long text, saying how much was left out. */
    static String cutMiddle(String text) {
        String[] lines = text.split("\n", -1);
        String cut = text;
        if (lines.length > 2 * KEEP_LINES) {
            StringBuilder kept = new StringBuilder();
            for (int i = 0; i < KEEP_LINES; i++) {
                kept.append(lines[i]).append('\n');
            }
            kept.append("[... ").append(lines.length - 2 * KEEP_LINES).append(" lines cut ...]\n");
            for (int i = lines.length - KEEP_LINES; i < lines.length; i++) {
                kept.append(lines[i]).append(i < lines.length - 1 ? "\n" : "");
            }
            cut = kept.toString();
        }
        if (cut.length() > 2 * KEEP_CHARS) {
            int left = cut.length() - 2 * KEEP_CHARS;
            cut = cut.substring(0, KEEP_CHARS) + "\n[... " + left + " characters cut ...]\n"
                    + cut.substring(cut.length() - KEEP_CHARS);
        }
        return cut;
    }
}
