package io.github.qmr.outputs.report;

import io.github.qmr.outputs.Flattener;
import io.github.qmr.outputs.RunFacts;
import io.github.qmr.outputs.TaskRow;
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
 * (result component, parameter, value) statistics, per combination of the parameters that are not replicates the
 * statistics of every result component and cost over the replicates (the lines-by-parameter plots), a sample of
 * points, per chunk times, the time of every task that ran, and the first {@value #TABLE_ROWS} rows for the table.
 */
public final class ReportData {
    public static final int TABLE_ROWS = 10_000;
    static final int POINTS = 2_000;
    static final int DISTINCT = 200;

    /** The run's facts; a running map's change as it goes ({@link LiveReport}). */
    RunFacts facts;
    final List<String> paramColumns;
    /** The result components; a running map's grow as its results come in ({@link LiveReport}). */
    final List<String> valueColumns;
    /** The parameters that are replicates ({@link Replicates}): the spread, never an axis. */
    final List<String> replicates;
    /** The other parameters, in their order: the keys of {@link #cells}. */
    final List<String> grouping;
    final long stride;
    long tasks;
    long failed;
    long notRun;
    long resubmittedTasks;
    /** The function's wall time summed over the tasks that ran (its CPU time is {@link #cpuSecondsTotal}). */
    double taskSeconds;
    /** Tasks that ran (succeeded or threw): the histogram's, as a task not run or in a dead chunk has no time. */
    int timed;
    Instant firstStart;
    Instant lastEnd;
    final FailureGroups failures = new FailureGroups();
    /** Columns that held anything but a number (or null) in a succeeded task: not plotted. */
    final Set<String> notNumeric = new LinkedHashSet<>();
    /** Distinct values of each parameter over the tasks that succeeded: the axes of plots of results, which failed tasks have none of. */
    final Map<String, LinkedHashSet<String>> distinctOk = new LinkedHashMap<>();
    /** The same over the tasks that ran (succeeded or threw): the axes of plots of costs. */
    final Map<String, LinkedHashSet<String>> distinctRan = new LinkedHashMap<>();
    /**
     * Per combination of the {@link #grouping} parameters' values (as text), each result component's and each cost's
     * statistics over the tasks with that combination: over the replicates. Up to {@value #CELLS} combinations.
     */
    final Map<List<String>, Cell> cells = new LinkedHashMap<>();
    /** More than {@value #CELLS} combinations of the parameters that are not replicates: no lines, no heat maps. */
    boolean tooManyCells;
    static final int CELLS = 20_000;
    /** The costs any task that ran had ({@link Resources}), in order of first appearance. */
    final Set<String> resources = new LinkedHashSet<>();
    /** Each result component's and cost's statistics over all tasks: the y axes' kind. */
    final Cell overall = new Cell();
    /** {@code reduced.json} of this run, or null. */
    com.fasterxml.jackson.databind.JsonNode reduced;
    /** Why {@code reduced.json} is not shown though there is one (older than the results), or null. */
    String reducedNote;
    /** This run against another ({@code <compareWith>}), or null; {@link #comparedWith} names the other. */
    Comparison comparison;
    String comparedWith;
    /** Why the comparison asked for is not shown (the other run cannot be read), or null. */
    String comparisonNote;
    /** value column -> parameter -> parameter value (as text) -> stats. */
    final Map<String, Map<String, Map<String, Stats>>> byParam = new LinkedHashMap<>();
    final List<TaskRow> sample = new ArrayList<>();
    final Map<Integer, Chunk> chunks = new LinkedHashMap<>();
    double[] seconds = new double[1024];
    boolean[] resubmitted = new boolean[1024];
    /** CPU seconds summed over the tasks whose CPU was measured; {@link #cpuMeasured} of them. */
    double cpuSecondsTotal;
    long cpuMeasured;
    /** The highest peak resident memory of any task's worker, in bytes (-1: none measured), and that task. */
    long maxPeakBytes = -1;
    long maxPeakItask = -1;
    /** Per queue-job id: the first task start and the last task end its worker recorded. */
    final Map<String, Instant[]> jobSpans = new LinkedHashMap<>();
    final List<TaskRow> table = new ArrayList<>();

    /** Statistics of result components and of costs, apart (a result may be named as a cost is). */
    static final class Cell {
        final Map<String, Stats> values = new LinkedHashMap<>();
        final Map<String, Stats> costs = new LinkedHashMap<>();
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

    /** The run's facts the report shows (function, queue, times). */
    public RunFacts facts() {
        return facts;
    }

    public ReportData(RunFacts facts, List<String> paramColumns, List<String> valueColumns) {
        this(facts, paramColumns, valueColumns, null);
    }

    /**
     * @param declaredReplicates the replicates as declared ({@link Replicates#parse}); null to take them by name
     */
    public ReportData(RunFacts facts, List<String> paramColumns, List<String> valueColumns,
            List<String> declaredReplicates) {
        this.facts = facts;
        this.paramColumns = paramColumns;
        this.valueColumns = valueColumns;
        this.replicates = Replicates.of(paramColumns, declaredReplicates);
        this.grouping = paramColumns.stream().filter(p -> !replicates.contains(p)).toList();
        this.stride = Math.max(1, (facts.tasks() + POINTS - 1) / POINTS);
        paramColumns.forEach(p -> {
            distinctOk.put(p, new LinkedHashSet<>());
            distinctRan.put(p, new LinkedHashSet<>());
        });
    }

    /**
     * Shows {@code reduced.json} (as the map wrote it beside {@code results.qmr}): a record's components, a map, a
     * value.
     */
    public void reduced(com.fasterxml.jackson.databind.JsonNode tree, String note) {
        this.reduced = tree;
        this.reducedNote = note;
    }

    /** Shows this run compared with {@code other}'s results ({@code <compareWith>}). */
    public void compared(Comparison comparison, String other) {
        this.comparison = comparison;
        this.comparedWith = other;
    }

    /** Says why the comparison with {@code other} is not shown. */
    public void notCompared(String other, String note) {
        this.comparedWith = other;
        this.comparisonNote = note;
    }

    /** This run compared with another's results; null when none was asked for or it could not be read. */
    public Comparison comparison() {
        return comparison;
    }

    /** Why the comparison asked for is not there (the other run cannot be read); null when it is, or none was asked. */
    public String comparisonNote() {
        return comparisonNote;
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
            Double cpu = TaskRow.cpuSeconds(row.run());
            if (cpu != null) {
                cpuSecondsTotal += cpu;
                cpuMeasured++;
            }
            if (TaskRow.peakMib(row.run()) != null && row.run().peakMemory() > maxPeakBytes) {
                maxPeakBytes = row.run().peakMemory();
                maxPeakItask = row.itask();
            }
            if (row.run() != null && row.run().jobId() != null) {
                Instant[] span = jobSpans.computeIfAbsent(row.run().jobId(), k -> new Instant[] {row.run().start(),
                        row.run().end()});
                span[0] = row.run().start().isBefore(span[0]) ? row.run().start() : span[0];
                span[1] = row.run().end().isAfter(span[1]) ? row.run().end() : span[1];
            }
        }
        Chunk c = ran ? addRun(row) : null;
        if (table.size() < TABLE_ROWS) {
            table.add(row);
        }
        // the class of costs, not the record of totals below
        Map<String, Double> costs = io.github.qmr.outputs.report.Resources.of(row);
        if (!costs.isEmpty()) {
            resources.addAll(costs.keySet());
            seen(distinctRan, row);
            Cell cell = cell(row);
            costs.forEach((name, x) -> {
                overall.costs.computeIfAbsent(name, k -> new Stats()).add(x);
                if (cell != null) {
                    cell.costs.computeIfAbsent(name, k -> new Stats()).add(x);
                }
            });
        }
        if (row.notRun()) {
            notRun++;
            failures.notRun(row);
            return;
        }
        if (!row.ok()) {
            failed++;
            if (c != null) {
                c.failed++;
            }
            failures.failed(row);
            return;
        }
        seen(distinctOk, row);
        Cell here = cell(row);
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
            overall.values.computeIfAbsent(v, k -> new Stats()).add(y);
            if (here != null) {
                here.values.computeIfAbsent(v, k -> new Stats()).add(y);
            }
        }
        if (row.itask() % stride == 0) {
            sample.add(row);
        }
    }

    private void seen(Map<String, LinkedHashSet<String>> values, TaskRow row) {
        for (String p : paramColumns) {
            Set<String> d = values.get(p);
            if (d.size() < DISTINCT) {
                d.add(Flattener.cell(row.params().get(p)));
            }
        }
    }

    /** The statistics of the row's combination of the parameters that are not replicates; null past the cap. */
    private Cell cell(TaskRow row) {
        if (tooManyCells) {
            return null;
        }
        List<String> key = grouping.stream().map(p -> Flattener.cell(row.params().get(p))).toList();
        Cell c = cells.get(key);
        if (c == null) {
            if (cells.size() >= CELLS) {
                tooManyCells = true;
                cells.clear();
                return null;
            }
            c = new Cell();
            cells.put(key, c);
        }
        return c;
    }

    /**
     * The parameters a plot of results can have as x: not replicates, and more than one value among the tasks that
     * succeeded.
     */
    List<String> swept() {
        return grouping.stream().filter(p -> distinctOk.get(p).size() > 1).toList();
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
    public List<io.github.qmr.outputs.StepSummary.Group> groups() {
        return failures.summary();
    }

    /**
     * What the map used and held, for the step summary, provenance and report.
     *
     * @param cpuHours CPU time of the tasks' threads, summed (only tasks whose CPU was measured)
     * @param taskHours the tasks' wall time, summed
     * @param heldSlotHours the queue-jobs' slots held: per job, from its submission seen by the monitor or, where
     *     it waited, from its first task's start, to its end seen by the monitor (or its last task's end); NaN if no
     *     job was seen (the local queue gives no job ids)
     * @param efficiency {@code cpuHours / heldSlotHours}; NaN if either is unknown
     * @param queueWaitSeconds the mean wait of a queue-job from submission to its first task's start (JVM start
     *     included); NaN if unknown
     * @param maxPeakBytes the highest peak resident memory of a task's worker; -1 if none was measured
     * @param maxPeakItask the task it ended with; -1 if none
     */
    public record Resources(double cpuHours, double taskHours, double heldSlotHours, double efficiency,
            double queueWaitSeconds, long maxPeakBytes, long maxPeakItask) {}

    /** The totals over every row added; {@code facts.jobs()} gives the monitor's view of each job. */
    public Resources resources() {
        double cpuHours = cpuSecondsTotal / 3600;
        double held = 0;
        double wait = 0;
        int waited = 0;
        for (Map.Entry<String, Instant[]> e : jobSpans.entrySet()) {
            RunFacts.Job job = facts.jobs() == null ? null : facts.jobs().get(e.getKey());
            Instant start = e.getValue()[0];
            Instant end = job != null && job.ended() != null && job.ended().isAfter(e.getValue()[1]) ? job.ended()
                    : e.getValue()[1];
            if (job != null && job.submitted() != null && job.submitted().isBefore(start)) {
                wait += java.time.Duration.between(job.submitted(), start).toNanos() / 1e9;
                waited++;
            }
            held += java.time.Duration.between(start, end).toNanos() / 1e9;
        }
        double heldHours = jobSpans.isEmpty() ? Double.NaN : held / 3600;
        return new Resources(cpuHours, taskSeconds / 3600, heldHours, cpuMeasured == 0 || !(heldHours > 0)
                ? Double.NaN : cpuHours / heldHours, waited == 0 ? Double.NaN : wait / waited, maxPeakBytes,
                maxPeakItask);
    }

    /** Wall time: the run's frame if known, else first task start to last task end. */
    public double wallSeconds() {
        if (facts.started() != null && facts.ended() != null) {
            return java.time.Duration.between(facts.started(), facts.ended()).toMillis() / 1e3;
        }
        return firstStart == null ? 0 : java.time.Duration.between(firstStart, lastEnd).toMillis() / 1e3;
    }
}
