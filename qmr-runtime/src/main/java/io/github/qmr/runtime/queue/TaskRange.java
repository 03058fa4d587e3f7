package io.github.qmr.runtime.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Array task ids {@code first, first+step, ... <= last}, as qstat and squeue print them: {@code 2-4:1}, or {@code 5}
 * alone.
 */
public record TaskRange(int first, int last, int step) {
    private static final Pattern ITEM = Pattern.compile("([0-9]+)(?:-([0-9]+)(?::([0-9]+))?)?");

    public TaskRange {
        if (first < 1 || last < first || step < 1) {
            throw new IllegalArgumentException("not a task range: " + first + "-" + last + ":" + step);
        }
    }

    public boolean contains(int task) {
        return task >= first && task <= last && (task - first) % step == 0;
    }

    public int size() {
        return (last - first) / step + 1;
    }

    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + "-" + last + ":" + step;
    }

    /**
     * Reads a list such as {@code 1}, {@code 2-4:1}, {@code 5,7} or {@code 1,3-5:1}; "" is no range.
     *
     * @throws IllegalArgumentException naming what is wrong, for the caller to say where the list came from
     */
    public static List<TaskRange> parseList(String text) {
        List<TaskRange> ranges = new ArrayList<>();
        if (text.isBlank()) {
            return ranges;
        }
        for (String item : text.split(",")) {
            Matcher m = ITEM.matcher(item.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + item.strip() + "' is not a task id or range");
            }
            int first = Integer.parseInt(m.group(1));
            int last = m.group(2) == null ? first : Integer.parseInt(m.group(2));
            ranges.add(new TaskRange(first, last, m.group(3) == null ? 1 : Integer.parseInt(m.group(3))));
        }
        return ranges;
    }
}
