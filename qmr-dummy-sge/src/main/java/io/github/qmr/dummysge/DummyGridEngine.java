package io.github.qmr.dummysge;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A fake Son of Grid Engine for tests: {@code qsub}, {@code qstat}, {@code qdel} and {@code qacct} executables that a
 * real SGE driver can run unchanged, all acting on one state file. As in the original Python tool's dummy queue,
 * nothing happens between calls: each {@code qstat} listing advances the queue by one step (reap one ended job, or
 * start the oldest pending one in the background if a slot is free), then prints the queue as SGE 8.1.9's
 * {@code qstat -xml} does. The state file can make jobs go to {@code Eqw} and commands fail, to test a driver's
 * resubmissions and retries.
 *
 * <pre>{@code
 * DummyGridEngine queue = DummyGridEngine.install(binDir, 2);     // writes binDir/qsub, qstat, qdel, qacct
 * queue.injectErrors("#000000003", 2);                  // chunk 3's job goes to Eqw on its next 2 starts
 * queue.failNext("qstat", 1);                           // the next qstat fails like an unreachable qmaster
 * // ... point the driver at queue.qsub(), queue.qstat(), ... or put binDir first on PATH
 * }</pre>
 *
 * From a shell: {@code java -cp qmr-dummy-sge.jar io.github.qmr.dummysge.DummyGridEngine install DIR [--slots N]}.
 * Each call of an executable is a JVM start (about 0.1-0.15 s measured here), so poll it with a short interval.
 * Exit codes are SGE's (0, 1, 2 for a bad command line); 3 means the dummy itself failed (state file unreadable).
 */
public final class DummyGridEngine {
    /** The environment variable naming the state file when no {@code --state FILE} is given. */
    public static final String STATE_ENV = "QMR_DUMMY_STATE";
    /** The state file's name in the install folder unless another is given. */
    public static final String STATE_FILE_NAME = "dummy-queue.state";
    /** The SGE commands {@link #install} writes; it also writes {@code dummy-queue} (fail, eqw, slots, steps). */
    public static final List<String> COMMANDS = List.of("qsub", "qstat", "qdel", "qacct");
    /** Options of the wrappers' JVM: every call is a short JVM run, so start fast rather than run fast. */
    public static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Xshare:auto", "-XX:-UsePerfData");

    private final Path directory;
    private final QueueStateFile state;

    private DummyGridEngine(Path directory, Path stateFile) {
        this.directory = directory;
        this.state = new QueueStateFile(stateFile);
    }

    /** {@link #install(Path, int, Path)} with the state file {@code dir/dummy-queue.state}. */
    public static DummyGridEngine install(Path dir, int slots) {
        return install(dir, slots, dir.resolve(STATE_FILE_NAME));
    }

    /**
     * Writes the executables {@code qsub qstat qdel qacct dummy-queue} into {@code dir} (created if needed) and creates
     * the state file, or keeps its jobs if it exists. The executables run this JVM's {@code java} on the classes of
     * this qmr-dummy-sge, with the state file's path baked in.
     *
     * @param slots how many jobs may run at once (SGE slots of the one host), at least 1
     */
    public static DummyGridEngine install(Path dir, int slots, Path stateFile) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1, got " + slots);
        }
        Path home = dir.toAbsolutePath().normalize();
        DummyGridEngine queue = new DummyGridEngine(home, stateFile.toAbsolutePath().normalize());
        try {
            Files.createDirectories(home);
            Files.createDirectories(queue.stateFile().getParent());
            Path argFile = home.resolve("dummy-queue.jvm-args");
            StringBuilder args = new StringBuilder();
            JVM_OPTIONS.forEach(o -> args.append(o).append('\n'));
            args.append("-cp\n").append(argFileQuote(classpath())).append('\n');
            Files.writeString(argFile, args.toString(), StandardCharsets.UTF_8);
            List<String> executables = new ArrayList<>(COMMANDS);
            executables.add("dummy-queue");
            for (String command : executables) {
                String line = "exec " + shellQuote(javaExecutable()) + " " + shellQuote("@" + argFile) + " "
                        + DummyGridEngine.class.getName() + " --state " + shellQuote(queue.stateFile().toString()) + " "
                        + (command.equals("dummy-queue") ? "" : command + " ") + "\"$@\"\n";
                Path script = home.resolve(command);
                Files.writeString(script, "#!/bin/sh\n"
                        + "# " + command + " of the qmr dummy Grid Engine, a fake for tests. Written by "
                        + DummyGridEngine.class.getName() + " install; do not edit.\n" + line, StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the dummy queue into " + home + ": " + e.getMessage()
                    + "; check that the folder is writable", e);
        }
        queue.state.update(s -> {
            s.slots = slots;
            return null;
        });
        return queue;
    }

    /** The folder holding the executables. */
    public Path directory() {
        return directory;
    }

    public Path stateFile() {
        return state.path();
    }

    public Path qsub() {
        return directory.resolve("qsub");
    }

    public Path qstat() {
        return directory.resolve("qstat");
    }

    public Path qdel() {
        return directory.resolve("qdel");
    }

    public Path qacct() {
        return directory.resolve("qacct");
    }

    /**
     * Makes the next {@code calls} calls of {@code command} ({@code qsub}, {@code qstat}, {@code qdel} or {@code qacct})
     * fail with exit status 1 and a commlib error, as when the qmaster is down; 0 clears it.
     */
    public void failNext(String command, int calls) {
        if (!COMMANDS.contains(command) || calls < 0) {
            throw new IllegalArgumentException("failNext takes one of " + COMMANDS + " and a count >= 0, got "
                    + command + " " + calls);
        }
        state.update(s -> calls == 0 ? s.failNext.remove(command) : s.failNext.put(command, calls));
    }

    /**
     * Makes the next {@code times} starts of a job whose name ends with {@code jobNameSuffix} (e.g. qmr's
     * {@code #000000003} for chunk 3) go to {@code Eqw} instead of running. A job in {@code Eqw} stays there until
     * it is deleted, like on SGE; each such start uses up one of the {@code times}.
     */
    public void injectErrors(String jobNameSuffix, int times) {
        Objects.requireNonNull(jobNameSuffix, "jobNameSuffix");
        if (times < 0) {
            throw new IllegalArgumentException("times must be >= 0, got " + times);
        }
        state.update(s -> times == 0 ? s.eqwByName.remove(jobNameSuffix) : s.eqwByName.put(jobNameSuffix, times));
    }

    /** Makes the next {@code times} starts of array task {@code taskId} (of any array job) go to {@code Eqw}. */
    public void injectTaskErrors(int taskId, int times) {
        if (taskId < 1 || times < 0) {
            throw new IllegalArgumentException("taskId must be >= 1 and times >= 0, got " + taskId + " " + times);
        }
        state.update(s -> times == 0 ? s.eqwByTask.remove(taskId) : s.eqwByTask.put(taskId, times));
    }

    /** How many jobs may run at once. */
    public void slots(int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1, got " + slots);
        }
        state.update(s -> s.slots = slots);
    }

    /** How many steps (start or reap one job) each qstat listing takes; 1 like the original tool. */
    public void stepsPerCall(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps per call must be at least 1, got " + steps);
        }
        state.update(s -> s.stepsPerCall = steps);
    }

    // ------------------------------------------------------------------------------------------------- main

    static final String USAGE = String.join("\n",
            "usage: DummyGridEngine [--state FILE] COMMAND [ARGS...]   (a fake Grid Engine for tests; state file: --state",
            "       or $" + STATE_ENV + ")",
            "  qsub|qstat|qdel|qacct ARGS...   what SGE 8.1.9's commands do; each qstat listing advances one step",
            "  install DIR [--slots N] [--state FILE]   write DIR/qsub, qstat, qdel, qacct, dummy-queue",
            "  slots N | steps N               jobs running at once; steps per qstat call",
            "  fail COMMAND N                  the next N calls of COMMAND fail like an unreachable qmaster",
            "  eqw SUFFIX N                    the next N starts of jobs named *SUFFIX go to Eqw",
            "  eqw-task ID N                   the next N starts of array task ID go to Eqw", "");

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)), false,
                StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        Map<String, String> env = System.getenv();
        SgeCommands.Context context = new SgeCommands.Context(Path.of("").toAbsolutePath(), env, System.in, out, err,
                new OsJobProcesses(), () -> Instant.now().getEpochSecond(), ZoneId.systemDefault(),
                System.getProperty("user.name"), System.getProperty("user.home"), hostname(env));
        int code = run(List.of(args), context);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** The whole command line in the given surroundings; returns the exit status. */
    static int run(List<String> argv, SgeCommands.Context context) {
        Path cwd = context.cwd();
        PrintStream out = context.out();
        PrintStream err = context.err();
        List<String> args = new ArrayList<>(argv);
        String stateOption = takeState(args);
        if (args.isEmpty() || args.get(0).equals("-h") || args.get(0).equals("--help")) {
            err.print(USAGE);
            return 2;
        }
        String command = args.remove(0);
        stateOption = stateOption != null ? stateOption : takeState(args);
        String command0 = command;
        try {
            if (command.equals("install")) {
                return installCommand(args, cwd, stateOption, out);
            }
            String statePath = stateOption != null ? stateOption : context.env().get(STATE_ENV);
            if (statePath == null || statePath.isEmpty()) {
                err.println("qmr dummy queue: no state file for '" + command + "': set " + STATE_ENV
                        + "=FILE or pass --state FILE, or run the executables written by 'DummyGridEngine install DIR'");
                return 2;
            }
            QueueStateFile stateFile = new QueueStateFile(cwd.resolve(statePath));
            DummyGridEngine queue = new DummyGridEngine(null, stateFile.path());
            switch (command) {
                case "qsub", "qstat", "qdel", "qacct" -> {
                    return new SgeCommands(stateFile, context).run(command, args);
                }
                case "fail" -> queue.failNext(arg(args, 0, "fail COMMAND N"), number(arg(args, 1, "fail COMMAND N")));
                case "eqw" -> queue.injectErrors(arg(args, 0, "eqw SUFFIX N"), number(arg(args, 1, "eqw SUFFIX N")));
                case "eqw-task" -> queue.injectTaskErrors(number(arg(args, 0, "eqw-task ID N")),
                        number(arg(args, 1, "eqw-task ID N")));
                case "slots" -> queue.slots(number(arg(args, 0, "slots N")));
                case "steps" -> queue.stepsPerCall(number(arg(args, 0, "steps N")));
                default -> {
                    err.print("qmr dummy queue: unknown command '" + command + "'\n" + USAGE);
                    return 2;
                }
            }
            return 0;
        } catch (SgeError e) {
            err.println(e.getMessage());
            return e.exitCode;
        } catch (IllegalArgumentException e) {
            err.println("qmr dummy queue: " + command0 + ": " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            // the dummy itself broke (state file unreadable, folder not writable): say so apart from SGE's codes
            err.println("qmr dummy queue: " + command0 + " failed: " + e.getMessage());
            return 3;
        }
    }

    private static int installCommand(List<String> args, Path cwd, String stateOption, PrintStream out) {
        String dir = null;
        int slots = QueueState.DEFAULT_SLOTS;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--slots" -> slots = number(arg(args, ++i, "install DIR --slots N"));
                default -> {
                    if (dir != null || args.get(i).startsWith("-")) {
                        throw new IllegalArgumentException("unexpected '" + args.get(i) + "'; usage: install DIR "
                                + "[--slots N] [--state FILE]");
                    }
                    dir = args.get(i);
                }
            }
        }
        if (dir == null) {
            throw new IllegalArgumentException("usage: install DIR [--slots N] [--state FILE]");
        }
        Path home = cwd.resolve(dir);
        DummyGridEngine queue = stateOption == null ? install(home, slots) : install(home, slots, cwd.resolve(stateOption));
        out.println("installed the qmr dummy Grid Engine (" + slots + " slots) in " + queue.directory()
                + "; state: " + queue.stateFile());
        out.println("use it with: export PATH=" + queue.directory() + ":$PATH");
        return 0;
    }

    private static String takeState(List<String> args) {
        if (args.size() >= 2 && args.get(0).equals("--state")) {
            args.remove(0);
            return args.remove(0);
        }
        return null;
    }

    private static String arg(List<String> args, int i, String usage) {
        if (i >= args.size()) {
            throw new IllegalArgumentException("missing argument; usage: " + usage);
        }
        return args.get(i);
    }

    private static int number(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a whole number");
        }
    }

    /** Without a DNS lookup, which can take seconds on a badly configured host. */
    static String hostname(Map<String, String> env) {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII).trim();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException e) {
            // not Linux: fall through
        }
        return env.getOrDefault("HOSTNAME", "localhost");
    }

    /** The classes of this qmr-dummy-sge (the dummy needs only the JDK besides); the JVM's class path as a fallback. */
    static String classpath() {
        CodeSource source = DummyGridEngine.class.getProtectionDomain().getCodeSource();
        if (source != null && source.getLocation() != null) {
            try {
                return Path.of(source.getLocation().toURI()).toString();
            } catch (URISyntaxException | IllegalArgumentException e) {
                // not a file location: fall back
            }
        }
        return System.getProperty("java.class.path");
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** POSIX single quotes: nothing inside is special. */
    static String shellQuote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** A {@code java @argfile} argument: double-quoted, backslash and double quote escaped. */
    static String argFileQuote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
