package io.github.qmr.outputs;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The columns of a map's tables: every parameter and every result component any task has, in order of first
 * appearance (found in a first pass over the results, so the header is complete before the first row).
 */
public final class Columns {
    private final Set<String> params = new LinkedHashSet<>();
    private final Set<String> values = new LinkedHashSet<>();

    public void see(TaskRow row) {
        params.addAll(row.params().keySet());
        values.addAll(row.values().keySet());
    }

    public List<String> params() {
        return List.copyOf(params);
    }

    /** The result's columns; a single {@code result} column when no task succeeded. */
    public List<String> values() {
        return values.isEmpty() ? List.of(Flattener.PLAIN) : List.copyOf(values);
    }

    /**
     * The columns that follow parameters and values in every table: the last two are the scheduler's own figures of
     * the task's queue-job (see {@link RunFacts.Job}), empty where it recorded none.
     */
    public static final List<String> TRAILING = List.of("status", "error", "attempt", "seconds", "start", "host",
            "job", "cpu_seconds", "peak_mib", "job_cpu_seconds", "job_mem_mib");

    /** The scheduler's CPU seconds of the task's job, or null. */
    static Double jobCpuSeconds(TaskRow row, java.util.Map<String, RunFacts.Job> jobs) {
        RunFacts.Job j = job(row, jobs);
        return j == null ? null : j.cpuSeconds();
    }

    /** The scheduler's peak memory of the task's job in MiB, or null. */
    static Double jobMemoryMib(TaskRow row, java.util.Map<String, RunFacts.Job> jobs) {
        RunFacts.Job j = job(row, jobs);
        return j == null || j.memoryBytes() == null ? null : j.memoryBytes() / 1048576.0;
    }

    private static RunFacts.Job job(TaskRow row, java.util.Map<String, RunFacts.Job> jobs) {
        return row.run() == null || row.run().jobId() == null ? null : jobs.get(row.run().jobId());
    }
}
