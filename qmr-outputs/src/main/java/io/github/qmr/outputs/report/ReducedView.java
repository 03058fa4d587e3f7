package io.github.qmr.outputs.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the report shows {@code reduced.json} (the reducer's result, flattened as a table row is): its plain values as
 * one table; each map or list in it as a table of its own (a map of records: one row per key, one column per
 * component); and where a map's keys are numbers and its values numbers (or records of numbers), a plot of each by
 * the key. Anything else as its JSON.
 */
final class ReducedView {
    /** A part of the view. */
    sealed interface Part permits Values, Table, Series, Text {}

    /** Plain values by name. */
    record Values(Map<String, JsonNode> values) implements Part {}

    /** A map or list: rows under a header; the first column the key (or index). */
    record Table(String name, List<String> header, List<List<JsonNode>> rows) implements Part {}

    /** Numbers by a numeric key: {@code ys} per component (the map's own values under {@code name}). */
    record Series(String name, String key, double[] xs, Map<String, double[]> ys) implements Part {}

    /** Shown as JSON. */
    record Text(String name, String json) implements Part {}

    private ReducedView() {}

    static List<Part> parts(JsonNode reduced) {
        List<Part> out = new ArrayList<>();
        Map<String, JsonNode> plain = new LinkedHashMap<>();
        List<Part> more = new ArrayList<>();
        if (!reduced.isObject()) {
            container("result", reduced, plain, more);
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = reduced.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                container(e.getKey(), e.getValue(), plain, more);
            }
        }
        if (!plain.isEmpty()) {
            out.add(new Values(plain));
        }
        out.addAll(more);
        return out;
    }

    private static void container(String name, JsonNode v, Map<String, JsonNode> plain, List<Part> out) {
        if (!v.isContainerNode()) {
            plain.put(name, v);
            return;
        }
        if (v.isEmpty()) {
            out.add(new Text(name, v.toString()));
            return;
        }
        List<String> keys = new ArrayList<>();
        List<JsonNode> items = new ArrayList<>();
        if (v.isObject()) {
            v.fields().forEachRemaining(e -> {
                keys.add(e.getKey());
                items.add(e.getValue());
            });
        } else {
            for (int i = 0; i < v.size(); i++) {
                keys.add(Integer.toString(i));
                items.add(v.get(i));
            }
        }
        boolean scalars = items.stream().noneMatch(JsonNode::isContainerNode);
        boolean records = items.stream().allMatch(JsonNode::isObject)
                && items.stream().allMatch(i -> {
                    for (JsonNode c : i) {
                        if (c.isContainerNode()) {
                            return false;
                        }
                    }
                    return true;
                });
        if (!scalars && !records) {
            out.add(new Text(name, v.toPrettyString()));
            return;
        }
        Set<String> columns = new LinkedHashSet<>();
        if (records) {
            items.forEach(i -> i.fieldNames().forEachRemaining(columns::add));
        }
        List<String> header = new ArrayList<>();
        header.add(v.isObject() ? "key" : "index");
        if (records) {
            header.addAll(columns);
        } else {
            header.add(name);
        }
        List<List<JsonNode>> rows = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<JsonNode> row = new ArrayList<>();
            row.add(com.fasterxml.jackson.databind.node.TextNode.valueOf(keys.get(i)));
            if (records) {
                for (String c : columns) {
                    JsonNode cell = items.get(i).get(c);
                    row.add(cell == null ? com.fasterxml.jackson.databind.node.NullNode.instance : cell);
                }
            } else {
                row.add(items.get(i));
            }
            rows.add(row);
        }
        out.add(new Table(name, header, rows));
        // a plot where the keys are numbers (a map by a parameter's value) and some column is numeric
        if (v.isObject() && items.size() >= 2 && keys.stream().allMatch(k -> !Double.isNaN(Axis.number(k)))) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                order.add(i);
            }
            order.sort(java.util.Comparator.comparingDouble(i -> Axis.number(keys.get(i))));
            double[] xs = order.stream().mapToDouble(i -> Axis.number(keys.get(i))).toArray();
            Map<String, double[]> ys = new LinkedHashMap<>();
            for (int c = 1; c < header.size(); c++) {
                double[] y = new double[order.size()];
                boolean numeric = true;
                for (int j = 0; j < order.size() && numeric; j++) {
                    JsonNode cell = rows.get(order.get(j)).get(c);
                    numeric = cell.isNumber();
                    y[j] = cell.asDouble();
                }
                if (numeric) {
                    ys.put(header.get(c), y);
                }
            }
            if (!ys.isEmpty()) {
                out.add(new Series(name, "key", xs, ys));
            }
        }
    }
}
