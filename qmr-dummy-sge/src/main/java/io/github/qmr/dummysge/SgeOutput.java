package io.github.qmr.dummysge;

import io.github.qmr.dummysge.QueueState.Done;
import io.github.qmr.dummysge.QueueState.Job;
import io.github.qmr.dummysge.QueueState.Task;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the SGE 8.1.9 commands print, from the state: {@code qstat -xml} byte for byte in the shape of the real
 * samples (facts/sge-qstat-*.sample.xml), plain {@code qstat}, {@code qstat -j} and {@code qacct -j}.
 */
final class SgeOutput {
    private static final DateTimeFormatter XML_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter PLAIN_TIME = DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm:ss");
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);
    static final String RULE = "==============================================================";

    private final String owner;
    private final String group;
    private final String host;
    private final ZoneId zone;

    SgeOutput(String owner, String group, String host, ZoneId zone) {
        this.owner = owner;
        this.group = group;
        this.host = host;
        this.zone = zone;
    }

    /** One {@code job_list} element: a running task, or a job's pending tasks that share a state. */
    record Entry(Job job, boolean running, String state, List<Task> tasks) {
        double prio() {
            return job.held ? 0.0 : 0.5;
        }

        long time() {
            return running ? tasks.get(0).started : job.submitted;
        }
    }

    /** Running entries by job and task; pending ones by priority then job number, as SGE lists them. */
    static List<Entry> entries(QueueState state) {
        List<Entry> running = new ArrayList<>();
        List<Entry> pending = new ArrayList<>();
        for (Job job : state.jobs) {
            Map<String, List<Task>> waiting = new LinkedHashMap<>();
            for (Task t : job.tasks) {
                if (t.isRunning()) {
                    running.add(new Entry(job, true, t.state, List.of(t)));
                } else {
                    String shown = job.held && t.state.equals("qw") ? "hqw" : t.state;
                    waiting.computeIfAbsent(shown, k -> new ArrayList<>()).add(t);
                }
            }
            waiting.forEach((shown, tasks) -> pending.add(new Entry(job, false, shown, tasks)));
        }
        pending.sort(Comparator.comparingDouble(Entry::prio).reversed().thenComparingLong(e -> e.job().id));
        List<Entry> all = new ArrayList<>(running);
        all.addAll(pending);
        return all;
    }

    String qstatXml(List<Entry> entries) {
        StringBuilder s = new StringBuilder();
        s.append("<?xml version='1.0'?>\n");
        s.append("<job_info  xmlns:xsd=\"http://arc.liv.ac.uk/repos/darcs/sge/source/dist/util/resources/schemas/"
                + "qstat/qstat.xsd\">\n");
        s.append("  <queue_info>\n");
        entries.stream().filter(Entry::running).forEach(e -> jobList(s, e));
        s.append("  </queue_info>\n");
        s.append("  <job_info>\n");
        entries.stream().filter(e -> !e.running()).forEach(e -> jobList(s, e));
        s.append("  </job_info>\n");
        s.append("</job_info>\n");
        return s.toString();
    }

    private void jobList(StringBuilder s, Entry e) {
        s.append("    <job_list state=\"").append(e.running() ? "running" : "pending").append("\">\n");
        element(s, "JB_job_number", Long.toString(e.job().id));
        element(s, "JAT_prio", String.format(Locale.ROOT, "%.5f", e.prio()));
        element(s, "JB_name", xmlName(e.job().name));
        element(s, "JB_owner", owner);
        element(s, "state", e.state());
        element(s, e.running() ? "JAT_start_time" : "JB_submission_time", XML_TIME.format(local(e.time())));
        element(s, "queue_name", e.running() ? e.job().queue + "@" + host : "");
        element(s, "slots", Integer.toString(e.job().slots));
        if (e.job().isArray()) {
            element(s, "tasks", ranges(e.tasks(), e.job().step));
        }
        s.append("    </job_list>\n");
    }

    private static void element(StringBuilder s, String name, String value) {
        s.append("      <").append(name).append('>').append(value).append("</").append(name).append(">\n");
    }

    /** SGE 8.1.9 writes {@code <} in a name as {@code %lt;} (seen); {@code &} is escaped so the XML stays readable. */
    static String xmlName(String name) {
        return name.replace("&", "&amp;").replace("<", "%lt;");
    }

    /** Task ids as SGE prints them: {@code 1} alone, {@code 2-4:1} for a run with the array's step, comma-joined. */
    static String ranges(List<Task> tasks, int step) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < tasks.size()) {
            int start = tasks.get(i).id;
            int end = start;
            while (i + 1 < tasks.size() && tasks.get(i + 1).id == end + step) {
                end = tasks.get(++i).id;
            }
            parts.add(start == end ? Integer.toString(start) : start + "-" + end + ":" + step);
            i++;
        }
        return String.join(",", parts);
    }

    /** Plain {@code qstat}: nothing at all for an empty queue, as SGE. */
    String qstatPlain(List<Entry> entries) {
        if (entries.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        s.append("job-ID  prior   name       user         state submit/start at     queue                          "
                + "slots ja-task-ID \n");
        s.append("-".repeat(113)).append('\n');
        for (Entry e : entries) {
            s.append(String.format(Locale.ROOT, "%7d %7.5f %-10.10s %-12.12s %-5s %s %-30.30s %5d %s\n", e.job().id,
                    e.prio(), e.job().name, owner, e.state(), PLAIN_TIME.format(local(e.time())),
                    e.running() ? e.job().queue + "@" + host : "", e.job().slots,
                    e.job().isArray() ? ranges(e.tasks(), e.job().step) : ""));
        }
        return s.toString();
    }

    /** {@code qstat -j ID}: the fields a driver may read, in SGE's layout (keys padded to 28 columns). */
    String qstatJob(Job job) {
        StringBuilder s = new StringBuilder(RULE).append('\n');
        key(s, "job_number:", Long.toString(job.id));
        key(s, "exec_file:", "job_scripts/" + job.id);
        key(s, "submission_time:", ctime(job.submitted));
        key(s, "owner:", owner);
        key(s, "group:", group);
        key(s, "sge_o_home:", job.env.getOrDefault("SGE_O_HOME", ""));
        key(s, "sge_o_log_name:", owner);
        key(s, "sge_o_workdir:", job.env.getOrDefault("SGE_O_WORKDIR", ""));
        key(s, "sge_o_host:", host);
        key(s, "account:", "sge");
        key(s, "cwd:", job.workingDir);
        key(s, "stderr_path_list:", "NONE:NONE:" + job.stderr);
        key(s, "notify:", "FALSE");
        key(s, "job_name:", job.name);
        key(s, "stdout_path_list:", "NONE:NONE:" + job.stdout);
        key(s, "jobshare:", "0");
        key(s, "shell_list:", "NONE:" + job.shell);
        if (!job.args.isEmpty()) {
            key(s, "job_args:", String.join(",", job.args));
        }
        key(s, "script_file:", job.scriptName);
        if (!job.project.equals("NONE")) {
            key(s, "project:", job.project);
        }
        if (job.isArray()) {
            key(s, "job-array tasks:", job.taskRange());
        }
        for (Task t : job.tasks) {
            if (t.state.equals("Eqw")) {
                key(s, String.format(Locale.ROOT, "error reason %4d:", Math.max(t.id, 1)), t.reason);
            }
        }
        key(s, "scheduling info:", "(Collecting of scheduler job information is turned off)");
        return s.toString();
    }

    private static void key(StringBuilder s, String key, String value) {
        s.append(String.format(Locale.ROOT, "%-28s%s\n", key, value));
    }

    /** One {@code qacct -j} block, with the fields and padding of SGE 8.1.9's (resource usage is not measured). */
    String qacct(Done d) {
        StringBuilder s = new StringBuilder(RULE).append('\n');
        acct(s, "qname", pad(d.queue()));
        acct(s, "hostname", pad(host));
        acct(s, "group", pad(group));
        acct(s, "owner", pad(owner));
        acct(s, "project", pad(d.project()));
        acct(s, "department", pad("defaultdepartment"));
        acct(s, "jobname", pad(d.name()));
        acct(s, "jobnumber", pad(Long.toString(d.jobId())));
        acct(s, "taskid", d.taskId() == 0 ? "undefined" : pad(Integer.toString(d.taskId())));
        acct(s, "account", pad("sge"));
        acct(s, "priority", pad("0"));
        acct(s, "qsub_time", ctime(d.submitted()));
        acct(s, "start_time", ctime(d.started()));
        acct(s, "end_time", ctime(d.ended()));
        acct(s, "granted_pe", pad("NONE"));
        acct(s, "slots", pad(Integer.toString(d.slots())));
        acct(s, "failed", String.format(Locale.ROOT, "%-5s", d.failed()));
        acct(s, "exit_status", pad(Integer.toString(d.exitStatus())));
        acct(s, "ru_wallclock", (d.ended() - d.started()) + "s");
        for (String zero : List.of("ru_utime", "ru_stime")) {
            acct(s, zero, "0.000s");
        }
        for (String zero : List.of("ru_maxrss", "ru_ixrss", "ru_ismrss", "ru_idrss", "ru_isrss")) {
            acct(s, zero, "0.000B");
        }
        for (String zero : List.of("ru_minflt", "ru_majflt", "ru_nswap", "ru_inblock", "ru_oublock", "ru_msgsnd",
                "ru_msgrcv", "ru_nsignals", "ru_nvcsw", "ru_nivcsw")) {
            acct(s, zero, pad("0"));
        }
        acct(s, "cpu", "0.000s");
        acct(s, "mem", "0.000Bs");
        acct(s, "io", "0.000B");
        acct(s, "iow", "0.000s");
        acct(s, "maxvmem", "0.000B");
        acct(s, "arid", "undefined");
        acct(s, "ar_sub_time", "undefined");
        acct(s, "category", "NONE");
        return s.toString();
    }

    private static void acct(StringBuilder s, String key, String value) {
        s.append(String.format(Locale.ROOT, "%-13s%s\n", key, value));
    }

    private static String pad(String value) {
        return String.format(Locale.ROOT, "%-20s", value);
    }

    String ctime(long epochSeconds) {
        return CTIME.format(local(epochSeconds));
    }

    /** Grid Engine prints local time without a zone. */
    private java.time.LocalDateTime local(long epochSeconds) {
        return Instant.ofEpochSecond(epochSeconds).atZone(zone).toLocalDateTime();
    }
}
