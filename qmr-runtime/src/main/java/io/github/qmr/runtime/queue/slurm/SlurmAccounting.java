package io.github.qmr.runtime.queue.slurm;

import io.github.qmr.runtime.process.CommandResult;
import io.github.qmr.runtime.queue.JobId;
import io.github.qmr.runtime.queue.JobUsage;
import io.github.qmr.runtime.queue.QueueException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What Slurm can tell about a job after the fact, from squeue and sacct; pure but for the calls given. */
public final class SlurmAccounting {
    private SlurmAccounting() {}

    /** What {@link #usage} calls its figures. */
    static final String USAGE_SOURCE = "sacct TotalCPU, MaxRSS";

    /** {@code sacct -P -n -j IDS -o JobID,TotalCPU,MaxRSS}: steps included, as MaxRSS is recorded per step. */
    public static List<String> usageArgs(List<JobId> ids) {
        return List.of("sacct", "-P", "-n", "-j", String.join(",", ids.stream().map(JobId::toString).toList()), "-o",
                "JobID,TotalCPU,MaxRSS");
    }

    /**
     * The accounting database's figures of the session's ended jobs, from one sacct call for them all: a job's
     * {@code TotalCPU} from its own line, its memory the largest {@code MaxRSS} of its steps; a job recorded without
     * them (no {@code JobAcctGatherType}) has nulls. Null where sacct is missing or fails (a site without slurmdbd:
     * "accounting storage is disabled"; the completion log of {@code sacct -c} has no usage).
     */
    static Map<String, JobUsage> usage(List<JobId> ids, Function<List<String>, CommandResult> run) {
        CommandResult sacct = run.apply(usageArgs(ids));
        Map<String, JobUsage> usage = new LinkedHashMap<>();
        if (sacct == null || !sacct.ok()) {
            return null;
        }
        Set<String> wanted = new HashSet<>();
        ids.forEach(id -> wanted.add(id.toString()));
        Set<String> recorded = new HashSet<>();
        Map<String, Duration> cpu = new HashMap<>();
        Map<String, Long> memory = new HashMap<>();
        for (String line : sacct.stdout().split("\n")) {
            String[] f = line.strip().split("\\|", -1);
            if (f.length < 3) {
                continue;
            }
            int dot = f[0].indexOf('.');
            String id = dot < 0 ? f[0] : f[0].substring(0, dot);
            if (!wanted.contains(id)) {
                continue;
            }
            recorded.add(id);
            Duration c = duration(f[1]);
            // a worker JVM never runs without CPU: a zero is an accounting that gathered none, not a figure
            if (dot < 0 && c != null && !c.isZero()) {
                cpu.put(id, c);
            }
            Long m = bytes(f[2]);
            if (m != null) {
                memory.merge(id, m, Math::max);
            }
        }
        for (String id : wanted) {
            if (recorded.contains(id)) {
                usage.put(id, new JobUsage(cpu.get(id), memory.get(id), USAGE_SOURCE));
            }
        }
        return usage;
    }

    private static final Pattern ELAPSED = Pattern.compile(
            "(?:([0-9]+)-)?(?:([0-9]+):)?([0-9]+):([0-9]+)(?:\\.([0-9]+))?");

    /** sacct's {@code TotalCPU}: {@code [D-][HH:]MM:SS[.mmm]}; null when empty or unreadable. */
    static Duration duration(String text) {
        Matcher m = ELAPSED.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        long seconds = (m.group(1) == null ? 0 : Long.parseLong(m.group(1)) * 86400)
                + (m.group(2) == null ? 0 : Long.parseLong(m.group(2)) * 3600) + Long.parseLong(m.group(3)) * 60
                + Long.parseLong(m.group(4));
        long nanos = m.group(5) == null ? 0 : Math.round(Double.parseDouble("0." + m.group(5)) * 1e9);
        return Duration.ofSeconds(seconds, nanos);
    }

    private static final Pattern SIZE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)([KMGTP]?)");

    /** sacct's {@code MaxRSS}, e.g. {@code 52340K} (powers of 1024); null when empty or unreadable. */
    static Long bytes(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        return JobUsage.bytes(m.group(1), m.group(2));
    }

    /** What a record says the job ran, as {@link SlurmDialect#resourceKill} reads it back: {@code , ran 00:01:32 on vm}. */
    private static String ran(SacctRecord r) {
        if (r.elapsed().isEmpty()) {
            return "";
        }
        boolean placed = !r.nodes().isEmpty() && !r.nodes().equals("None assigned");
        return ", " + RAN + r.elapsed() + (placed ? " on " + r.nodes() : "");
    }

    /** The words before the elapsed time in {@link #explain}'s sacct line. */
    static final String RAN = "ran ";

    /** One job or element in the same format, for {@link #explain}; exits 1 once Slurm forgot the job. */
    public static List<String> squeueArgs(String jobId) {
        return List.of("squeue", "-r", "-h", "-t", "all", "-j", SlurmDialect.FLAVOUR.parseId(jobId).toString(), "-O", Squeue.FORMAT);
    }

    /**
     * What Slurm can tell about a job: its line in squeue (state, reason, exit code, while the controller still
     * lists it) and its record in sacct (state, exit code, reason), from the accounting database or, on a site
     * without one, the job completion log ({@code sacct -c}). A command that fails or is missing adds nothing; "" if
     * nothing is known.
     */
    static String explain(JobId id, Function<List<String>, CommandResult> run) {
        List<String> lines = new ArrayList<>();
        CommandResult squeue = run.apply(squeueArgs(id.toString()));
        if (squeue != null && squeue.ok()) {
            try {
                for (SqueueEntry e : new SqueueListing(Squeue.parse(squeue.stdout())).entriesOf(id)) {
                    String exit = SlurmStates.isTerminal(e.state()) || e.waitStatus() != 0 ? ", exit code " + e.exitCode() : "";
                    lines.add("squeue -j " + id + ": " + e.state() + ", reason " + e.reason() + exit);
                }
            } catch (QueueException e) {
                // an unreadable answer adds nothing to an explanation
            }
        }
        boolean completionLog = false;
        CommandResult sacct = run.apply(Sacct.args(id.toString(), false));
        if (sacct != null && !sacct.ok() && Sacct.accountingDisabled(sacct.stdout() + sacct.stderr())) {
            completionLog = true;
            sacct = run.apply(Sacct.args(id.toString(), true));
        }
        if (sacct != null && sacct.ok()) {
            List<SacctRecord> records = Sacct.parse(sacct.stdout()).stream()
                    .filter(r -> r.jobId().equals(id.toString())).toList();
            if (!records.isEmpty()) {
                SacctRecord last = records.get(records.size() - 1);
                lines.add((completionLog ? "sacct -c -j " : "sacct -j ") + id + ": " + last.state() + ", "
                        + Sacct.describeExitCode(last.exitCode())
                        + (last.reason().isEmpty() || last.reason().equals("None") ? "" : ", reason " + last.reason())
                        + ran(last)
                        + (records.size() > 1 ? " (last of " + records.size() + " records)" : ""));
            }
        }
        return String.join("\n", lines);
    }
}
