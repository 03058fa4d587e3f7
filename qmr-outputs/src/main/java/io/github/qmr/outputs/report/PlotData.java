package io.github.qmr.outputs.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.qmr.outputs.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The data of the page's lines-by-parameter plots, as JSON for its script: the parameters that can be an axis (not
 * replicates, more than one value; their values in axis order and the axis kind), the replicates, the numeric result
 * components and the costs (with their axis kind), the default x and colour, and per combination of the parameters
 * that are not replicates, each component's count, mean and standard deviation over the replicates.
 */
final class PlotData {
    private PlotData() {}

    /**
     * The default x and colour of the lines: the parameter with the most values as x, the next as colour (in their
     * order on a tie); fewer when there are fewer parameters.
     */
    static List<String> defaults(Map<String, Integer> valueCounts) {
        List<String> names = new ArrayList<>(valueCounts.keySet());
        names.removeIf(p -> valueCounts.get(p) < 2);
        names.sort(Comparator.comparing((String p) -> -valueCounts.get(p)));
        return names.subList(0, Math.min(2, names.size()));
    }

    /** A parameter's values in axis order: by number on a numeric axis, as they came otherwise; empty ones left out. */
    static List<String> ordered(Collection<String> values, Axis axis) {
        List<String> out = new ArrayList<>(values.stream().filter(v -> v != null && !v.isBlank()).toList());
        if (axis != Axis.CATEGORY) {
            out.sort(Comparator.comparingDouble(Axis::number));
        }
        return out;
    }

    static ObjectNode of(ReportData d, List<String> results) {
        ObjectNode root = Json.mapper().createObjectNode();
        List<String> axes = new ArrayList<>();
        Map<String, Map<String, Integer>> index = new HashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        ArrayNode params = root.putArray("params");
        for (String p : d.grouping) {
            Set<String> seen = d.distinctRan.get(p);
            Axis axis = Axis.of(seen);
            List<String> values = ordered(seen, axis);
            if (values.size() < 2) {
                continue;
            }
            axes.add(p);
            // the default axes by the values of the tasks that succeeded, the results' (a cost's line has them all)
            int ok = ordered(d.distinctOk.get(p), axis).size();
            counts.put(p, ok > 0 ? ok : values.size());
            ObjectNode o = params.addObject().put("name", p).put("axis", axis.json());
            ArrayNode vs = o.putArray("values");
            Map<String, Integer> at = new HashMap<>();
            for (String v : values) {
                at.put(v, at.size());
                vs.add(v);
            }
            index.put(p, at);
        }
        ArrayNode reps = root.putArray("replicates");
        for (String r : d.replicates) {
            reps.addObject().put("name", r).put("count", d.distinctRan.get(r).size());
        }
        List<String> costs = new ArrayList<>(d.resources);
        series(root.putArray("results"), results, d.overall.values);
        series(root.putArray("costs"), costs, d.overall.costs);
        List<String> chosen = defaults(counts);
        root.put("x", chosen.isEmpty() ? null : chosen.get(0));
        root.put("colour", chosen.size() < 2 ? null : chosen.get(1));
        root.put("tooMany", d.tooManyCells);
        ArrayNode cells = root.putArray("cells");
        List<Integer> positions = axes.stream().map(d.grouping::indexOf).toList();
        for (Map.Entry<List<String>, ReportData.Cell> e : d.cells.entrySet()) {
            ArrayNode k = Json.mapper().createArrayNode();
            boolean all = true;
            for (int i = 0; i < axes.size(); i++) {
                Integer at = index.get(axes.get(i)).get(e.getKey().get(positions.get(i)));
                if (at == null) {
                    all = false; // an empty value, or past the distinct values kept: not on the axis
                    break;
                }
                k.add(at);
            }
            if (!all) {
                continue;
            }
            ObjectNode c = cells.addObject();
            c.set("k", k);
            stats(c.putArray("v"), results, e.getValue().values);
            stats(c.putArray("c"), costs, e.getValue().costs);
        }
        return root;
    }

    private static void series(ArrayNode out, List<String> names, Map<String, Stats> overall) {
        for (String n : names) {
            Stats s = overall.get(n);
            Axis axis = s == null ? Axis.LINEAR : Axis.ofRange(s.min, s.max, s.n);
            out.addObject().put("name", n).put("axis", axis.json());
        }
    }

    /** Per name: {@code [n, mean, sd]}, or null where no task of the cell has it. */
    private static void stats(ArrayNode out, List<String> names, Map<String, Stats> stats) {
        for (String n : names) {
            Stats s = stats.get(n);
            if (s == null || s.n == 0) {
                out.addNull();
            } else {
                out.addArray().add(s.n).add(round(s.mean)).add(round(s.sd()));
            }
        }
    }

    /** Nine significant digits: the page's size, not its precision, is what the full doubles would cost. */
    private static double round(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v;
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(9)).doubleValue();
    }
}
