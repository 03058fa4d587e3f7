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

    /** The columns that follow parameters and values in every table. */
    public static final List<String> TRAILING = List.of("status", "error", "attempt", "seconds", "start", "host",
            "job", "cpu_seconds", "peak_mib");
}
