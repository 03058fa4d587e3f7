package io.github.qmr.maven.report;

import io.github.qmr.maven.output.Flattener;
import io.github.qmr.maven.output.RunFacts;
import io.github.qmr.maven.output.TaskRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code report.html} shows, gathered in one pass over a map's rows without holding them all: counts (succeeded,
 * failed and not run apart), failure groups (tasks not run grouped apart, as they have no cause of their own), per
 * (result component, parameter, value) statistics, a sample of points, per chunk times, the time of every task that
 * ran, and the first {@value #TABLE_ROWS} rows for the table.
 */
public final class ReportData {
    public static final int TABLE_ROWS = 10_000;
    static final int POINTS = 2_000;
    static final int DISTINCT = 200;
    static final int GROUP_TASKS = 20;

    final RunFacts facts;
    final List<String> paramColumns;
    final List<String> valueColumns;
    final long stride;
    long tasks;
    long failed;
    long notRun;
    long resubmittedTasks;
    /** The function's wall time summed over the tasks that ran: not CPU time, which the workers do not measure yet. */
    double taskSeconds;
    /** Tasks that ran (succeeded or threw): the histogram's, as a task not run or in a dead chunk has no time. */
    int timed;
    Instant firstStart;
    Instant lastEnd;
    final Map<String, FailureGroup> groups = new LinkedHashMap<>();
    /** Tasks not run, by why the map stopped: below the real failures. */
    final Map<String, FailureGroup> notRunGroups = new LinkedHashMap<>();
    /** Columns that held anything but a number (or null) in a succeeded task: not plotted. */
    final Set<String> notNumeric = new LinkedHashSet<>();
    /** Distinct values of each parameter, in order of appearance (up to {@value #DISTINCT}). */
    final Map<String, LinkedHashSet<Object>> distinct = new LinkedHashMap<>();
    /** value column -> parameter -> parameter value (as text) -> stats. */
    final Map<String, Map<String, Map<String, Stats>>> byParam = new LinkedHashMap<>();
    /** value column -> every parameter's value (as text) -> stats: heat maps of any two parameters come from it. */
    final Map<String, Map<List<String>, Stats>> combos = new LinkedHashMap<>();
    /** More than {@value #COMBOS} parameter combinations: no heat maps. */
    boolean tooManyCombos;
    static final int COMBOS = 50_000;
    final List<TaskRow> sample = new ArrayList<>();
    final Map<Integer, Chunk> chunks = new LinkedHashMap<>();
    double[] seconds = new double[1024];
    boolean[] resubmitted = new boolean[1024];
    final List<TaskRow> table = new ArrayList<>();

    /** One group of failures: same exception class and message. */
    static final class FailureGroup {
        final String type;
        final String message;
        final String detail;
        long count;
        final List<TaskRow> tasks = new ArrayList<>();

        FailureGroup(String type, String message, String detail) {
            this.type = type;
            this.message = message;
            this.detail = detail;
        }
    }

    /** A chunk's run as its tasks saw it. */
    static final class Chunk {
        final int ichunk;
        Instant start;
        Instant end;
        int attempt = 1;
        String jobId;
        String host;
        long tasks;
        long failed;

        Chunk(int ichunk) {
            this.ichunk = ichunk;
        }
    }

    public ReportData(RunFacts facts, List<String> paramColumns, List<String> valueColumns) {
        this.facts = facts;
        this.paramColumns = paramColumns;
        this.valueColumns = valueColumns;
        this.stride = Math.max(1, (facts.tasks() + POINTS - 1) / POINTS);
        paramColumns.forEach(p -> distinct.put(p, new LinkedHashSet<>()));
    }

    /** The run facts of a task that ran in this map: its time, chunk and attempt. */
    private Chunk addRun(TaskRow row) {
        taskSeconds += row.seconds();
        if (row.attempt() > 1) {
            resubmittedTasks++;
        }
        Chunk c = chunks.computeIfAbsent(row.ichunk(), Chunk::new);
        c.tasks++;
        c.attempt = Math.max(c.attempt, row.attempt());
        if (row.run() != null) {
            c.start = c.start == null || row.run().start().isBefore(c.start) ? row.run().start() : c.start;
            c.end = c.end == null || row.run().end().isAfter(c.end) ? row.run().end() : c.end;
            c.jobId = row.run().jobId();
            c.host = row.run().host();
            firstStart = firstStart == null || row.run().start().isBefore(firstStart) ? row.run().start() : firstStart;
            lastEnd = lastEnd == null || row.run().end().isAfter(lastEnd) ? row.run().end() : lastEnd;
        }
        return c;
    }

    public void add(TaskRow row) {
        tasks++;
        // a task that took a kept result did not run now: counted and plotted, but no chunk or time of this run
        boolean ran = row.ichunk() >= 0;
        if (ran && (row.ok() || row.status().equals("failed"))) {
            int i = timed++;
            if (i >= seconds.length) {
                seconds = java.util.Arrays.copyOf(seconds, seconds.length * 2);
                resubmitted = java.util.Arrays.copyOf(resubmitted, resubmitted.length * 2);
            }
            seconds[i] = row.seconds();
            resubmitted[i] = row.attempt() > 1;
        }
        Chunk c = ran ? addRun(row) : null;
        for (String p : paramColumns) {
            Set<Object> d = distinct.get(p);
            if (d.size() < DISTINCT) {
                d.add(Flattener.cell(row.params().get(p)));
            }
        }
        if (table.size() < TABLE_ROWS) {
            table.add(row);
        }
        if (row.notRun()) {
            notRun++;
            FailureGroup g = notRunGroups.computeIfAbsent(row.error(), k -> new FailureGroup(row.errorType(), k, null));
            g.count++;
            if (g.tasks.size() < GROUP_TASKS) {
                g.tasks.add(row);
            }
            return;
        }
        if (!row.ok()) {
            failed++;
            if (c != null) {
                c.failed++;
            }
            String message = row.error();
            FailureGroup g = groups.computeIfAbsent(row.errorType() + "\u0000" + message,
                    k -> new FailureGroup(row.errorType(), message, row.detail()));
            g.count++;
            if (g.tasks.size() < GROUP_TASKS) {
                g.tasks.add(row);
            }
            return;
        }
        for (String v : valueColumns) {
            Object cell = row.values().get(v);
            if (cell != null && !(cell instanceof Number)) {
                notNumeric.add(v);
            }
            double y = Flattener.number(cell);
            if (Double.isNaN(y)) {
                continue;
            }
            Map<String, Map<String, Stats>> perParam = byParam.computeIfAbsent(v, k -> new LinkedHashMap<>());
            for (String p : paramColumns) {
                perParam.computeIfAbsent(p, k -> new LinkedHashMap<>())
                        .computeIfAbsent(Flattener.cell(row.params().get(p)), k -> new Stats()).add(y);
            }
            if (paramColumns.size() >= 2 && !tooManyCombos) {
                Map<List<String>, Stats> m = combos.computeIfAbsent(v, k -> new java.util.HashMap<>());
                List<String> key = paramColumns.stream().map(p -> Flattener.cell(row.params().get(p))).toList();
                Stats st = m.get(key);
                if (st == null) {
                    if (m.size() >= COMBOS) {
                        tooManyCombos = true;
                        combos.clear();
                        continue;
                    }
                    st = new Stats();
                    m.put(key, st);
                }
                st.add(y);
            }
        }
        if (row.itask() % stride == 0) {
            sample.add(row);
        }
    }

    /** The parameters that take more than one value: the plots' x axes. */
    List<String> swept() {
        return paramColumns.stream().filter(p -> distinct.get(p).size() > 1).toList();
    }

    /** The result components with a number in some task and nothing else: the plots' y axes. */
    List<String> numeric() {
        return valueColumns.stream().filter(v -> !notNumeric.contains(v) && byParam.containsKey(v)).toList();
    }

    public long failed() {
        return failed;
    }

    public long tasks() {
        return tasks;
    }

    public long notRun() {
        return notRun;
    }

    /** Tasks that took a result kept from an earlier run (none ran for them now). */
    public long keptTasks() {
        return facts.keptTasks();
    }

    /** Of {@link #keptTasks()}, those computed by an earlier version of the function ({@code -Dqmr.rerun=failed}). */
    public long keptFromEarlierFunction() {
        return facts.kept() == null ? 0 : facts.kept().fromEarlierFunction();
    }

    public double taskSeconds() {
        return taskSeconds;
    }

    /** Failure groups, largest first, then the groups of tasks not run: real causes first. */
    public List<io.github.qmr.maven.output.StepSummary.Group> groups() {
        return java.util.stream.Stream.concat(sorted(groups), sorted(notRunGroups))
                .map(g -> new io.github.qmr.maven.output.StepSummary.Group(g.type, g.message, g.count,
                        g.tasks.stream().map(t -> "itask " + t.itask() + " (" + t.label() + ")").toList()))
                .toList();
    }

    /** Largest first. */
    static java.util.stream.Stream<FailureGroup> sorted(Map<String, FailureGroup> groups) {
        return groups.values().stream().sorted((a, b) -> Long.compare(b.count, a.count));
    }

    /** Wall time: the run's frame if known, else first task start to last task end. */
    public double wallSeconds() {
        if (facts.started() != null && facts.ended() != null) {
            return java.time.Duration.between(facts.started(), facts.ended()).toMillis() / 1e3;
        }
        return firstStart == null ? 0 : java.time.Duration.between(firstStart, lastEnd).toMillis() / 1e3;
    }
}
