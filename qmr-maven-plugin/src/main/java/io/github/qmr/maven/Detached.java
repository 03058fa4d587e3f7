package io.github.qmr.maven;

import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.JobSpec;
import io.github.qmr.runtime.queue.JobState;
import io.github.qmr.runtime.queue.JobStatus;
import io.github.qmr.runtime.queue.QueueFlavour;
import io.github.qmr.runtime.queue.flavours.QueueFlavours;
import io.github.qmr.runtime.workdir.SessionDir;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
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

    /**
     * A background map: its process and log; or, run as a queue-job ({@code -Dqmr.detachAs=job}), its job id and
     * queue (its pid is then 0).
     */
    record Run(long pid, Instant started, Path log, String command, String job, String queue) {
        /** The process, if it still runs (the same pid and start time: a pid may be reused). */
        Optional<ProcessHandle> process() {
            return job != null ? Optional.empty() : ProcessHandle.of(pid).filter(p -> p.info().startInstant()
                    .map(s -> Math.abs(s.toEpochMilli() - started.toEpochMilli()) < 1000).orElse(false));
        }

        boolean alive() {
            if (job == null) {
                return process().map(ProcessHandle::isAlive).orElse(false);
            }
            try (BatchQueue q = Detached.queue(queue)) {
                return jobAlive(q, job);
            } catch (RuntimeException e) {
                return true; // the queue does not answer: a job not seen gone counts as running
            }
        }

        /** Where it runs, for a person: {@code pid 4242} or {@code queue-job 317 on sge}. */
        String where() {
            return job == null ? "pid " + pid : "queue-job " + job + " on " + queue;
        }
    }

    /** A cluster queue by its flavour's name, with its programs from PATH: what a record of a job needs to ask it. */
    static BatchQueue queue(String name) {
        return QueueFlavours.standard().named(name).orElseThrow(() -> new IllegalArgumentException("no queue flavour"
                + " named " + name)).queue(QueueFlavour.Settings.DEFAULTS);
    }

    static boolean jobAlive(BatchQueue queue, String job) {
        JobStatus status = queue.poll(List.of(job)).get(job);
        return status != null && status.state() != JobState.FINISHED;
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
            Run run = new Run(Long.parseLong(p.getProperty("pid", "0")), Instant.parse(p.getProperty("started")),
                    Path.of(p.getProperty("log")), p.getProperty("command", ""), p.getProperty("job"),
                    p.getProperty("queue"));
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
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(handle.pid()));
        p.setProperty("started", handle.info().startInstant().orElse(Instant.now()).toString());
        writeRecord(out, p, command);
        return awaitStart(out, log, "pid " + handle.pid(), () -> process.isAlive() ? null : process.exitValue());
    }

    /**
     * As {@link #start}, with the background Maven a queue-job of its own on {@code queue} ({@code -Dqmr.detachAs=job},
     * for sites that kill long processes on login nodes): a script beside the log exports this build's environment,
     * goes to {@code basedir} and runs {@code command}.
     */
    static String startAsJob(List<String> command, Path out, Path basedir, BatchQueue queue, String executionId,
            BuildLog log) throws MapFailedException, IOException {
        Files.createDirectories(out.getParent());
        Path logFile = logFile(out);
        Files.deleteIfExists(logFile);
        Files.createFile(logFile, OWNER_ONLY_FILE);
        Path script = out.resolveSibling(out.getFileName() + ".detached.sh");
        Files.deleteIfExists(script);
        Files.createFile(script, OWNER_ONLY_SCRIPT);
        Files.writeString(script, script(System.getenv(), basedir, command));
        String id = queue.submit(new JobSpec(jobName(executionId), script, List.of(), logFile, logFile, basedir));
        queue.endingOnTheirOwn(List.of(id)); // closing the queue must not delete it
        Properties p = new Properties();
        p.setProperty("job", id);
        p.setProperty("queue", queue.name());
        p.setProperty("started", Instant.now().toString());
        writeRecord(out, p, command);
        return awaitStart(out, log, "queue-job " + id + " on " + queue.name(),
                () -> jobAlive(queue, id) ? null : -1);
    }

    /** The job's script: this build's environment, its folder, then the command (exec: the job is that Maven). */
    static String script(Map<String, String> environment, Path basedir, List<String> command) {
        StringBuilder s = new StringBuilder("#!/bin/sh\n# qmr:map run in the background as a queue-job (generated)\n");
        new java.util.TreeMap<>(environment).forEach((name, value) -> {
            if (name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                s.append("export ").append(name).append('=').append(quote(value)).append('\n');
            }
        });
        s.append("cd ").append(quote(basedir.toString())).append(" || exit 1\nexec");
        command.forEach(word -> s.append(' ').append(quote(word)));
        return s.append('\n').toString();
    }

    /** A job name from the execution id, in the characters every queue takes. */
    static String jobName(String executionId) {
        return "qmr-detached-" + executionId.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    private static final java.nio.file.attribute.FileAttribute<?> OWNER_ONLY_FILE = PosixFilePermissions
            .asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final java.nio.file.attribute.FileAttribute<?> OWNER_ONLY_SCRIPT = PosixFilePermissions
            .asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private static void writeRecord(Path out, Properties p, List<String> command) throws IOException {
        p.setProperty("log", logFile(out).toString());
        p.setProperty("command", String.join(" ", command));
        Path record = recordFile(out);
        Path part = record.resolveSibling(record.getFileName() + ".part");
        try (OutputStream o = Files.newOutputStream(part)) {
            p.store(o, "a qmr:map running in the background (-Dqmr.detach)");
        }
        Files.move(part, record, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Waits for the background map's first line; {@code ended} gives its exit code once it ended (-1: a job, whose
     * log says how), else null.
     */
    private static String awaitStart(Path out, BuildLog log, String where, java.util.function.Supplier<Integer> ended)
            throws MapFailedException, IOException {
        Path logFile = logFile(out);
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (true) {
            String text = Files.readString(logFile);
            Matcher m = STARTED.matcher(text);
            if (m.find()) {
                return m.group(1);
            }
            Integer exit = ended.get();
            if (exit != null) {
                text = Files.readString(logFile);
                if (STARTED.matcher(text).find()) {
                    continue;
                }
                if (exit == 0 || (exit == -1 && text.contains("BUILD SUCCESS"))) {
                    return null;
                }
                throw new MapFailedException("the map run in the background (-Dqmr.detach, " + where + ") failed"
                        + " before it started" + (exit == -1 ? "" : ", with exit code " + exit) + "; its log "
                        + logFile + " ends:\n" + SessionDir.lastLines(text, 40), out, null);
            }
            if (System.nanoTime() > deadline) {
                log.warn("the map run in the background has not started after " + START_WAIT.toMinutes() + " min ("
                        + where + "); it is left to run: see its log " + logFile);
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
}
