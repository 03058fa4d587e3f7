package io.github.qmr.runtime.queue.slurm;

import io.github.qmr.runtime.queue.ArrayJobSpec;
import io.github.qmr.runtime.queue.JobSpec;
import io.github.qmr.runtime.queue.JobState;
import io.github.qmr.runtime.queue.QueueException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slurm's command lines and output formats (checked against 22.05), as pure functions: no I/O, so each is tested
 * against captured real output with no Slurm running. The argv lists start with the bare program name
 * ({@code sbatch}, {@code squeue}, ...); {@link SlurmQueue} swaps in the configured path.
 *
 * <p>Status comes from squeue's text output, never {@code --json} (in 22.05 it ignores {@code -j} and {@code -t},
 * and its schema changes in 23.x). Each field ends in {@code |} ({@code -O 'JobID:|,...'}: no padding, no
 * truncation), and the free-text Reason comes last, so a {@code |} inside it cannot shift the other fields.
 */
public final class SlurmDialect {
    /** Job ids per scancel call, so the command line stays far below the kernel's argument limit. */
    public static final int CANCEL_BATCH = 100;

    /** squeue's fields, in the order {@link #parseSqueue} reads them; {@code exit_code} is the raw wait status. */
    static final String SQUEUE_FORMAT = "JobID:|,ArrayJobID:|,ArrayTaskID:|,State:|,exit_code:|,Reason:|";
    /** sacct's fields, in the order {@link #parseSacct} reads them. */
    static final String SACCT_FORMAT = "JobID,JobName,State,ExitCode,Reason";

    /**
     * qmr's state for each Slurm job state (squeue's {@code State}, sacct's first word). Slurm's own base states and
     * flags, 22.05. A state not in the table is PENDING, so an unknown state never ends a job early; a job that
     * really ended leaves squeue after MinJobAge and the result file decides.
     */
    static final Map<String, JobState> STATES = Map.ofEntries(
            // waiting: queued, or held/suspended until someone acts, as SGE's hqw and s are PENDING
            Map.entry("PENDING", JobState.PENDING),
            Map.entry("REQUEUED", JobState.PENDING), // Slurm runs it again by itself
            Map.entry("REQUEUE_FED", JobState.PENDING),
            Map.entry("REQUEUE_HOLD", JobState.PENDING), // on its way to a deliberate hold (scontrol requeuehold)
            Map.entry("RESV_DEL_HOLD", JobState.PENDING),
            Map.entry("SUSPENDED", JobState.PENDING),
            Map.entry("STOPPED", JobState.PENDING),
            Map.entry("REVOKED", JobState.PENDING), // federation: a sibling cluster runs it; the result file decides
            // holding a node: running, starting, or still exiting (the result file may already be complete)
            Map.entry("RUNNING", JobState.RUNNING),
            Map.entry("CONFIGURING", JobState.RUNNING),
            Map.entry("COMPLETING", JobState.RUNNING),
            Map.entry("SIGNALING", JobState.RUNNING),
            Map.entry("STAGE_OUT", JobState.RUNNING),
            Map.entry("RESIZING", JobState.RUNNING),
            // the queue failed the job, not the worker: running it again can succeed, so qmr cancels and resubmits
            Map.entry("SPECIAL_EXIT", JobState.ERROR), // held after a RequeueExitHold exit code, like SGE's Eqw
            Map.entry("NODE_FAIL", JobState.ERROR),
            Map.entry("BOOT_FAIL", JobState.ERROR),
            Map.entry("PREEMPTED", JobState.ERROR), // preempted and not requeued by Slurm
            // ended: the exit code tells how; the same request would end the same way, so no resubmission
            Map.entry("COMPLETED", JobState.FINISHED),
            Map.entry("FAILED", JobState.FINISHED), // non-zero exit, a signal, or a launch failure
            Map.entry("CANCELLED", JobState.FINISHED), // by a user or admin, as a qdel'ed SGE job
            Map.entry("TIMEOUT", JobState.FINISHED),
            Map.entry("OUT_OF_MEMORY", JobState.FINISHED),
            Map.entry("DEADLINE", JobState.FINISHED));

    /** States after which Slurm does nothing more with the job (squeue lists it until MinJobAge passes). */
    private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT",
            "OUT_OF_MEMORY", "DEADLINE", "NODE_FAIL", "BOOT_FAIL", "PREEMPTED", "REVOKED");

    private static final Pattern PARSABLE_ID = Pattern.compile("([0-9]+)(?:;.*)?");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern TASK_ITEM = Pattern.compile("([0-9]+)(?:-([0-9]+)(?::([0-9]+))?)?");

    private SlurmDialect() {}

    // ---------------------------------------------------------------------------------------------- submit

    /**
     * The sbatch argv for one job: {@code sbatch --parsable --job-name=NAME --output=OUT --error=ERR
     * --open-mode=append --chdir=DIR [site options] script args...}. sbatch copies the script at submission and
     * runs it by its {@code #!} line (it refuses a script without one); the arguments after it reach the script
     * unchanged. {@code --open-mode=append} keeps every attempt's output, as on SGE (Slurm truncates by default).
     */
    public static List<String> submitArgs(SlurmOptions opts, JobSpec job) {
        return submit(opts, job.name(), job.stdout(), job.stderr(), job.workingDir(), null, job.script(),
                job.args());
    }

    /**
     * The sbatch argv for an array job of elements {@code 1..size}: {@link #submitArgs}' options plus {@code
     * --array=1-size}, with {@code %limit} if {@link SlurmOptions#maxRunningTasks()} is set. Each element finds its
     * index in {@code SLURM_ARRAY_TASK_ID}; all append to the same stdout/stderr files, as qmr's launcher redirects
     * per element itself.
     */
    public static List<String> arraySubmitArgs(SlurmOptions opts, ArrayJobSpec job) {
        String array = "--array=1-" + job.size() + (opts.maxRunningTasks() > 0 ? "%" + opts.maxRunningTasks() : "");
        return submit(opts, job.name(), job.stdout(), job.stderr(), job.workingDir(), array, job.script(),
                job.args());
    }

    private static List<String> submit(SlurmOptions opts, String name, Path stdout, Path stderr, Path workingDir,
            String array, Path script, List<String> args) {
        List<String> argv = new ArrayList<>(List.of("sbatch", "--parsable", "--job-name=" + name,
                "--output=" + outputPattern(name, "stdout", stdout), "--error=" + outputPattern(name, "stderr", stderr),
                "--open-mode=append", "--chdir=" + workingDir));
        if (array != null) {
            argv.add(array);
        }
        if (opts.partition() != null) {
            argv.add("--partition=" + opts.partition());
        }
        if (opts.time() != null) {
            argv.add("--time=" + opts.time());
        }
        if (opts.mem() != null) {
            argv.add("--mem=" + opts.mem());
        }
        if (opts.cpusPerTask() > 0) {
            argv.add("--cpus-per-task=" + opts.cpusPerTask());
        }
        if (opts.account() != null) {
            argv.add("--account=" + opts.account());
        }
        argv.addAll(opts.extraArgs());
        argv.add(script.toString());
        argv.addAll(args);
        return argv;
    }

    /**
     * sbatch reads {@code --output}/{@code --error} as file name patterns: {@code %j}, {@code %x}... are replaced
     * and {@code %%} is a literal {@code %}. A backslash changes how the rest is read (the job then fails to open
     * the file, measured on 22.05), so a path with one is refused.
     */
    static String outputPattern(String name, String which, Path path) {
        String text = path.toString();
        if (text.contains("\\")) {
            throw new QueueException("cannot submit job " + name + ": its " + which + " file " + text
                    + " contains a backslash, which sbatch reads as part of a file name pattern; use a work dir"
                    + " without one");
        }
        return text.replace("%", "%%");
    }

    /**
     * The job id from {@code sbatch --parsable}: {@code 123}, or {@code 123;cluster} on a multi-cluster site. Lines
     * before the last are ignored, as some sites' wrappers print notices there.
     */
    public static String parseJobId(String parsableOutput) {
        String last = "";
        for (String line : parsableOutput.split("\n")) {
            if (!line.isBlank()) {
                last = line.strip();
            }
        }
        Matcher m = PARSABLE_ID.matcher(last);
        if (!m.matches()) {
            throw new QueueException("sbatch --parsable printed no job id; expected a number like 123 or 123;cluster,"
                    + " got: " + (parsableOutput.isBlank() ? "(nothing)" : "'" + parsableOutput.strip() + "'")
                    + "; check that sbatch is Slurm's");
        }
        return m.group(1);
    }

    // ---------------------------------------------------------------------------------------------- status

    /**
     * All of the user's jobs, finished ones included ({@code -t all}: they stay listed for MinJobAge, 300 s by
     * default, with their exit code), one line per array element ({@code -r}). One call for a whole session; unlike
     * {@code -j IDS} it does not fail when one of the ids has aged out ("Invalid job id specified").
     */
    public static List<String> squeueArgs() {
        return List.of("squeue", "--me", "-r", "-h", "-t", "all", "-O", SQUEUE_FORMAT);
    }

    /** One job or element in the same format, for {@link SlurmQueue#explain}; exits 1 once Slurm forgot the job. */
    public static List<String> squeueArgs(String jobId) {
        return List.of("squeue", "-r", "-h", "-t", "all", "-j", SlurmJobId.parse(jobId).toString(), "-O",
                SQUEUE_FORMAT);
    }

    /** The user's jobs of one name in the same format, to find a job an sbatch that failed may have submitted. */
    public static List<String> squeueArgsNamed(String name) {
        return List.of("squeue", "--me", "-r", "-h", "-t", "all", "--name=" + name, "-O", SQUEUE_FORMAT);
    }

    /**
     * Reads the output of {@link #squeueArgs()}: {@code JobID|ArrayJobID|ArrayTaskID|State|exit_code|Reason|} per
     * line. Blank output counts as no jobs.
     *
     * @throws QueueException if a line does not have that shape
     */
    public static List<SqueueEntry> parseSqueue(String output) {
        List<SqueueEntry> entries = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.strip().split("\\|", 6);
            if (f.length < 6 || !DIGITS.matcher(f[0]).matches() || !DIGITS.matcher(f[1]).matches()
                    || !DIGITS.matcher(f[4]).matches() || f[3].isEmpty()) {
                throw new QueueException("cannot read squeue's line '" + line.strip() + "'; expected"
                        + " JobID|ArrayJobID|ArrayTaskID|State|exit_code|Reason| as asked by -O " + SQUEUE_FORMAT
                        + "; is this Slurm's squeue (22.05 or later)?");
            }
            String reason = f[5].endsWith("|") ? f[5].substring(0, f[5].length() - 1) : f[5];
            entries.add(new SqueueEntry(f[0], f[1], f[2], f[3], Integer.parseInt(f[4]), reason));
        }
        return entries;
    }

    /**
     * Whether a line stands for array element {@code task}: its own index, or a pending group such as {@code 3-6},
     * {@code 3,5-9:2} or {@code 3-6%2} ({@code %2}: at most 2 running at once), as squeue prints without {@code -r}.
     */
    public static boolean coversTask(SqueueEntry entry, int task) {
        if (!entry.isArray()) {
            return false;
        }
        String tasks = entry.arrayTasks();
        int percent = tasks.indexOf('%');
        if (percent >= 0) {
            tasks = tasks.substring(0, percent);
        }
        for (String item : tasks.split(",")) {
            Matcher m = TASK_ITEM.matcher(item.strip());
            if (!m.matches()) {
                throw new QueueException("squeue listed array job " + entry.arrayJobId() + " with elements '"
                        + entry.arrayTasks() + "', not a list like 1,3-5%2");
            }
            int first = Integer.parseInt(m.group(1));
            int last = m.group(2) == null ? first : Integer.parseInt(m.group(2));
            int step = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
            if (task >= first && task <= last && (task - first) % step == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * qmr's state for a Slurm state; see {@link #STATES} for the table and why. Reads squeue's {@code CANCELLED}
     * and sacct's {@code CANCELLED by 0} alike; unknown states are PENDING.
     */
    public static JobState stateOf(String slurmState) {
        return STATES.getOrDefault(baseState(slurmState), JobState.PENDING);
    }

    /** Whether Slurm is done with a job in this state: it will not run, and scancel has nothing left to do. */
    public static boolean isTerminal(String slurmState) {
        return TERMINAL.contains(baseState(slurmState));
    }

    private static String baseState(String slurmState) {
        String s = slurmState.strip();
        int space = s.indexOf(' ');
        return space < 0 ? s : s.substring(0, space);
    }

    /**
     * The exit code a raw wait status (squeue's {@code exit_code}) stands for: the exit status ({@code 768} is exit
     * 3), or {@code 128 + signal} for a job ended by a signal ({@code 9} is 137), as a shell reports it.
     */
    public static int exitCode(int waitStatus) {
        int signal = waitStatus & 0x7f;
        return signal == 0 ? (waitStatus >> 8) & 0xff : 128 + signal;
    }

    // ---------------------------------------------------------------------------------------------- cancel

    /**
     * scancel argvs for the given ids, at most {@link #CANCEL_BATCH} each; array elements ({@code 123_4}) and whole
     * arrays ({@code 123}) alike. scancel exits 0 for unknown or finished jobs, so the caller checks squeue after.
     */
    public static List<List<String>> cancelArgs(List<String> jobIds) {
        List<List<String>> calls = new ArrayList<>();
        for (int from = 0; from < jobIds.size(); from += CANCEL_BATCH) {
            List<String> argv = new ArrayList<>();
            argv.add("scancel");
            argv.addAll(jobIds.subList(from, Math.min(from + CANCEL_BATCH, jobIds.size())));
            calls.add(argv);
        }
        return calls;
    }

    // ---------------------------------------------------------------------------------------------- explain

    /**
     * sacct's record of one job or element: {@code sacct -X -P -n -j ID -o JobID,JobName,State,ExitCode,Reason}, from
     * the accounting database; with {@code completionLog}, {@code -c} reads the job completion log instead
     * (jobcomp/filetxt, for sites without slurmdbd; it has no reason). Never {@code --json}.
     */
    public static List<String> sacctArgs(String jobId, boolean completionLog) {
        List<String> argv = new ArrayList<>(List.of("sacct"));
        if (completionLog) {
            argv.add("-c");
        }
        argv.addAll(List.of("-X", "-P", "-n", "-j", SlurmJobId.parse(jobId).toString(), "-o", SACCT_FORMAT));
        return argv;
    }

    /** Whether sacct failed only because the site keeps no accounting database (then try {@code sacct -c}). */
    public static boolean accountingDisabled(String output) {
        return output.contains("accounting storage is disabled");
    }

    /** Reads {@code sacct -P -n -o JobID,JobName,State,ExitCode,Reason}: one record per line, oldest first. */
    public static List<SacctRecord> parseSacct(String output) {
        List<SacctRecord> records = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\\|", 5);
            if (f.length < 4) {
                continue; // not a record of the format asked for (e.g. a notice); explain is best effort
            }
            records.add(new SacctRecord(f[0], f[1], f[2], f[3], f.length > 4 ? f[4].strip() : ""));
        }
        return records;
    }

    /** sacct's {@code exit:signal}, said in words: {@code 3:0} is "exit code 3", {@code 0:9} "signal 9". */
    public static String describeExitCode(String exitSignal) {
        String[] parts = exitSignal.split(":");
        if (parts.length != 2 || !DIGITS.matcher(parts[0]).matches() || !DIGITS.matcher(parts[1]).matches()) {
            return "exit code " + exitSignal;
        }
        return parts[1].equals("0") ? "exit code " + parts[0] : "signal " + parts[1];
    }

    // ---------------------------------------------------------------------------------------------- hints

    /**
     * Whether a failed command's output says only that slurmctld was busy or unreachable, nothing about the request:
     * then it may have been done anyway, and trying again later can succeed.
     */
    public static boolean isTransient(String output) {
        return output.contains("Unable to contact slurm controller") || output.contains("Socket timed out")
                || output.contains("Zero Bytes were transmitted") || output.contains("Connection refused")
                || output.contains("Slurm temporarily unable to accept job");
    }

    /**
     * What to do about a failed Slurm command, from its output (22.05's messages); "" when nothing known matches.
     * The caller shows it after the command's diagnostic block.
     */
    public static String hint(String output) {
        if (output.contains("Unable to contact slurm controller") || output.contains("Socket timed out")
                || output.contains("Connection refused") || output.contains("Zero Bytes were transmitted")) {
            return "slurmctld did not answer; check that it runs (scontrol ping) and that SLURM_CONF names this"
                    + " cluster's slurm.conf";
        }
        if (output.contains("Munge") || output.contains("munge") || output.contains("authentication")) {
            return "Slurm could not authenticate this process; check that munged runs here (munge -n | unmunge)"
                    + " and has the cluster's key";
        }
        if (output.contains("Invalid partition name")) {
            return "the partition does not exist; list them with sinfo -s and set another in qmr's Slurm settings"
                    + " (partition), or none for the default";
        }
        if (output.contains("Invalid account")) {
            return "the account is not one this user may charge; list them with sacctmgr show assoc user=$USER";
        }
        if (output.contains("Invalid job array specification")) {
            return "the array is larger than the cluster allows; lower maxArraySize in qmr's Slurm settings below"
                    + " the cluster's MaxArraySize (scontrol show config | grep MaxArraySize)";
        }
        if (output.contains("Requested node configuration is not available")
                || output.contains("Memory specification can not be satisfied")
                || output.contains("More processors requested than permitted")) {
            return "no node of the partition has that many CPUs or that much memory; compare the request with"
                    + " sinfo -o '%P %c %m' and lower cpusPerTask or mem";
        }
        if (output.contains("Invalid --time specification") || output.contains("Requested time limit")) {
            return "the time limit is malformed or above the partition's MaxTime; write it as minutes, H:MM:SS or"
                    + " D-HH:MM:SS (sinfo -o '%P %l' shows the limits)";
        }
        if (output.contains("does not look like a batch script")) {
            return "sbatch runs only scripts whose first line is #! and an interpreter, e.g. #!/bin/sh";
        }
        if (output.contains("QOSMax") || output.contains("AssocMax") || output.contains("job submit limit")
                || output.contains("Job violates accounting/QOS policy")) {
            return "a limit of the account or QOS refuses more jobs; use job arrays, fewer chunks, or ask the"
                    + " admins (sacctmgr show qos)";
        }
        return "";
    }
}
