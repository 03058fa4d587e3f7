package io.github.qmr.outputs.report;

import io.github.qmr.outputs.TaskRow;
import io.github.qmr.runtime.TaskRun;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a task cost, as numbers by name: {@code seconds} (the function's wall time), then every numeric fact its run
 * carries ({@code cpu}: the CPU time in seconds; a peak memory once the workers measure one). Read from the records'
 * components, so a measurement added to {@link TaskRun} or {@link TaskRow} is plotted without a change here.
 */
final class Resources {
    static final String SECONDS = "seconds";
    /** A task row's numbers that are not costs. */
    private static final Set<String> NOT_COSTS = Set.of("itask", "ichunk", "attempt", SECONDS);
    private static final List<RecordComponent> ROW = numeric(TaskRow.class.getRecordComponents(), NOT_COSTS);
    private static final List<RecordComponent> RUN = numeric(TaskRun.class.getRecordComponents(), Set.of());

    private Resources() {}

    /** The costs of a task that ran (succeeded or threw); empty for one that did not. */
    static Map<String, Double> of(TaskRow row) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (!row.ok() && !row.status().equals("failed")) {
            return out;
        }
        out.put(SECONDS, row.seconds());
        put(out, ROW, row);
        if (row.run() != null) {
            put(out, RUN, row.run());
        }
        return out;
    }

    private static void put(Map<String, Double> out, List<RecordComponent> components, Record r) {
        for (RecordComponent c : components) {
            Object v;
            try {
                v = c.getAccessor().invoke(r);
            } catch (ReflectiveOperationException e) {
                continue; // a public record's accessor: cannot happen
            }
            double x = v instanceof Duration d ? d.toNanos() / 1e9 : v instanceof Number n ? n.doubleValue()
                    : Double.NaN;
            // a negative or missing number means "not measured" (as TaskRun's cpu is null, or -1 in the records)
            if (Double.isFinite(x) && x >= 0) {
                out.put(c.getName(), x);
            }
        }
    }

    private static List<RecordComponent> numeric(RecordComponent[] all, Set<String> except) {
        List<RecordComponent> out = new ArrayList<>();
        for (RecordComponent c : all) {
            Class<?> t = c.getType();
            boolean number = t == Duration.class || Number.class.isAssignableFrom(t)
                    || (t.isPrimitive() && t != boolean.class && t != char.class);
            if (number && !except.contains(c.getName())) {
                out.add(c);
            }
        }
        return out;
    }
}
