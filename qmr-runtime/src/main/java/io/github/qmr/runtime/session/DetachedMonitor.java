package io.github.qmr.runtime.session;

import io.github.qmr.runtime.process.CommandRunner;
import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.CommandLineQueue;
import io.github.qmr.runtime.queue.JobSpec;
import io.github.qmr.runtime.queue.QueueRecipe;
import io.github.qmr.runtime.queue.local.LocalQueue;
import io.github.qmr.runtime.workdir.SessionDir;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The monitor of a detached map ({@code Pool.submit}): the process node's loop (submit, follow the queue, resubmit)
 * in a JVM of its own that outlives the one that submitted, started from what the session folder holds (function,
 * tasks, launcher, {@link Handover}). It runs either on the submitting host, under {@code setsid} (a session of its
 * own with no terminal: a closed terminal, a dropped SSH connection or a logout do not reach it), or as a small
 * queue-job of its own (for sites that kill long processes on login nodes). It logs to {@code monitor.log} in the
 * session folder; once every chunk is resolved it writes {@code monitor.end} and ends, leaving the folder for the
 * process that reads the results ({@link DetachedMap}).
 *
 * <p>One process runs a session at a time, by its lease: a monitor that finds the lease held by a live process leaves
 * the session to it. A monitor that finds the session run before (a monitor killed, its host lost) adopts the jobs
 * left behind as a rerun adopts an earlier session's: none takes another chunk, waiting ones are deleted, running ones
 * waited for and their results taken; no task runs twice. So does a process that attaches to a session whose monitor
 * is gone ({@link DetachedMap#awaitEnd}), with this same code.
 */
public final class DetachedMonitor {
    /** The line the monitor prints once it has submitted, which the submitting process waits for. */
    static final String FOLLOWING = "qmr monitor: following session ";
    /** How long the submitting process waits for the monitor process to say it follows the session. */
    static final Duration START_WAIT = Duration.ofMinutes(5);

    private DetachedMonitor() {}

    /**
     * Why a map on this queue cannot be detached with its monitor where asked, with the fix; null when it can. The
     * queue must be one another JVM can rebuild; a monitor as a queue-job needs a queue whose jobs outlive this JVM.
     */
    static String problem(boolean asJob, BatchQueue queue) {
        QueueRecipe recipe = queue.recipe();
        if (recipe == null) {
            return "the " + queue.name() + " queue (" + queue.getClass().getName() + ") cannot be rebuilt in another"
                    + " JVM, which a detached map's monitor is; submit on Queues.local(), Queues.sge(), Queues.slurm()"
                    + " or a queue made by a queue flavour, or run the map with map(...)";
        }
        if (asJob && QueueRecipe.LOCAL.equals(recipe.kind())) {
            return "the monitor cannot run as a job of the local queue: its jobs live in the JVM that runs it and end"
                    + " with it; on the local queue run the monitor as a process (MonitorHost.PROCESS, the default)";
        }
        return null;
    }

    /** The queue the hand-over names, rebuilt in this JVM. */
    static BatchQueue open(QueueRecipe recipe) {
        if (QueueRecipe.LOCAL.equals(recipe.kind())) {
            return new LocalQueue(recipe.slots(), recipe.maxArraySize());
        }
        return new CommandLineQueue(recipe.dialectBack(), recipe.toolsBack(), recipe.timingBack(),
                new CommandRunner());
    }

    /**
     * Writes the hand-over and the monitor's script, then starts the monitor: as a process, returning once it says it
     * follows the session (or failing with its log if it ended first); as a queue-job, once submitted.
     */
    static DetachedMap launch(SessionDir dir, BatchQueue queue, Handover handover, Path java, List<Path> classpath,
            Map<String, String> environment) {
        handover.write(dir);
        List<String> jvmOptions = new ArrayList<>(List.of("-XX:+UseSerialGC"));
        if (handover.asJob()) {
            jvmOptions.addAll(queue.workerJvmOptions()); // a heap that fits the job's memory limit
        }
        dir.writeText(dir.monitorScript(), script(dir, java, classpath, jvmOptions, environment), true);
        try {
            Files.deleteIfExists(dir.monitorLog());
            Files.createFile(dir.monitorLog(), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir.monitorLog() + ": " + e, e);
        }
        if (handover.asJob()) {
            String id = queue.submit(new JobSpec(dir.monitorJobName(), dir.monitorScript(), List.of(),
                    dir.monitorLog(), dir.monitorLog(), dir.path()));
            dir.writeText(dir.monitorJobFile(), id + "\n", false);
            queue.endingOnTheirOwn(List.of(id)); // closing the pool must not delete it
            return new DetachedMap(dir, handover);
        }
        startProcess(dir);
        return new DetachedMap(dir, handover);
    }

    private static void startProcess(SessionDir dir) {
        List<String> argv = new ArrayList<>();
        Path setsid = Path.of("/usr/bin/setsid");
        if (Files.isExecutable(setsid)) {
            argv.add(setsid.toString()); // its own session: no terminal, no SIGHUP when the terminal goes
        }
        argv.add("/bin/sh");
        argv.add(dir.monitorScript().toString());
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.monitorLog().toFile())).start();
        } catch (IOException e) {
            throw new SessionException("cannot start the monitor of detached session " + dir.sessionId() + " ("
                    + String.join(" ", argv) + "): " + e, e);
        }
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (true) {
            String log = read(dir.monitorLog());
            if (log.contains(FOLLOWING + dir.sessionId())) {
                return;
            }
            if (!process.isAlive()) {
                throw new SessionException("the monitor of detached session " + dir.sessionId() + " ended with exit"
                        + " code " + process.exitValue() + " before it submitted; its log " + dir.monitorLog()
                        + " ends:\n" + SessionDir.lastLines(log, 30));
            }
            if (System.nanoTime() > deadline) {
                return; // still starting (e.g. waiting for an earlier session's jobs): it goes on, its log says how
            }
            Session.sleep(io.github.qmr.runtime.clock.Ticker.SYSTEM, Duration.ofMillis(100));
        }
    }

    /** The monitor's script: the workers' environment, then its JVM (exec: the monitor's pid is the script's). */
    static String script(SessionDir dir, Path java, List<Path> classpath, List<String> jvmOptions,
            Map<String, String> environment) {
        StringBuilder s = new StringBuilder("#!/bin/sh\n# qmr monitor of detached session " + dir.sessionId()
                + " (generated)\numask 077\n");
        environment.forEach((name, value) -> s.append("export ").append(name).append('=')
                .append(Launcher.shellQuote(value)).append('\n'));
        s.append("exec ").append(Launcher.shellQuote(java.toString()));
        for (String option : jvmOptions) {
            s.append(' ').append(Launcher.shellQuote(option));
        }
        s.append(" -cp ").append(Launcher.shellQuote(classpath.stream().map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator))));
        s.append(' ').append(DetachedMonitor.class.getName()).append(' ')
                .append(Launcher.shellQuote(dir.path().toString())).append('\n');
        return s.toString();
    }

    /** The monitor's JVM: {@code DetachedMonitor <session folder>}; exit code 0 once the session is resolved. */
    public static void main(String[] args) {
        SessionEvents events = new PrintedEvents();
        int code;
        try {
            SessionDir dir = SessionDir.open(Path.of(args[0]));
            run(dir, events);
            code = 0;
        } catch (RuntimeException e) {
            events.notice(true, "the monitor stopped: " + e.getMessage());
            e.printStackTrace(System.out);
            code = 1;
        }
        System.out.flush();
        System.exit(code);
    }

    /**
     * Runs the session to its end here, unless a live process runs it already (then returns false at once): adopts
     * what a gone process of it left, takes over earlier sessions of the same map, submits, follows every chunk to
     * its end, and writes the end. The queue is closed on the way out (an unfinished map's jobs deleted).
     */
    static boolean run(SessionDir dir, SessionEvents events) {
        if (Files.exists(dir.monitorEndFile())) {
            return true;
        }
        Lease.Judgement lease = Lease.judge(List.of(dir), io.github.qmr.runtime.clock.Ticker.SYSTEM,
                text -> events.notice(false, text)).get(dir);
        if (lease.holder() != null) {
            events.notice(false, dir.sessionId() + ": run by " + lease.holder() + "; this monitor leaves it to it");
            return false;
        }
        Handover handover = Handover.read(dir);
        // a lease left behind, a job or a worker folder: a monitor of this session ran before and is gone
        boolean ranBefore = Files.exists(dir.leaseFile()) || Files.exists(dir.jobsFile())
                || Files.isDirectory(dir.workersFolder());
        BatchQueue queue = open(handover.queue());
        Session session = new Session(dir, queue, handover.settings(), events);
        boolean resolved = false;
        try {
            session.reopen(handover.layout());
            if (ranBefore) {
                events.notice(true, dir.sessionId() + ": the process that ran this session is gone; adopting the"
                        + " queue-jobs it left");
                session.adoptOwnJobs();
            }
            session.takeOver(Files.readString(dir.keyFile(), StandardCharsets.UTF_8).strip());
            session.submitAll();
            events.notice(false, FOLLOWING + dir.sessionId() + " (" + handover.chunks() + " chunks on the "
                    + queue.name() + " queue)");
            for (int ichunk = 0; ichunk < handover.chunks(); ichunk++) {
                session.awaitChunk(ichunk);
            }
            session.handOver(faults -> Handover.writeEnd(dir, faults));
            resolved = true;
            events.notice(false, dir.sessionId() + ": every chunk resolved; the results wait in " + dir.path()
                    + " for Pool.attach(...).await()");
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the session's key " + dir.keyFile() + ": " + e, e);
        } finally {
            if (!resolved) {
                session.abort(); // deletes its jobs and keeps the folder: attach or a rerun resumes it
            }
            queue.close();
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The monitor's events as lines of its log. */
    private static final class PrintedEvents implements SessionEvents {
        @Override
        public void progress(Progress p) {
            System.out.println(Instant.now() + " progress: " + p.done() + " of " + p.chunks() + " chunks done ("
                    + p.tasksDone() + " of " + p.tasks() + " tasks), " + p.running() + " running, " + p.pending()
                    + " pending, " + p.failed() + " failed");
            System.out.flush();
        }

        @Override
        public void notice(boolean warning, String text) {
            System.out.println(Instant.now() + (warning ? " WARNING " : " ") + text);
            System.out.flush();
        }

        @Override
        public void chunkResubmitted(int ichunk, int attempt, String failedJob, String reason) {
            notice(true, "chunk " + ichunk + " resubmitted (attempt " + attempt + ", job " + failedJob + "): "
                    + reason);
        }
    }
}
