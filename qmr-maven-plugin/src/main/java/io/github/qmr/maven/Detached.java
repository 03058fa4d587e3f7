package io.github.qmr.maven;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A map run in the background ({@code -Dqmr.detach}): the same goal of the same execution, started as a Maven of its
 * own in a session of its own ({@code setsid}: no terminal, so no SIGHUP when the terminal or the SSH connection ends),
 * its output to a log. The build that started it returns once the map has started (its checks and pre-flight passed,
 * its session made); a later build of the same execution waits for it and takes its outputs (the up-to-date check);
 * {@code qmr:cancel} stops it, which deletes its queue-jobs as a stopped build does.
 *
 * <p>Its record, beside the execution's output folder ({@code target/qmr/<id>.detached}), names its pid, start time
 * and log ({@code target/qmr/<id>.detached.log}); it is taken as running only while that process lives.
 */
final class Detached {
    /** What the background map says once it has started: its session's first line. */
    static final Pattern STARTED = Pattern.compile("(qmr-\\d{8}T\\d{6}Z-[0-9a-f]{4}): \\d+ tasks? in");
    /** Past this, a background map that neither started nor ended is left to run, and said so. */
    static final Duration START_WAIT = Duration.ofMinutes(10);

    /** A background map: its process and log. */
    record Run(long pid, Instant started, Path log, String command) {
        /** The process, if it still runs (the same pid and start time: a pid may be reused). */
        Optional<ProcessHandle> process() {
            return ProcessHandle.of(pid).filter(p -> p.info().startInstant()
                    .map(s -> Math.abs(s.toEpochMilli() - started.toEpochMilli()) < 1000).orElse(false));
        }

        boolean alive() {
            return process().map(ProcessHandle::isAlive).orElse(false);
        }
    }

    private Detached() {}

    /** The map runs in the background and this build was told not to wait for it: said, and not a failure. */
    static final class StillRunning extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StillRunning(String message) {
            super(message);
        }
    }

    static Path recordFile(Path out) {
        return out.resolveSibling(out.getFileName() + ".detached");
    }

    static Path logFile(Path out) {
        return out.resolveSibling(out.getFileName() + ".detached.log");
    }

    /** The background map of this output folder that still runs; null when none does. */
    static Run running(Path out) {
        Path file = recordFile(out);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
            Run run = new Run(Long.parseLong(p.getProperty("pid")), Instant.parse(p.getProperty("started")),
                    Path.of(p.getProperty("log")), p.getProperty("command", ""));
            return run.alive() ? run : null;
        } catch (IOException | RuntimeException e) {
            return null; // unreadable: no run can be shown to hold it
        }
    }

    /**
     * The command that runs this execution's goal again in another Maven: the same POM, settings, local repository,
     * offline flag, profiles and -D properties, without {@code qmr.detach}.
     */
    static List<String> command(Path mavenHome, Path pom, boolean offline, Path userSettings, Path localRepo,
            List<String> activeProfiles, List<String> inactiveProfiles, Map<String, String> userProperties,
            String goal) {
        List<String> c = new ArrayList<>(List.of(mavenHome.resolve("bin").resolve("mvn").toString(), "-B", "-f",
                pom.toString()));
        if (offline) {
            c.add("-o");
        }
        if (userSettings != null && Files.isRegularFile(userSettings)) {
            c.add("-s");
            c.add(userSettings.toString());
        }
        if (localRepo != null) {
            c.add("-Dmaven.repo.local=" + localRepo);
        }
        List<String> profiles = new ArrayList<>(activeProfiles);
        inactiveProfiles.forEach(p -> profiles.add("!" + p));
        if (!profiles.isEmpty()) {
            c.add("-P" + String.join(",", profiles));
        }
        userProperties.entrySet().stream().filter(e -> !e.getKey().equals("qmr.detach"))
                .sorted(Map.Entry.comparingByKey()).forEach(e -> c.add("-D" + e.getKey() + "=" + e.getValue()));
        c.add("-Dqmr.detach=false");
        c.add(goal);
        return c;
    }

    /**
     * Starts {@code command} in the background and waits until its map has started (or it ended): returns the
     * session id, or null when it ended at once with success (e.g. the map was up to date).
     *
     * @throws MapFailedException it ended with a failure before its map started: its log's last lines say why
     */
    static String start(List<String> command, Path out, BuildLog log) throws MapFailedException, IOException {
        Files.createDirectories(out.getParent());
        Path logFile = logFile(out);
        List<String> argv = new ArrayList<>();
        Path setsid = Path.of("/usr/bin/setsid");
        if (Files.isExecutable(setsid)) {
            argv.add(setsid.toString()); // its own session: no terminal, no SIGHUP when the terminal goes
        }
        argv.addAll(command);
        Process process = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                "/dev/null"))).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        ProcessHandle handle = process.toHandle();
        Instant started = handle.info().startInstant().orElse(Instant.now());
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(handle.pid()));
        p.setProperty("started", started.toString());
        p.setProperty("log", logFile.toString());
        p.setProperty("command", String.join(" ", command));
        Path record = recordFile(out);
        Path part = record.resolveSibling(record.getFileName() + ".part");
        try (OutputStream o = Files.newOutputStream(part)) {
            p.store(o, "a qmr:map running in the background (-Dqmr.detach)");
        }
        Files.move(part, record, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (true) {
            String text = Files.readString(logFile);
            Matcher m = STARTED.matcher(text);
            if (m.find()) {
                return m.group(1);
            }
            if (!process.isAlive()) {
                if (process.exitValue() == 0) {
                    return null;
                }
                throw new MapFailedException("the map run in the background (-Dqmr.detach) failed before it started,"
                        + " with exit code " + process.exitValue() + "; its log " + logFile + " ends:\n"
                        + tail(text, 40), out, null);
            }
            if (System.nanoTime() > deadline) {
                log.warn("the map run in the background has not started after " + START_WAIT.toMinutes()
                        + " min (pid " + handle.pid() + "); it is left to run: see its log " + logFile);
                return "(not started yet)";
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the background map to start", e);
            }
        }
    }

    static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
