package io.github.qmr.outputs.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which columns the task table shows at first, so it fits a 1400 px window: by priority (the task, its parameters,
 * its status, the results, then time, error, host, job, further costs, attempt) while their estimated widths fit; the
 * others are a click away.
 */
final class TableColumns {
    /** The page's width for the table: 1400 px less the body's margins and a scroll bar. */
    static final int BUDGET = 1400 - 64 - 20;
    /** Pixels per character of the table's 12 px font, and a cell's padding. */
    static final int CHAR = 7;
    static final int PADDING = 17;

    /**
     * @param chars the widest text of the column in characters (header or cell), after the cell's own cap
     * @param priority lower first
     */
    record Column(String name, int chars, int priority) {
        int width() {
            return chars * CHAR + PADDING;
        }
    }

    private TableColumns() {}

    /** The names of the columns shown at first; the first by priority always. */
    static Set<String> shown(List<Column> columns, int budget) {
        List<Column> byPriority = new ArrayList<>(columns);
        byPriority.sort(Comparator.comparingInt(Column::priority));
        Set<String> out = new LinkedHashSet<>();
        int used = 0;
        for (Column c : byPriority) {
            if (out.isEmpty() || used + c.width() <= budget) {
                out.add(c.name());
                used += c.width();
            }
        }
        return out;
    }
}
