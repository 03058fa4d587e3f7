package io.github.qmr.dummysge;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Jobs as real processes. The qstat JVM that starts a job exits right after, so the job is nobody's child we can
 * wait for: the job runs under a small {@code sh} wrapper that writes its exit status to a file, and liveness is
 * checked by pid plus start time. No reader threads: the job's stdin is /dev/null, its stdout and stderr go straight
 * to its files.
 */
final class OsJobProcesses implements JobProcesses {
    /**
     * Starts "$@" in the background with its output appended to the job's files, writes its exit status when it
     * ends, and prints the background pid. The direct child thus ends at once: HotSpot waits up to 300 ms at exit
     * for a thread stuck in waitpid() on a live child, which would make every starting qstat call that much slower.
     * {@code echo} of a short line is one write, so a reader that sees the newline sees the whole number. Fixed
     * text: the job's words are passed as arguments, never spliced into it.
     */
    static final String STARTER = "f=$1; o=$2; e=$3; shift 3; "
            + "{ \"$@\"; echo \"$?\" > \"$f\"; } < /dev/null >> \"$o\" 2>> \"$e\" & echo \"$!\"";

    /** setsid puts the job in its own session, so a Ctrl-C aimed at the caller does not reach it (as on SGE). */
    private static final String SETSID = findSetsid();

    private static String findSetsid() {
        for (String candidate : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return null;
    }

    @Override
    public Handle start(Launch launch) throws IOException {
        List<String> command = new ArrayList<>();
        if (SETSID != null) {
            command.add(SETSID);
        }
        command.addAll(List.of("/bin/sh", "-c", STARTER, "qmr-dummy-job", launch.exitFile().toString(),
                launch.stdout().toString(), launch.stderr().toString()));
        command.addAll(launch.command());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(launch.workingDir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.appendTo(launch.stderr().toFile()));
        builder.environment().clear();
        builder.environment().putAll(launch.env());
        Process starter = builder.start();
        String pid;
        try (InputStream in = starter.getInputStream()) {
            pid = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim(); // one short line, then EOF
        }
        try {
            starter.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!pid.matches("[0-9]+")) {
            throw new IOException("the job starter (/bin/sh -c ...) printed '" + pid + "' instead of a pid; see "
                    + launch.stderr());
        }
        long job = Long.parseLong(pid);
        return new Handle(job, ProcessHandle.of(job).map(OsJobProcesses::startMillis).orElse(0L));
    }

    private static long startMillis(ProcessHandle handle) {
        return handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    @Override
    public Integer exitStatus(Handle handle, Path exitFile) {
        Integer status = readExitFile(exitFile);
        if (status != null) {
            return status;
        }
        if (find(handle).isPresent()) {
            return null;
        }
        // the job may have written its status between the two checks
        status = readExitFile(exitFile);
        return status != null ? status : -1;
    }

    private static Integer readExitFile(Path exitFile) {
        try {
            String text = Files.readString(exitFile, StandardCharsets.US_ASCII);
            return text.endsWith("\n") ? Integer.valueOf(text.trim()) : null;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /** The live process of the handle; absent if it ended, is a zombie, or the pid now belongs to another process. */
    static Optional<ProcessHandle> find(Handle handle) {
        return ProcessHandle.of(handle.pid())
                .filter(p -> handle.startMillis() == 0 || startMillis(p) == 0 || startMillis(p) == handle.startMillis())
                .filter(p -> p.isAlive() && !isZombie(p.pid()));
    }

    /** ProcessHandle counts a zombie as alive; here orphans are reaped late (PID 1 is not an init), so check. */
    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            int close = stat.lastIndexOf(')');
            return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
        } catch (IOException e) {
            return false; // no /proc (not Linux) or already gone: isAlive() decides
        }
    }

    @Override
    public void kill(Handle handle) {
        Optional<ProcessHandle> root = find(handle);
        if (root.isEmpty()) {
            return;
        }
        // snapshot first: once the root is dead its children are re-parented and no longer its descendants
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root.get());
        root.get().descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline
                && tree.stream().anyMatch(p -> p.isAlive() && !isZombie(p.pid()))) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
