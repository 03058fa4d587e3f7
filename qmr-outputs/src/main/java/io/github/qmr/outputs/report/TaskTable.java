package io.github.qmr.outputs.report;

import static io.github.qmr.outputs.report.Html.esc;
import static io.github.qmr.outputs.report.Html.num;

import io.github.qmr.outputs.Flattener;
import io.github.qmr.outputs.TaskRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The task table: sortable, filterable, the columns that fit shown ({@link TableColumns}). */
final class TaskTable {
    private final ReportData d;
    private final StringBuilder h;

    TaskTable(ReportData d, StringBuilder h) {
        this.d = d;
        this.h = h;
    }

    private static final int CELL_CHARS = 30;
    private static final int ERROR_CHARS = 45;

    void table() {
        List<String> params = d.paramColumns;
        List<String> values = d.valueColumns;
        List<String> costs = d.resources.stream().filter(c -> !c.equals(Resources.SECONDS)).toList();
        // each row's cells as text (numbers rounded for people) with the exact number to sort by
        List<String> names = new ArrayList<>();
        List<Integer> priority = new ArrayList<>();
        names.add("itask");
        priority.add(0);
        params.forEach(p -> {
            names.add(p);
            priority.add(1);
        });
        values.forEach(v -> {
            names.add(v);
            priority.add(3);
        });
        names.add("status");
        priority.add(2);
        names.add("attempt");
        priority.add(d.resubmittedTasks > 0 ? 4 : 9);
        names.add("seconds");
        priority.add(4);
        costs.forEach(c -> {
            names.add(c);
            priority.add(8);
        });
        names.add("host");
        priority.add(6);
        names.add("job");
        priority.add(7);
        names.add("error");
        priority.add(5);
        int[] chars = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            chars[i] = names.get(i).length() + 2; // the sort arrow
        }
        List<String[][]> rows = new ArrayList<>();
        for (TaskRow r : d.table) {
            String[][] cells = new String[names.size()][];
            int i = 0;
            cells[i++] = new String[] {Long.toString(r.itask()), null};
            for (String p : params) {
                cells[i++] = new String[] {Flattener.cell(r.params().get(p)), null};
            }
            for (String v : values) {
                cells[i++] = cell(r.values().get(v));
            }
            cells[i++] = new String[] {r.status(), null};
            cells[i++] = new String[] {Integer.toString(r.attempt()), null};
            cells[i++] = seconds(r.seconds());
            Map<String, Double> measured = Resources.of(r);
            for (String c : costs) {
                Double x = measured.get(c);
                cells[i++] = x == null ? new String[] {"", null} : seconds(x);
            }
            cells[i++] = new String[] {r.run() == null || r.run().host() == null ? "" : r.run().host(), null};
            cells[i++] = new String[] {r.run() == null || r.run().jobId() == null ? "" : r.run().jobId(), null};
            cells[i] = new String[] {r.error() == null ? "" : r.error(), null};
            for (int k = 0; k < cells.length; k++) {
                int cap = k == cells.length - 1 ? ERROR_CHARS : CELL_CHARS;
                chars[k] = Math.max(chars[k], Math.min(cap, cells[k][0].length()));
            }
            rows.add(cells);
        }
        List<TableColumns.Column> columns = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            // the index keeps two columns of one name (a parameter and a result both named "n") apart
            columns.add(new TableColumns.Column(i + "", chars[i], priority.get(i)));
        }
        java.util.Set<String> shown = TableColumns.shown(columns, TableColumns.BUDGET);
        h.append("<section id=\"tasks\"><h2>Tasks</h2><p><input id=\"filter\" type=\"search\" placeholder=\"filter"
                + " rows (any column)\" size=\"40\"> <span id=\"shown\"></span></p>\n");
        h.append("<details id=\"columns\"><summary>columns (").append(shown.size()).append(" of ").append(names.size())
                .append(" shown)</summary><p class=\"column-choice\">");
        StringBuilder hidden = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            boolean on = shown.contains(i + "");
            h.append("<label><input type=\"checkbox\" data-column=\"").append(i + 1).append('"')
                    .append(on ? " checked" : "").append("> ").append(esc(names.get(i))).append("</label> ");
            if (!on) {
                hidden.append("#task-table tr > :nth-child(").append(i + 1).append("){display:none}");
            }
        }
        h.append("</p></details><style id=\"hidden-columns\">").append(hidden).append("</style>\n");
        if (d.tasks > d.table.size()) {
            h.append("<p class=\"note\" id=\"cap\">The first ").append(d.table.size()).append(" of ").append(d.tasks)
                    .append(" tasks are listed; results.csv and results.jsonl have every task.</p>\n");
        }
        h.append("<table id=\"task-table\" class=\"tasks\"><thead><tr>");
        for (String n : names) {
            h.append("<th>").append(esc(n)).append("</th>");
        }
        h.append("</tr></thead><tbody>\n");
        for (int j = 0; j < rows.size(); j++) {
            h.append("<tr class=\"").append(d.table.get(j).status()).append("\">");
            for (String[] c : rows.get(j)) {
                if (c[1] == null) {
                    h.append("<td>");
                } else {
                    h.append("<td data-v=\"").append(c[1]).append("\" title=\"").append(c[1]).append("\">");
                }
                h.append(esc(c[0])).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table></section>\n");
    }

    /** A result's cell: a fraction rounded to 4 significant digits (the exact value to sort by and on hover). */
    private static String[] cell(Object leaf) {
        if (leaf instanceof Double || leaf instanceof Float) {
            double x = ((Number) leaf).doubleValue();
            String shown = num(x);
            return shown.equals(leaf.toString()) ? new String[] {shown, null} : new String[] {shown, leaf.toString()};
        }
        return new String[] {Flattener.cell(leaf), null};
    }

    private static String[] seconds(double s) {
        return new String[] {num(s), Double.toString(s)};
    }
}
