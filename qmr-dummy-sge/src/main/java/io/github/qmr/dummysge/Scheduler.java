package io.github.qmr.dummysge;

import io.github.qmr.dummysge.JobProcesses.Handle;
import io.github.qmr.dummysge.QueueState.Done;
import io.github.qmr.dummysge.QueueState.Job;
import io.github.qmr.dummysge.QueueState.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The queue's rules, applied one step at a time like the original tool's dummy qstat: a step either reaps one job
 * whose process ended, or starts the oldest pending job (or array task) if a slot is free. A start can instead put
 * the job into {@code Eqw}, as SGE does for a missing working directory or output folder, or because the state
 * file asks for it. Exit status 99 requeues the job and 100 puts it into {@code Eqw}, as on SGE.
 */
final class Scheduler {
    static final String KILLED = "100 : assumedly after job";
    private static final DateTimeFormatter REASON_TIME = DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm:ss");

    private final JobProcesses processes;
    private final Path spool;
    private final String host;
    private final long now;
    private final ZoneId zone;

    Scheduler(JobProcesses processes, Path spool, String host, long now, ZoneId zone) {
        this.processes = processes;
        this.spool = spool;
        this.host = host;
        this.now = now;
        this.zone = zone;
    }

    /** One qstat call's worth of change: jobs started by the last call now show {@code r}, then the steps. */
    void advance(QueueState state) {
        for (Job job : state.jobs) {
            for (Task t : job.tasks) {
                if (t.state.equals("t")) {
                    t.state = "r";
                }
            }
        }
        for (int i = 0; i < state.stepsPerCall; i++) {
            if (!reapOne(state) && !startOne(state)) {
                break;
            }
        }
    }

    boolean reapOne(QueueState state) {
        for (Job job : state.jobs) {
            for (Task t : job.tasks) {
                if (t.isRunning()) {
                    Integer status = processes.exitStatus(new Handle(t.pid, t.pidStart), exitFile(job, t));
                    if (status != null) {
                        ended(state, job, t, status);
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private void ended(QueueState state, Job job, Task t, int status) {
        boolean killed = status < 0;
        record(state, job, t, killed ? 137 : status, killed ? KILLED : "0");
        cleanUp(job, t);
        t.pid = 0;
        t.pidStart = 0;
        if (status == 99) {
            t.state = "Rq"; // SGE reschedules the job
        } else if (status == 100) {
            t.state = "Eqw"; // SGE's "general application error": stays until deleted
            t.reason = reason("exit_status of job start = 100");
        } else {
            job.tasks.remove(t);
            if (job.tasks.isEmpty()) {
                remove(state, job);
            }
        }
    }

    private void record(QueueState state, Job job, Task t, int exitStatus, String failed) {
        state.done.add(new Done(job.id, t.id, job.name, job.submitted, t.started, now, exitStatus, failed, job.slots,
                job.queue, job.project));
    }

    boolean startOne(QueueState state) {
        int used = 0;
        for (Job job : state.jobs) {
            used += job.slots * (int) job.tasks.stream().filter(Task::isRunning).count();
        }
        for (Job job : state.jobs) {
            if (job.held || job.slots > state.slots - used) {
                continue;
            }
            long running = job.tasks.stream().filter(Task::isRunning).count();
            if (job.maxRunning > 0 && running >= job.maxRunning) {
                continue;
            }
            for (Task t : job.tasks) {
                if (t.isPending()) {
                    start(state, job, t);
                    return true;
                }
            }
        }
        return false;
    }

    private void start(QueueState state, Job job, Task t) {
        String injected = injectedError(state, job, t);
        if (injected != null) {
            t.state = "Eqw";
            t.reason = reason(injected);
            return;
        }
        Path wd = Path.of(job.workingDir);
        if (!Files.isDirectory(wd)) {
            t.state = "Eqw";
            t.reason = reason("error: can't chdir to " + wd + ": No such file or directory");
            return;
        }
        Path out = outputFile(job, t, job.stdout, "o");
        Path err = outputFile(job, t, job.stderr, "e");
        for (Path file : List.of(out, err)) {
            if (!Files.isDirectory(file.getParent())) {
                t.state = "Eqw";
                t.reason = reason("error: can't open output file \"" + file + "\": No such file or directory");
                return;
            }
        }
        try {
            Path exitFile = exitFile(job, t);
            Files.createDirectories(exitFile.getParent());
            Files.deleteIfExists(exitFile);
            Path tmp = tmpDir(job, t);
            Files.createDirectories(tmp);
            Handle handle = processes.start(new JobProcesses.Launch(command(job), environment(job, t, out, err, tmp),
                    wd, out, err, exitFile));
            t.state = "t";
            t.started = now;
            t.pid = handle.pid();
            t.pidStart = handle.startMillis();
            t.reason = "";
        } catch (IOException | RuntimeException e) {
            t.state = "Eqw";
            t.reason = reason("error: can't start the job (" + e + ")");
        }
    }

    /** Consumes one of the state file's "go to Eqw" rules that matches, if any; returns the reason. */
    private static String injectedError(QueueState state, Job job, Task t) {
        for (Map.Entry<String, Integer> rule : state.eqwByName.entrySet()) {
            if (rule.getValue() > 0 && job.name.endsWith(rule.getKey())) {
                rule.setValue(rule.getValue() - 1);
                return "error: injected by the qmr dummy queue (eqw name " + rule.getKey() + ", " + rule.getValue()
                        + " more)";
            }
        }
        Integer left = job.isArray() ? state.eqwByTask.get(t.id) : null;
        if (left != null && left > 0) {
            state.eqwByTask.put(t.id, left - 1);
            return "error: injected by the qmr dummy queue (eqw task " + t.id + ", " + (left - 1) + " more)";
        }
        return null;
    }

    private String reason(String message) {
        return REASON_TIME.format(Instant.ofEpochSecond(now).atZone(zone)) + " [qmr-dummy]: " + message;
    }

    private static List<String> command(Job job) {
        List<String> command = new ArrayList<>();
        command.add(job.shell);
        if (job.binary) {
            // qsub -b y hands the command line to a shell on the exec host, which splits it again
            command.add("-c");
            command.add(Stream.concat(Stream.of(job.script), job.args.stream())
                    .reduce((a, b) -> a + " " + b).orElse(""));
        } else {
            command.add(job.script);
            command.addAll(job.args);
        }
        return command;
    }

    private Map<String, String> environment(Job job, Task t, Path out, Path err, Path tmp) {
        Map<String, String> env = new TreeMap<>(job.env);
        String taskId = job.isArray() ? Integer.toString(t.id) : "undefined";
        env.put("JOB_ID", Long.toString(job.id));
        env.put("JOB_NAME", job.name);
        env.put("JOB_SCRIPT", job.script);
        env.put("REQUEST", job.name);
        env.put("SGE_TASK_ID", taskId);
        env.put("SGE_TASK_FIRST", job.isArray() ? Integer.toString(job.first) : "undefined");
        env.put("SGE_TASK_LAST", job.isArray() ? Integer.toString(job.last) : "undefined");
        env.put("SGE_TASK_STEPSIZE", job.isArray() ? Integer.toString(job.step) : "undefined");
        env.put("NSLOTS", Integer.toString(job.slots));
        env.put("NHOSTS", "1");
        env.put("NQUEUES", "1");
        env.put("QUEUE", job.queue);
        env.put("HOSTNAME", host);
        env.put("ENVIRONMENT", "BATCH");
        env.put("SGE_CWD_PATH", job.workingDir);
        env.put("SGE_STDOUT_PATH", out.toString());
        env.put("SGE_STDERR_PATH", err.toString());
        env.put("TMPDIR", tmp.toString());
        env.put("TMP", tmp.toString());
        return env;
    }

    /**
     * The file for -o/-e: pseudo variables expanded, relative to the working directory, and SGE's default name
     * ({@code NAME.oID}, {@code NAME.oID.TASK} for arrays) when no path or a folder was given.
     */
    static Path outputFile(Job job, Task t, String given, String letter) {
        String defaultName = job.name + "." + letter + job.id + (job.isArray() ? "." + t.id : "");
        Path wd = Path.of(job.workingDir);
        if (given == null || given.isEmpty()) {
            return wd.resolve(defaultName);
        }
        String expanded = given.replace("$JOB_ID", Long.toString(job.id))
                .replace("$TASK_ID", job.isArray() ? Integer.toString(t.id) : "undefined")
                .replace("$JOB_NAME", job.name)
                .replace("$HOME", job.env.getOrDefault("HOME", ""))
                .replace("$USER", job.env.getOrDefault("USER", ""))
                .replace("$HOSTNAME", job.env.getOrDefault("SGE_O_HOST", ""));
        Path path = wd.resolve(expanded).normalize();
        return Files.isDirectory(path) ? path.resolve(defaultName) : path;
    }

    Path exitFile(Job job, Task t) {
        return spool.resolve("exit").resolve(job.id + "." + t.id);
    }

    private Path tmpDir(Job job, Task t) {
        return spool.resolve("tmp").resolve(job.id + "." + t.id + "." + job.queue);
    }

    /**
     * Deletes a task: a running one is killed with its process tree and accounted like SGE does a qdel'd job.
     * Returns true if it was running.
     */
    boolean delete(QueueState state, Job job, Task t) {
        boolean running = t.isRunning();
        if (running) {
            processes.kill(new Handle(t.pid, t.pidStart));
            record(state, job, t, 137, KILLED);
        }
        cleanUp(job, t);
        job.tasks.remove(t);
        if (job.tasks.isEmpty()) {
            remove(state, job);
        }
        return running;
    }

    private void remove(QueueState state, Job job) {
        state.jobs.remove(job);
        Path script = Path.of(job.script);
        if (!job.binary && script.startsWith(spool)) { // only ever the spooled copy, never the user's script
            delete(script);
        }
    }

    private void cleanUp(Job job, Task t) {
        delete(exitFile(job, t));
        delete(tmpDir(job, t));
    }

    /** Best effort: a leftover spool file costs nothing, while failing a qstat over it would. */
    private static void delete(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // ignored, see above
        }
    }
}
