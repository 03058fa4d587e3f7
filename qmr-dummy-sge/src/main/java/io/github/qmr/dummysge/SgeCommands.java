package io.github.qmr.dummysge;

import io.github.qmr.dummysge.QueueState.Done;
import io.github.qmr.dummysge.QueueState.Job;
import io.github.qmr.dummysge.QueueState.Task;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/** qsub, qstat, qdel and qacct over the state file; each call reads, changes and writes it under the lock. */
final class SgeCommands {
    /** What a command prints and returns; printed after the state is safely written. */
    record Outcome(int exitCode, String stdout, String stderr) {}

    /** Where the command runs: the caller's folder, environment and streams; the clock and processes to use. */
    record Context(Path cwd, Map<String, String> env, InputStream stdin, PrintStream out, PrintStream err,
            JobProcesses processes, LongSupplier clock, ZoneId zone, String user, String home, String host) {}

    private final QueueStateFile stateFile;
    private final Context c;

    SgeCommands(QueueStateFile stateFile, Context context) {
        this.stateFile = stateFile;
        this.c = context;
    }

    int run(String command, List<String> args) {
        Outcome outcome = switch (command) {
            case "qsub" -> qsub(args);
            case "qstat" -> qstat(args);
            case "qdel" -> qdel(args);
            case "qacct" -> qacct(args);
            default -> throw new IllegalArgumentException("unknown command " + command);
        };
        c.out().print(outcome.stdout());
        c.err().print(outcome.stderr());
        return outcome.exitCode();
    }

    /** The next call of {@code command} fails like an unreachable qmaster, if the state file asks for it. */
    private Outcome injectedFailure(QueueState state, String command) {
        int left = state.failNext.getOrDefault(command, 0);
        if (left <= 0) {
            return null;
        }
        if (left == 1) {
            state.failNext.remove(command);
        } else {
            state.failNext.put(command, left - 1);
        }
        String send = "unable to send message to qmaster using port 6444 on host \"" + c.host() + "\": got send error";
        String message = "error: commlib error: got select error (Connection refused)\n"
                + (command.equals("qsub") ? "Unable to run job: " + send + ".\nExiting.\n" : "error: " + send + "\n")
                + "(qmr dummy queue: failure injected for " + command + ", " + (left - 1) + " more)\n";
        return new Outcome(1, "", message);
    }

    private SgeOutput text() {
        String group = c.user();
        try {
            group = Files.readAttributes(stateFile.lockFile(), PosixFileAttributes.class).group().getName();
        } catch (IOException | UnsupportedOperationException e) {
            // no POSIX attributes: the user name stands in
        }
        return new SgeOutput(c.user(), group, c.host(), c.zone());
    }

    private Scheduler scheduler() {
        return new Scheduler(c.processes(), stateFile.spool(), c.host(), c.clock().getAsLong(), c.zone());
    }

    // ------------------------------------------------------------------------------------------------- qsub

    private Outcome qsub(List<String> args) {
        QsubArgs q = QsubArgs.parse(args, c.cwd());
        if (q.help) {
            return new Outcome(0, "usage: qsub [options] [script [args...]] (qmr dummy queue: SGE 8.1.9's options "
                    + "-N -o -e -j -wd -cwd -S -t -tc -h -b -V -v -pe -q -P -terse are modelled, the other SGE options "
                    + "are accepted and ignored)\n", "");
        }
        if (q.binary && q.script == null) {
            throw new SgeError(2, "qsub: -b y needs a command to run");
        }
        String name = q.name != null ? q.name
                : q.script == null ? "STDIN" : Path.of(q.script).getFileName().toString();
        QsubArgs.validateName(name);
        byte[] script = null;
        if (!q.binary) {
            try {
                script = q.script == null ? c.stdin().readAllBytes() : Files.readAllBytes(c.cwd().resolve(q.script));
            } catch (NoSuchFileException e) {
                return new Outcome(1, "", "Unable to read script file because of error: error opening " + q.script
                        + ": No such file or directory\n");
            } catch (IOException e) {
                return new Outcome(1, "", "Unable to read script file because of error: error opening " + q.script
                        + ": " + e.getMessage() + "\n");
            }
        }
        Map<String, String> env = jobEnvironment(q);
        Path wd = q.workingDir != null ? q.workingDir : Path.of(c.home());
        byte[] scriptBytes = script;
        long now = c.clock().getAsLong();
        return stateFile.update(state -> {
            Outcome failure = injectedFailure(state, "qsub");
            if (failure != null) {
                return failure;
            }
            Job job = new Job();
            job.id = state.nextJobId++;
            job.name = name;
            job.submitted = now;
            job.shell = q.shell;
            job.binary = q.binary;
            job.scriptName = q.script == null ? "STDIN" : q.script;
            if (q.binary) {
                job.script = q.script;
            } else {
                // SGE spools the script at submission: later edits of the file do not reach the job
                Path copy = stateFile.spool().resolve("job_scripts").resolve(Long.toString(job.id));
                Files.createDirectories(copy.getParent());
                Files.write(copy, scriptBytes);
                job.script = copy.toString();
            }
            job.workingDir = wd.toString();
            job.stdout = q.stdout;
            job.stderr = q.joinOutput ? q.stdout : q.stderr;
            job.held = q.held;
            job.first = q.first;
            job.last = q.last;
            job.step = q.step;
            job.maxRunning = q.maxRunning;
            job.slots = q.slots;
            job.queue = q.queue;
            job.project = q.project;
            job.args.addAll(q.args);
            job.env.putAll(env);
            if (q.isArray()) {
                for (int t = q.first; t <= q.last; t += q.step) {
                    job.tasks.add(task(t));
                }
            } else {
                job.tasks.add(task(0));
            }
            state.jobs.add(job);
            String id = q.isArray() ? job.id + "." + job.taskRange() : Long.toString(job.id);
            String printed = q.terse ? id
                    : q.isArray() ? "Your job-array " + id + " (\"" + name + "\") has been submitted"
                    : "Your job " + id + " (\"" + name + "\") has been submitted";
            return new Outcome(0, printed + "\n", "");
        });
    }

    private static Task task(int id) {
        Task t = new Task();
        t.id = id;
        return t;
    }

    /**
     * What SGE's job gets: a login shell's environment (HOME, USER, LOGNAME, SHELL, and a PATH that /etc/profile
     * resets even with -V), the submitter's whole environment only with -V, -v variables, and SGE_O_*. TMPDIR and
     * LD_LIBRARY_PATH never arrive, as on the real queue (facts/sge-localhost.md).
     */
    private Map<String, String> jobEnvironment(QsubArgs q) {
        Map<String, String> env = new TreeMap<>();
        if (q.exportAll) {
            env.putAll(c.env());
        }
        q.variables.forEach((k, v) -> {
            String value = v != null ? v : c.env().get(k);
            if (value != null) {
                env.put(k, value);
            }
        });
        env.put("HOME", c.home());
        env.put("USER", c.user());
        env.put("LOGNAME", c.user());
        env.put("SHELL", c.env().getOrDefault("SHELL", "/bin/sh"));
        env.put("PATH", c.user().equals("root") ? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
                : "/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games");
        env.remove("TMPDIR");
        env.remove("LD_LIBRARY_PATH");
        env.put("SGE_O_HOME", c.home());
        env.put("SGE_O_LOGNAME", c.user());
        env.put("SGE_O_PATH", c.env().getOrDefault("PATH", ""));
        env.put("SGE_O_SHELL", c.env().getOrDefault("SHELL", "/bin/sh"));
        env.put("SGE_O_WORKDIR", c.cwd().toString());
        env.put("SGE_O_HOST", c.host());
        return env;
    }

    // ------------------------------------------------------------------------------------------------- qstat

    private Outcome qstat(List<String> args) {
        boolean xml = false;
        Set<String> users = null;
        String jobs = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "-xml" -> xml = true;
                case "-u" -> users = Set.of(argument(args, ++i, "qstat", a).split(","));
                case "-j" -> jobs = argument(args, ++i, "qstat", a);
                case "-s", "-q", "-l", "-g", "-U", "-pe", "-explain" -> argument(args, ++i, "qstat", a); // not modelled
                case "-f", "-F", "-r", "-t", "-ext", "-pri", "-urg", "-ne" -> { } // output details, not modelled
                case "-help" -> {
                    return new Outcome(0, "usage: qstat [-xml] [-u user_list] [-j job_list] (qmr dummy queue: each "
                            + "listing advances the queue by its steps-per-call)\n", "");
                }
                default -> {
                    return new Outcome(1, "", "error: ERROR! invalid option argument \"" + a + "\"\n");
                }
            }
        }
        boolean xmlOut = xml;
        boolean mine = users == null || users.contains("*") || users.contains(c.user());
        String jobList = jobs;
        return stateFile.update(state -> {
            Outcome failure = injectedFailure(state, "qstat");
            if (failure != null) {
                return failure;
            }
            if (jobList != null) {
                return qstatJobs(state, jobList);
            }
            scheduler().advance(state);
            List<SgeOutput.Entry> entries = mine ? SgeOutput.entries(state) : List.of();
            SgeOutput text = text();
            return new Outcome(0, xmlOut ? text.qstatXml(entries) : text.qstatPlain(entries), "");
        });
    }

    /** {@code qstat -j}: information only, the queue does not advance. */
    private Outcome qstatJobs(QueueState state, String jobList) {
        StringBuilder out = new StringBuilder();
        List<String> missing = new ArrayList<>();
        SgeOutput text = text();
        for (String wanted : jobList.split(",")) {
            List<Job> found = JobNames.matching(state, wanted);
            if (found.isEmpty()) {
                missing.add(wanted);
            }
            found.forEach(j -> out.append(text.qstatJob(j)));
        }
        String err = missing.isEmpty() ? "" : "Following jobs do not exist: \n" + String.join(", ", missing) + "\n";
        return new Outcome(missing.isEmpty() ? 0 : 1, out.toString(), err);
    }

    private static String argument(List<String> args, int i, String command, String option) {
        if (i >= args.size()) {
            throw new SgeError(1, "error: ERROR! " + option + " option must have argument (" + command + ")");
        }
        return args.get(i);
    }

    // ------------------------------------------------------------------------------------------------- qdel

    /**
     * Real SGE 8.1.9 (measured): every message goes to stdout, and the exit status is 1 as soon as one of the
     * given jobs does not exist, even if others were deleted.
     */
    private Outcome qdel(List<String> args) {
        List<String> targets = new ArrayList<>();
        boolean allOfMine = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "-f" -> { } // force: the dummy never waits for an execd anyway
                case "-u" -> {
                    Set<String> users = Set.of(argument(args, ++i, "qdel", a).split(","));
                    allOfMine |= users.contains("*") || users.contains(c.user());
                }
                case "-t" -> {
                    // "qdel 12 -t 2-3" is "qdel 12.2-3"
                    String range = argument(args, ++i, "qdel", a);
                    if (targets.isEmpty()) {
                        throw new SgeError(1, "error: ERROR! -t needs a job before it (qdel JOB -t RANGE)");
                    }
                    targets.set(targets.size() - 1, targets.get(targets.size() - 1) + "." + range);
                }
                default -> targets.addAll(List.of(a.split(",")));
            }
        }
        if (targets.isEmpty() && !allOfMine) {
            return new Outcome(1, "", "ERROR! no option argument\nusage: qdel [-f] [-u user_list] job_task_list\n");
        }
        boolean all = allOfMine;
        return stateFile.update(state -> {
            Outcome failure = injectedFailure(state, "qdel");
            if (failure != null) {
                return failure;
            }
            StringBuilder out = new StringBuilder();
            boolean unknown = false;
            Scheduler scheduler = scheduler();
            if (all) {
                for (Job job : new ArrayList<>(state.jobs)) {
                    Deletions.job(c.user(), state, scheduler, job, out);
                }
            }
            for (String target : targets) {
                int dot = target.indexOf('.');
                if (dot > 0 && target.substring(0, dot).matches("[0-9]+")) {
                    unknown |= !Deletions.tasks(c.user(), state, scheduler, target.substring(0, dot),
                            target.substring(dot + 1), out);
                    continue;
                }
                List<Job> jobs = JobNames.matching(state, target);
                if (jobs.isEmpty()) {
                    out.append("denied: job \"").append(target).append("\" does not exist\n");
                    unknown = true;
                }
                for (Job job : jobs) {
                    Deletions.job(c.user(), state, scheduler, job, out);
                }
            }
            return new Outcome(unknown ? 1 : 0, out.toString(), "");
        });
    }

    // ------------------------------------------------------------------------------------------------- qacct

    private Outcome qacct(List<String> args) {
        String wanted = null;
        boolean byJob = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-j")) {
                byJob = true;
                if (i + 1 < args.size() && !args.get(i + 1).startsWith("-")) {
                    wanted = args.get(++i);
                }
            } else if (Set.of("-o", "-g", "-P", "-q", "-h", "-d", "-b", "-e", "-f", "-t", "-l", "-A", "-D")
                    .contains(a)) {
                i++; // accepted, not modelled
            } else {
                return new Outcome(1, "", "error: ERROR! invalid option argument \"" + a + "\"\n");
            }
        }
        if (!byJob) {
            return new Outcome(2, "", "qacct: the qmr dummy queue models only qacct -j [JOB_ID|JOB_NAME]\n");
        }
        String job = wanted;
        return stateFile.update(state -> {
            Outcome failure = injectedFailure(state, "qacct");
            if (failure != null) {
                return failure;
            }
            SgeOutput text = text();
            StringBuilder out = new StringBuilder();
            Pattern pattern = job == null ? null : JobNames.wildcard(job);
            for (Done d : state.done) {
                if (job == null || job.equals(Long.toString(d.jobId()))
                        || (!job.matches("[0-9]+") && pattern.matcher(d.name()).matches())) {
                    out.append(text.qacct(d));
                }
            }
            if (out.length() == 0) {
                String what = job == null ? "error: no jobs found"
                        : job.matches("[0-9]+") ? "error: job id " + job + " not found"
                        : "error: job name " + job + " not found";
                return new Outcome(1, "", what + "\n");
            }
            return new Outcome(0, out.toString(), "");
        });
    }
}
