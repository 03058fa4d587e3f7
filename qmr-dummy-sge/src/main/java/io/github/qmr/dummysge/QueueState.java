package io.github.qmr.dummysge;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the dummy queue knows, and its plain-text form. One record per line, first word the kind:
 *
 * <pre>
 * qmr-dummy-queue-state 1
 * slots 2
 * steps-per-call 1
 * next-job-id 17
 * fail qstat 3                     the next 3 qstat calls fail like an unreachable qmaster
 * eqw name #000000003 2            the next 2 starts of a job whose name ends with #000000003 go to Eqw
 * eqw task 4 1                     the next start of an array task 4 goes to Eqw
 * job 12 name=sweep submitted=1764089000 shell=/bin/sh script=... tasks=1-3:1 arg=3 env=HOME=/root ...
 * task 12.1 state=r started=1764089001 pid=4242 pid-start=1764089001123
 * task 12.2 state=qw
 * done 7.0 name=sweep submitted=... started=... ended=... exit=3 failed=0
 * </pre>
 *
 * Words are separated by one space; values are percent-encoded ({@code %20} space, {@code %25} percent, {@code %0A}
 * newline) so paths, arguments and environment values with spaces or newlines survive. Task 0 is a job that is not
 * an array. Times are epoch seconds. Lines starting with {@code #} are comments.
 */
final class QueueState {
    static final String MAGIC = "qmr-dummy-queue-state 1";
    static final int DEFAULT_SLOTS = 2;

    int slots = DEFAULT_SLOTS;
    int stepsPerCall = 1;
    long nextJobId = 1;
    /** command (qsub, qstat, qdel, qacct) -> how many of its next calls fail. */
    final Map<String, Integer> failNext = new TreeMap<>();
    /** job-name suffix -> how many more starts go to Eqw. */
    final Map<String, Integer> eqwByName = new LinkedHashMap<>();
    /** array task id -> how many more starts go to Eqw. */
    final Map<Integer, Integer> eqwByTask = new TreeMap<>();
    /** In submission order, which is job id order. */
    final List<Job> jobs = new ArrayList<>();
    /** Accounting: one record per run that ended, oldest first (what qacct reads). */
    final List<Done> done = new ArrayList<>();

    /** A submitted job; an array job has one {@link Task} per task id still in the queue. */
    static final class Job {
        long id;
        String name;
        long submitted;
        String shell = "/bin/sh";
        /** The spooled copy of the script, or the command line for {@code -b y}. */
        String script;
        /** The script as named on the qsub command line, for messages and {@code qstat -j}. */
        String scriptName;
        boolean binary;
        String workingDir;
        /** Output paths as given (may contain $JOB_ID, $TASK_ID ...); resolved when a task starts. */
        String stdout;
        String stderr;
        boolean held;
        /** Array range; 0 when the job is not an array. */
        int first;
        int last;
        int step;
        /** At most this many tasks of the array running at once ({@code -tc}); 0 = no limit. */
        int maxRunning;
        int slots = 1;
        String queue = "all.q";
        String project = "NONE";
        List<String> args = new ArrayList<>();
        /** The environment the job gets, before the queue's own variables (JOB_ID ...) are added. */
        Map<String, String> env = new TreeMap<>();
        final List<Task> tasks = new ArrayList<>();

        boolean isArray() {
            return step > 0;
        }

        String taskRange() {
            return first + "-" + last + ":" + step;
        }
    }

    /** One runnable unit: the whole job (id 0) or one array task. */
    static final class Task {
        int id;
        /** qw, Rq (pending again after exit 99), t (started this call), r, Eqw. */
        String state = "qw";
        long started;
        long pid;
        long pidStart;
        /** Why the task is in Eqw, as {@code qstat -j} shows it. */
        String reason = "";

        boolean isRunning() {
            return state.equals("r") || state.equals("t");
        }

        boolean isPending() {
            return state.equals("qw") || state.equals("Rq");
        }
    }

    /** An accounting record. {@code failed} is qacct's field, e.g. {@code 0} or {@code 100 : assumedly after job}. */
    record Done(long jobId, int taskId, String name, long submitted, long started, long ended, int exitStatus,
            String failed, int slots, String queue, String project) {}

    Job job(long id) {
        for (Job job : jobs) {
            if (job.id == id) {
                return job;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------- text form

    String format() {
        StringBuilder s = new StringBuilder();
        s.append(MAGIC).append('\n');
        s.append("# qmr dummy Grid Engine state (io.github.qmr.dummysge.DummyGridEngine). Edit it only through\n");
        s.append("# DummyGridEngine's helpers or while no qsub/qstat/qdel/qacct runs; values are percent-encoded.\n");
        s.append("slots ").append(slots).append('\n');
        s.append("steps-per-call ").append(stepsPerCall).append('\n');
        s.append("next-job-id ").append(nextJobId).append('\n');
        failNext.forEach((command, n) -> s.append("fail ").append(encode(command)).append(' ').append(n).append('\n'));
        eqwByName.forEach((suffix, n) -> s.append("eqw name ").append(encode(suffix)).append(' ').append(n)
                .append('\n'));
        eqwByTask.forEach((task, n) -> s.append("eqw task ").append(task).append(' ').append(n).append('\n'));
        for (Job j : jobs) {
            s.append("job ").append(j.id);
            field(s, "name", j.name);
            field(s, "submitted", j.submitted);
            field(s, "shell", j.shell);
            field(s, "script", j.script);
            field(s, "script-name", j.scriptName);
            field(s, "binary", j.binary);
            field(s, "wd", j.workingDir);
            field(s, "out", j.stdout);
            field(s, "err", j.stderr);
            field(s, "held", j.held);
            field(s, "tasks", j.isArray() ? j.taskRange() : "none");
            field(s, "tc", j.maxRunning);
            field(s, "slots", j.slots);
            field(s, "queue", j.queue);
            field(s, "project", j.project);
            j.args.forEach(a -> field(s, "arg", a));
            j.env.forEach((k, v) -> field(s, "env", k + "=" + v));
            s.append('\n');
            for (Task t : j.tasks) {
                s.append("task ").append(j.id).append('.').append(t.id);
                field(s, "state", t.state);
                if (t.isRunning()) {
                    field(s, "started", t.started);
                    field(s, "pid", t.pid);
                    field(s, "pid-start", t.pidStart);
                }
                if (!t.reason.isEmpty()) {
                    field(s, "reason", t.reason);
                }
                s.append('\n');
            }
        }
        for (Done d : done) {
            s.append("done ").append(d.jobId()).append('.').append(d.taskId());
            field(s, "name", d.name());
            field(s, "submitted", d.submitted());
            field(s, "started", d.started());
            field(s, "ended", d.ended());
            field(s, "exit", d.exitStatus());
            field(s, "failed", d.failed());
            field(s, "slots", d.slots());
            field(s, "queue", d.queue());
            field(s, "project", d.project());
            s.append('\n');
        }
        return s.toString();
    }

    /** A null value is left out, and read back as null. */
    private static void field(StringBuilder s, String key, Object value) {
        if (value == null) {
            return;
        }
        Object v = value instanceof Boolean b ? (b ? "1" : "0") : value;
        s.append(' ').append(key).append('=').append(encode(String.valueOf(v)));
    }

    /** Parses {@link #format()}'s output; {@code where} names the file in error messages. */
    static QueueState parse(String text, String where) {
        QueueState state = new QueueState();
        String[] lines = text.split("\n", -1);
        if (!lines[0].equals(MAGIC)) {
            throw new IllegalStateException(where + " is not a qmr dummy queue state file (its first line is not '"
                    + MAGIC + "'); delete it or run 'DummyGridEngine install' again to create a fresh one");
        }
        for (int n = 1; n < lines.length; n++) {
            String line = lines[n];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] w = line.split(" ");
            try {
                switch (w[0]) {
                    case "slots" -> state.slots = Integer.parseInt(w[1]);
                    case "steps-per-call" -> state.stepsPerCall = Integer.parseInt(w[1]);
                    case "next-job-id" -> state.nextJobId = Long.parseLong(w[1]);
                    case "fail" -> state.failNext.put(decode(w[1]), Integer.parseInt(w[2]));
                    case "eqw" -> {
                        if (w[1].equals("name")) {
                            state.eqwByName.put(decode(w[2]), Integer.parseInt(w[3]));
                        } else if (w[1].equals("task")) {
                            state.eqwByTask.put(Integer.parseInt(w[2]), Integer.parseInt(w[3]));
                        } else {
                            throw new IllegalArgumentException("expected 'eqw name SUFFIX N' or 'eqw task ID N'");
                        }
                    }
                    case "job" -> state.jobs.add(parseJob(w));
                    case "task" -> parseTask(state, w);
                    case "done" -> state.done.add(parseDone(w));
                    default -> throw new IllegalArgumentException("unknown record '" + w[0] + "'");
                }
            } catch (RuntimeException e) {
                throw new IllegalStateException(where + " line " + (n + 1) + " is unreadable (" + e.getMessage()
                        + "): " + line + "; fix or delete that line, or delete the file to start a fresh queue", e);
            }
        }
        return state;
    }

    private static Job parseJob(String[] w) {
        Job j = new Job();
        j.id = Long.parseLong(w[1]);
        for (int i = 2; i < w.length; i++) {
            int eq = w[i].indexOf('=');
            String key = w[i].substring(0, eq);
            String value = decode(w[i].substring(eq + 1));
            switch (key) {
                case "name" -> j.name = value;
                case "submitted" -> j.submitted = Long.parseLong(value);
                case "shell" -> j.shell = value;
                case "script" -> j.script = value;
                case "script-name" -> j.scriptName = value;
                case "binary" -> j.binary = value.equals("1");
                case "wd" -> j.workingDir = value;
                case "out" -> j.stdout = value;
                case "err" -> j.stderr = value;
                case "held" -> j.held = value.equals("1");
                case "tasks" -> {
                    if (!value.equals("none")) {
                        int[] r = parseRange(value);
                        j.first = r[0];
                        j.last = r[1];
                        j.step = r[2];
                    }
                }
                case "tc" -> j.maxRunning = Integer.parseInt(value);
                case "slots" -> j.slots = Integer.parseInt(value);
                case "queue" -> j.queue = value;
                case "project" -> j.project = value;
                case "arg" -> j.args.add(value);
                case "env" -> {
                    int e = value.indexOf('=');
                    j.env.put(value.substring(0, e), value.substring(e + 1));
                }
                default -> throw new IllegalArgumentException("unknown job field '" + key + "'");
            }
        }
        return j;
    }

    private static void parseTask(QueueState state, String[] w) {
        int dot = w[1].indexOf('.');
        long jobId = Long.parseLong(w[1].substring(0, dot));
        Job job = state.job(jobId);
        if (job == null) {
            throw new IllegalArgumentException("task of job " + jobId + ", which has no 'job' line before it");
        }
        Task t = new Task();
        t.id = Integer.parseInt(w[1].substring(dot + 1));
        for (int i = 2; i < w.length; i++) {
            int eq = w[i].indexOf('=');
            String key = w[i].substring(0, eq);
            String value = decode(w[i].substring(eq + 1));
            switch (key) {
                case "state" -> t.state = value;
                case "started" -> t.started = Long.parseLong(value);
                case "pid" -> t.pid = Long.parseLong(value);
                case "pid-start" -> t.pidStart = Long.parseLong(value);
                case "reason" -> t.reason = value;
                default -> throw new IllegalArgumentException("unknown task field '" + key + "'");
            }
        }
        job.tasks.add(t);
    }

    private static Done parseDone(String[] w) {
        int dot = w[1].indexOf('.');
        Map<String, String> f = new TreeMap<>();
        for (int i = 2; i < w.length; i++) {
            int eq = w[i].indexOf('=');
            f.put(w[i].substring(0, eq), decode(w[i].substring(eq + 1)));
        }
        return new Done(Long.parseLong(w[1].substring(0, dot)), Integer.parseInt(w[1].substring(dot + 1)),
                f.getOrDefault("name", ""), Long.parseLong(f.getOrDefault("submitted", "0")),
                Long.parseLong(f.getOrDefault("started", "0")), Long.parseLong(f.getOrDefault("ended", "0")),
                Integer.parseInt(f.getOrDefault("exit", "0")), f.getOrDefault("failed", "0"),
                Integer.parseInt(f.getOrDefault("slots", "1")), f.getOrDefault("queue", "all.q"),
                f.getOrDefault("project", "NONE"));
    }

    /** {@code first-last:step}; also {@code n} and {@code n-m}. */
    static int[] parseRange(String range) {
        int colon = range.indexOf(':');
        int step = colon < 0 ? 1 : Integer.parseInt(range.substring(colon + 1));
        String span = colon < 0 ? range : range.substring(0, colon);
        int dash = span.indexOf('-');
        int first = Integer.parseInt(dash < 0 ? span : span.substring(0, dash));
        int last = dash < 0 ? first : Integer.parseInt(span.substring(dash + 1));
        return new int[] {first, last, step};
    }

    // ---------------------------------------------------------------------------------------------- encoding

    static String encode(String value) {
        StringBuilder s = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' || c <= ' ' || c == 0x7f) {
                s.append('%').append(String.format("%02X", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }

    static String decode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        // percent escapes are single bytes; non-ASCII characters are kept as UTF-8 text and pass through
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        byte[] raw = value.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%' && i + 2 < raw.length) {
                bytes.write(Integer.parseInt(new String(raw, i + 1, 2, StandardCharsets.US_ASCII), 16));
                i += 2;
            } else if (raw[i] == '%') {
                throw new IllegalArgumentException("cut percent escape in '" + value + "'");
            } else {
                bytes.write(raw[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
