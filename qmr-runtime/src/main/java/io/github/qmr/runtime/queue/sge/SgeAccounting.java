package io.github.qmr.runtime.queue.sge;

import io.github.qmr.runtime.process.CommandResult;
import io.github.qmr.runtime.queue.JobId;
import io.github.qmr.runtime.queue.JobStatus;
import io.github.qmr.runtime.queue.JobUsage;
import io.github.qmr.runtime.queue.ResourceKill;
import io.github.qmr.runtime.queue.Walltime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Grid Engine can tell about a job after the fact: {@code qstat -j}'s error reasons while it is listed,
 * {@code qacct -j}'s record once it ended, and whether SGE killed it for a limit; pure but for the calls given.
 */
public final class SgeAccounting {
    private static final String USAGE_WALLCLOCK = "ru_wallclock ";
    private static final String USAGE_MAXVMEM = "maxvmem ";
    private static final String USAGE_HOST = "hostname ";

    private SgeAccounting() {}

    /**
     * What SGE can tell about a job: the {@code error reason} lines of {@code qstat -j} (while it is listed, e.g.
     * in {@code Eqw}) and {@code failed}/{@code exit_status} from {@code qacct -j} (after it ended, if accounting
     * is on). A command that fails or is missing adds nothing; "" if nothing is known.
     */
    static String explain(JobId id, Function<List<String>, CommandResult> run) {
        List<List<String>> calls = explainArgs(id.toString());
        List<String> lines = new ArrayList<>();
        CommandResult qstatJ = run.apply(calls.get(0));
        if (qstatJ != null && qstatJ.ok()) {
            for (String reason : QstatJob.errorReasons(qstatJ.stdout())) {
                // a reason starts with the task it is about: "3: 11/25/2026 ... error: ..."
                if (!id.isElement() || reason.startsWith(id.element() + ":")) {
                    lines.add("qstat -j " + id.number() + ": error reason " + reason);
                }
            }
        }
        CommandResult qacct = run.apply(calls.get(1));
        if (qacct != null && qacct.ok()) {
            List<QacctRecord> records = Qacct.parse(qacct.stdout());
            if (!records.isEmpty()) {
                QacctRecord last = records.get(records.size() - 1);
                lines.add("qacct -j " + id + ": exit_status " + (last.exitStatus() == null ? "?" : last.exitStatus())
                        + ", failed " + last.failed()
                        + (records.size() > 1 ? " (last of " + records.size() + " runs)" : "")
                        + (last.killedForLimit() ? usage(last) : ""));
            }
        }
        return String.join("\n", lines);
    }

    /** The usage figures of a job SGE killed for a limit, as {@link #resourceKill} reads them back. */
    private static String usage(QacctRecord r) {
        return "; " + USAGE_WALLCLOCK + r.wallclock() + ", " + USAGE_MAXVMEM + r.maxvmem()
                + (r.hostname().isEmpty() ? "" : ", " + USAGE_HOST + r.hostname());
    }

    private static final Pattern KILLED_LINE = Pattern.compile(
            "qacct -j \\S+: exit_status \\S+, failed (?:37|44)[^;]*;.* ru_wallclock ([^,]*), maxvmem ([^,\\n]*)"
                    + "(?:, hostname ([^,\\n]*))?");

    /**
     * SGE killed the job for a limit when its qacct record (in the {@link #explain} text) says {@code failed 37} or
     * {@code 44}. Which limit: {@code h_rt} when one was requested and the job ran that long, else {@code h_vmem}
     * when one was requested, else {@code h_rt}; null when neither was requested (some other limit, e.g. h_cpu).
     */
    static ResourceKill resourceKill(SgeOptions options, JobStatus ended, String explanation) {
        Matcher m = KILLED_LINE.matcher(explanation == null ? "" : explanation);
        if (!m.find()) {
            return null;
        }
        String wallclock = m.group(1).strip();
        String maxvmem = m.group(2).strip();
        String host = m.group(3) == null ? "" : " on " + m.group(3).strip();
        Duration hrt = Walltime.sge(options.resources().get("h_rt"));
        String hvmem = options.resources().get("h_vmem");
        Duration ran = Walltime.sge(wallclock.replace("s", "").split("\\.")[0]);
        boolean ranOut = hrt != null && ran != null && ran.compareTo(hrt) >= 0;
        if (ranOut || (hrt != null && hvmem == null)) {
            return new ResourceKill(ResourceKill.Kind.TIME, wallclock + host, "h_rt=" + options.resources()
                    .get("h_rt"));
        }
        if (hvmem != null) {
            return new ResourceKill(ResourceKill.Kind.MEMORY, "maxvmem " + maxvmem + host, "h_vmem=" + hvmem);
        }
        return null;
    }

    /** What {@link #usage} calls its figures. */
    static final String USAGE_SOURCE = "qacct cpu, maxvmem";

    /**
     * The accounting's figures of the session's ended jobs: one {@code qacct -j <namePrefix>*} (qacct reads the job
     * name as a pattern) for them all, each record keyed as qmr names the job ({@code 12}, an array element
     * {@code 12.3}); a job rescheduled keeps its last record. Empty while qacct finds none yet ("not found"); null
     * when qacct is missing or fails otherwise (no accounting file).
     */
    static Map<String, JobUsage> usage(List<JobId> ids, String namePrefix, Function<List<String>, CommandResult> run) {
        Set<String> wanted = new HashSet<>();
        ids.forEach(id -> wanted.add(id.toString()));
        CommandResult qacct = run.apply(List.of("qacct", "-j", namePrefix + "*"));
        Map<String, JobUsage> usage = new LinkedHashMap<>();
        if (qacct == null || (!qacct.ok() && !qacct.stderr().contains("not found"))) {
            return null;
        }
        for (QacctRecord r : Qacct.parse(qacct.stdout())) {
            String id = r.taskId().matches("[0-9]+") ? r.jobNumber() + "." + r.taskId() : r.jobNumber();
            if (wanted.contains(id)) {
                usage.put(id, new JobUsage(seconds(r.cpu()), bytes(r.maxvmem()), USAGE_SOURCE));
            }
        }
        return usage;
    }

    private static final Pattern QACCT_AMOUNT = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([KMGTP]?)B?s?");

    /** qacct's {@code cpu}, e.g. {@code 0.934s}; null if it is not a number of seconds. */
    static Duration seconds(String cpu) {
        Matcher m = QACCT_AMOUNT.matcher(cpu.strip());
        if (!m.matches() || !m.group(2).isEmpty()) {
            return null;
        }
        return Duration.ofNanos(Math.round(Double.parseDouble(m.group(1)) * 1e9));
    }

    /** qacct's {@code maxvmem}, e.g. {@code 40.180MB} (powers of 1024, as qacct prints them); null if unreadable. */
    static Long bytes(String maxvmem) {
        Matcher m = QACCT_AMOUNT.matcher(maxvmem.strip());
        if (!m.matches()) {
            return null;
        }
        return JobUsage.bytes(m.group(1), m.group(2));
    }

    /**
     * The argvs that tell why a job is in error or how it ended: {@code qstat -j N} (its {@code error reason}
     * lines, while SGE still lists it) and {@code qacct -j N [-t T]} (its {@code failed} and {@code exit_status},
     * once accounting has it, about a second after it ended).
     */
    public static List<List<String>> explainArgs(String jobId) {
        JobId id = JobId.parse(jobId, '.', "SGE", "task");
        List<String> qacct = new ArrayList<>(List.of("qacct", "-j", id.number()));
        if (id.isElement()) {
            qacct.add("-t");
            qacct.add(Integer.toString(id.element()));
        }
        return List.of(List.of("qstat", "-j", id.number()), List.copyOf(qacct));
    }
}
