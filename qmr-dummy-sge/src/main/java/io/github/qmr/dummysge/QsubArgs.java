package io.github.qmr.dummysge;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * qsub's command line, parsed the way SGE 8.1.9 reads it: options up to the first word that is not one, then the
 * script and its arguments. Options SGE knows but the dummy does not model are read with their argument and ignored,
 * so the script is never mistaken; an option SGE does not know is an error.
 */
final class QsubArgs {
    /** SGE qsub options that take one argument and that the dummy accepts without acting on them. */
    private static final Set<String> IGNORED_WITH_ARGUMENT = Set.of("-a", "-A", "-ac", "-ar", "-c", "-ckpt", "-C",
            "-dc", "-display", "-dl", "-hold_jid", "-hold_jid_ad", "-i", "-js", "-jsv", "-l", "-m", "-M",
            "-masterq", "-now", "-p", "-R", "-r", "-sc", "-shell", "-w", "-pty");
    /** SGE qsub options without an argument that the dummy accepts without acting on them. */
    private static final Set<String> IGNORED_FLAGS = Set.of("-hard", "-soft", "-notify", "-clear", "-verify");

    /** The characters SGE accepts in a job name besides letters and digits (facts/sge-localhost.md). */
    static final String NAME_PUNCTUATION = "#$!%&()=,;\"'<>|~`^+-.[]{}_";
    static final int NAME_MAX = 511;

    boolean terse;
    boolean help;
    String name;
    String stdout;
    String stderr;
    boolean joinOutput;
    /** Absolute; null means the user's home, as on SGE without -wd or -cwd. */
    Path workingDir;
    String shell = "/bin/sh";
    int first;
    int last;
    int step;
    int maxRunning;
    int slots = 1;
    boolean held;
    boolean binary;
    boolean exportAll;
    String queue = "all.q";
    String project = "NONE";
    /** -v variables; a null value means "take it from the submitter's environment". */
    final Map<String, String> variables = new TreeMap<>();
    /** The script as given, or null when it comes from stdin. */
    String script;
    final List<String> args = new ArrayList<>();

    static QsubArgs parse(List<String> argv, Path cwd) {
        QsubArgs q = new QsubArgs();
        int i = 0;
        while (i < argv.size() && argv.get(i).startsWith("-") && q.script == null) {
            String option = argv.get(i++);
            if (IGNORED_FLAGS.contains(option)) {
                continue;
            }
            switch (option) {
                case "-terse" -> q.terse = true;
                case "-help" -> q.help = true;
                case "-cwd" -> q.workingDir = cwd;
                case "-h" -> q.held = true;
                case "-V" -> q.exportAll = true;
                case "-binding" -> {
                    // -binding [env|pe|set] strategy: the first word is optional
                    String first = value(argv, i++, option);
                    if (Set.of("env", "pe", "set").contains(first)) {
                        value(argv, i++, option);
                    }
                }
                case "-pe" -> {
                    value(argv, i++, option); // the parallel environment's name
                    q.slots = peSlots(value(argv, i++, option));
                }
                default -> {
                    if (IGNORED_WITH_ARGUMENT.contains(option)) {
                        value(argv, i++, option);
                    } else {
                        q.option(option, value(argv, i++, option), cwd);
                    }
                }
            }
        }
        if (i < argv.size()) {
            q.script = argv.get(i++);
            q.args.addAll(argv.subList(i, argv.size()));
        }
        return q;
    }

    private void option(String option, String value, Path cwd) {
        switch (option) {
            case "-N" -> {
                if (value.contains("/")) {
                    throw new SgeError(2, "qsub: argument to -N option must not contain / ");
                }
                name = value;
            }
            case "-o" -> stdout = stripHost(value);
            case "-e" -> stderr = stripHost(value);
            case "-j" -> joinOutput = yes(option, value);
            case "-wd" -> workingDir = cwd.resolve(value).normalize();
            case "-S" -> shell = stripHost(value);
            case "-t" -> taskRange(value);
            case "-tc" -> maxRunning = number(option, value);
            case "-b" -> binary = yes(option, value);
            case "-q" -> {
                // the first queue of the list, without an @host part
                String q = value.split(",")[0];
                queue = q.contains("@") ? q.substring(0, q.indexOf('@')) : q;
            }
            case "-P" -> project = value;
            case "-v" -> {
                for (String item : value.split(",")) {
                    int eq = item.indexOf('=');
                    variables.put(eq < 0 ? item : item.substring(0, eq), eq < 0 ? null : item.substring(eq + 1));
                }
            }
            case "-sync" -> {
                if (yes(option, value)) {
                    throw new SgeError(2, "qsub: the qmr dummy queue does not support -sync y: its jobs only move "
                            + "when qstat is called, so qsub would wait forever; submit without -sync and poll qstat");
                }
            }
            case "-@" -> throw new SgeError(2, "qsub: the qmr dummy queue does not read option files (-@ " + value
                    + "); put the options on the command line");
            default -> throw new SgeError(2, "qsub: Unknown option " + option + " (neither SGE 8.1.9's qsub nor the "
                    + "qmr dummy queue knows it)");
        }
    }

    private static String value(List<String> argv, int i, String option) {
        if (i >= argv.size()) {
            throw new SgeError(2, "qsub: option " + option + " needs an argument");
        }
        return argv.get(i);
    }

    private static boolean yes(String option, String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "y", "yes" -> true;
            case "n", "no" -> false;
            default -> throw new SgeError(2, "qsub: " + option + " takes y or n, not '" + value + "'");
        };
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new SgeError(2, "qsub: " + option + " takes a number, not '" + value + "'");
        }
    }

    /** {@code [host]:path} is SGE's path-list form; a colon after a slash belongs to the path. */
    static String stripHost(String value) {
        int colon = value.indexOf(':');
        return colon >= 0 && value.lastIndexOf('/', colon) < 0 ? value.substring(colon + 1) : value;
    }

    /** {@code -pe NAME 4} or {@code 2-4}: the dummy always grants the most it can, as SGE does on an idle host. */
    private static int peSlots(String range) {
        String[] parts = range.split("-", -1);
        String most = parts[parts.length - 1].isEmpty() ? parts[0] : parts[parts.length - 1];
        return number("-pe", most);
    }

    private void taskRange(String value) {
        int[] r;
        try {
            r = QueueState.parseRange(value);
        } catch (RuntimeException e) {
            throw new SgeError(1, "qsub: ERROR! -t option has an invalid task id range '" + value
                    + "' (use n, n-m or n-m:s)");
        }
        int a = Math.min(r[0], r[1]);
        int b = Math.max(r[0], r[1]); // SGE turns 5-3 into 3-5
        if (a < 1) {
            throw new SgeError(1, "Unable to run job: job rejected: " + a + " is an invalid task id\nExiting.");
        }
        if (r[2] < 1) {
            throw new SgeError(1, "Unable to run job: job rejected: " + r[2] + " is an invalid step size\nExiting.");
        }
        first = a;
        step = r[2];
        last = a + (b - a) / step * step; // SGE prints 1-4:2 as 1-3:2
    }

    /**
     * Checks a job name like SGE 8.1.9 (facts/sge-localhost.md). The wording of the leading-digit and empty-name
     * errors is the real one; the others are modelled on it.
     */
    static void validateName(String name) {
        if (name.isEmpty()) {
            throw new SgeError(1, "Unable to run job: job rejected cause there is no job_name in the request\nExiting.");
        }
        String problem = null;
        if (Character.isDigit(name.charAt(0))) {
            problem = "cannot start with a digit";
        } else if (Set.of("ALL", "NONE", "TEMPLATE").contains(name.toUpperCase(java.util.Locale.ROOT))) {
            problem = "is a reserved word";
        } else if (name.length() > NAME_MAX) {
            problem = "longer than " + NAME_MAX + " characters";
        } else {
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || NAME_PUNCTUATION.indexOf(c) >= 0;
                if (!ok) {
                    problem = "contains the invalid character \"" + c + "\"";
                    break;
                }
            }
        }
        if (problem != null) {
            throw new SgeError(1, "Unable to run job: denied: \"" + name + "\" is not a valid object name ("
                    + problem + ")\nExiting.");
        }
    }

    boolean isArray() {
        return step > 0;
    }
}
