package io.github.qmr.outputs.report;

import io.github.qmr.outputs.Flattener;
import io.github.qmr.outputs.TaskRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Two runs of a map compared task by task, the tasks paired by their parameters ({@code qmr:compare}): per result
 * component how many paired values are exactly equal, within the tolerance, or changed (with the largest change), the
 * tasks whose status changed, the tasks only in one run, and the time of the paired tasks in each.
 *
 * @param tolerance a number is unchanged when {@code |a - b| <= tolerance * max(|a|, |b|)} (0: only equal ones)
 */
public record Comparison(double tolerance, long paired, List<String> onlyHere, long onlyHereCount,
        List<String> onlyThere, long onlyThereCount, List<Component> components, List<String> statusChanges,
        long statusChangeCount, double secondsHere, double secondsThere) {
    static final int LISTED = 20;

    /**
     * One result component over the paired tasks that succeeded in both runs.
     *
     * @param worst the task with the largest change, as {@code itask 5 (n=3): 1.5 -> 1.7}; null when none changed
     */
    public record Component(String name, long compared, long exact, long within, long changed, double maxAbsDelta,
            double maxRelDelta, String worst) {}

    /** True when a result changed beyond the tolerance, a task's status changed, or a task is in one run only. */
    public boolean drifted() {
        return components.stream().anyMatch(c -> c.changed > 0) || statusChangeCount > 0 || onlyHereCount > 0
                || onlyThereCount > 0;
    }

    /** What drifted, for the build's message; empty when nothing did. */
    public String drift() {
        List<String> parts = new ArrayList<>();
        for (Component c : components) {
            if (c.changed > 0) {
                parts.add(c.name + " changed in " + c.changed + " of " + c.compared + " paired tasks (largest: "
                        + c.worst + ")");
            }
        }
        if (statusChangeCount > 0) {
            parts.add(statusChangeCount + " tasks changed status (" + String.join("; ", statusChanges) + ")");
        }
        if (onlyHereCount > 0) {
            parts.add(onlyHereCount + " tasks only in this run (" + String.join("; ", onlyHere) + ")");
        }
        if (onlyThereCount > 0) {
            parts.add(onlyThereCount + " tasks only in the other run (" + String.join("; ", onlyThere) + ")");
        }
        return String.join("; ", parts);
    }

    /**
     * Why the build fails when the results drifted from {@code other} ({@code qmr:compare}, or a map or
     * {@code qmr:report} given a tolerance), with where the comparison is shown and how to get past it.
     */
    public String failure(Object other, java.nio.file.Path page) {
        return "the results drifted from " + other + ": " + drift() + ". See " + page + "; if the change is expected,"
                + " compare with a new baseline, or allow numeric noise with -Dqmr.compareTolerance=1e-9 (relative)";
    }

    /** The key that pairs tasks: their parameters by name, whatever their order. */
    static String key(TaskRow row) {
        return new TreeMap<>(row.params()).entrySet().stream()
                .map(e -> e.getKey() + "=" + Flattener.cell(e.getValue())).reduce((a, b) -> a + ", " + b).orElse("");
    }

    /** Compares {@code here} (this run) with {@code there} (the other). */
    public static Comparison of(List<TaskRow> here, List<TaskRow> there, double tolerance) {
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("the tolerance must be 0 or more, got " + tolerance);
        }
        Map<String, TaskRow> byKey = new LinkedHashMap<>();
        for (TaskRow t : there) {
            byKey.put(key(t), t);
        }
        LinkedHashSet<String> names = new LinkedHashSet<>();
        here.forEach(r -> names.addAll(r.values().keySet()));
        Map<String, long[]> counts = new LinkedHashMap<>(); // compared, exact, within, changed
        Map<String, double[]> deltas = new LinkedHashMap<>(); // max abs, max rel
        Map<String, String> worst = new LinkedHashMap<>();
        names.forEach(n -> {
            counts.put(n, new long[4]);
            deltas.put(n, new double[2]);
        });
        List<String> onlyHere = new ArrayList<>();
        long onlyHereCount = 0;
        List<String> statusChanges = new ArrayList<>();
        long statusChangeCount = 0;
        long paired = 0;
        double secondsHere = 0;
        double secondsThere = 0;
        for (TaskRow a : here) {
            TaskRow b = byKey.remove(key(a));
            if (b == null) {
                if (onlyHere.size() < LISTED) {
                    onlyHere.add("itask " + a.itask() + " (" + a.label() + ")");
                }
                onlyHereCount++;
                continue;
            }
            paired++;
            secondsHere += a.seconds();
            secondsThere += b.seconds();
            if (!a.status().equals(b.status())) {
                if (statusChanges.size() < LISTED) {
                    statusChanges.add("itask " + a.itask() + " (" + a.label() + "): " + b.status() + " -> "
                            + a.status());
                }
                statusChangeCount++;
                continue;
            }
            if (!a.ok()) {
                continue;
            }
            for (String n : names) {
                Object x = a.values().get(n);
                Object y = b.values().get(n);
                long[] c = counts.get(n);
                c[0]++;
                double u = Flattener.number(x);
                double v = Flattener.number(y);
                boolean numbers = !Double.isNaN(u) && !Double.isNaN(v);
                if (numbers ? u == v : Flattener.cell(x).equals(Flattener.cell(y))) {
                    c[1]++;
                    continue;
                }
                double abs = numbers ? Math.abs(u - v) : Double.NaN;
                double rel = numbers ? abs / Math.max(Math.abs(u), Math.abs(v)) : Double.NaN;
                if (numbers && rel <= tolerance) {
                    c[2]++;
                } else {
                    c[3]++;
                }
                double[] d = deltas.get(n);
                // the largest change, by relative size (a changed text counts as the largest)
                double size = numbers ? rel : Double.POSITIVE_INFINITY;
                if (worst.get(n) == null || size > d[1]) {
                    worst.put(n, "itask " + a.itask() + " (" + a.label() + "): " + Flattener.cell(y) + " -> "
                            + Flattener.cell(x));
                    d[1] = size;
                }
                if (numbers) {
                    d[0] = Math.max(d[0], abs);
                }
            }
        }
        List<String> onlyThere = new ArrayList<>();
        for (TaskRow b : byKey.values()) {
            if (onlyThere.size() < LISTED) {
                onlyThere.add("itask " + b.itask() + " (" + b.label() + ")");
            }
        }
        List<Component> components = new ArrayList<>();
        for (String n : names) {
            long[] c = counts.get(n);
            double[] d = deltas.get(n);
            components.add(new Component(n, c[0], c[1], c[2], c[3], d[0], d[1], worst.get(n)));
        }
        return new Comparison(tolerance, paired, onlyHere, onlyHereCount, onlyThere, byKey.size(), components,
                statusChanges, statusChangeCount, secondsHere, secondsThere);
    }
}
