package io.github.qmr.runtime.tasks;

import io.github.qmr.runtime.params.Params;
import java.math.BigDecimal;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parameter sweep: the cartesian product of named value lists, each task a {@link Params}. The first parameter
 * varies slowest, the last fastest, as in nested loops written in the declared order.
 *
 * <p>A value list is items separated by commas; an item is a value, an integer range {@code 1..100} (both ends
 * included), or a stepped range {@code 0..1:0.25} computed in decimal (so {@code 0..1:0.1} gives exactly eleven
 * values, each written with the precision of the range: {@code 0.0, 0.1, ... 1.0}). A step may be negative to count
 * down. Values are taken as written, trimmed.
 */
public final class Sweep {
    /** The setting that holds a sweep as a map of parameters to values. */
    public static final String SETTING = "sweep";
    /** A guard against a typo such as {@code 1..10000000} times ten other parameters. */
    public static final long MAX_TASKS = 10_000_000;
    static final int MAX_RANGE_VALUES = 1_000_000;

    private static final Pattern DECIMAL_COMMA = Pattern.compile("([0-9]),([0-9])");
    private static final Pattern RANGE = Pattern.compile("(-?[0-9]+(?:\\.[0-9]+)?)\\.\\.(-?[0-9]+(?:\\.[0-9]+)?)"
            + "(?::(-?[0-9]+(?:\\.[0-9]+)?))?");

    private Sweep() {}

    /** {@link #tasks(Map, String, Wording)} of a sweep given as a map, in the words of the Java API. */
    public static List<Params> tasks(Map<String, String> declared) {
        return tasks(declared, SETTING, Wording.PLAIN);
    }

    /**
     * The tasks of a sweep declared as {@code name -> value list}, in the map's order.
     *
     * @param parameter the setting it came from ({@link #SETTING}, or {@link SweepSpec#SETTING} for the text form)
     * @param words how messages name what the user wrote
     * @throws TasksException a parameter's values are malformed, or the sweep is empty or too large
     */
    public static List<Params> tasks(Map<String, String> declared, String parameter, Wording words) {
        if (declared.isEmpty()) {
            throw new TasksException(parameter, words.sweep(parameter) + " names no parameter; give at least one,"
                    + " e.g. " + words.sweepExample());
        }
        List<String> names = new ArrayList<>();
        List<List<String>> values = new ArrayList<>();
        long total = 1;
        for (Map.Entry<String, String> e : declared.entrySet()) {
            String name = e.getKey().strip();
            if (name.isEmpty()) {
                throw new TasksException(parameter, words.sweep(parameter) + " has a parameter without a name");
            }
            List<String> list = values(name, e.getValue(), parameter, words);
            names.add(name);
            values.add(list);
            total = Math.multiplyExact(total, list.size());
            if (total > MAX_TASKS) {
                throw new TasksException(parameter, words.sweep(parameter) + " makes more than " + MAX_TASKS
                        + " tasks (the product of " + String.join(", ", names) + "); narrow a range or raise its"
                        + " step, or give the tasks in a " + words.tasksFile() + " or " + words.taskSource());
            }
        }
        return product(names, values, (int) total);
    }


    /**
     * The values of one parameter: items separated by commas, each a value or a range; each value once. A decimal
     * comma ({@code 0,5..4:0,5}) splits into other values, so where such a text fails or repeats a value the message
     * says so and gives the text with points.
     */
    static List<String> values(String name, String text, String parameter, Wording words) {
        List<String> out;
        try {
            out = parse(name, text, parameter, words);
        } catch (TasksException e) {
            String points = decimalPoints(text);
            throw points == null ? e : new TasksException(parameter, e.getMessage() + ". " + points, e);
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String v : out) {
            if (!seen.add(v)) {
                String points = decimalPoints(text);
                throw new TasksException(parameter, words.sweepParameter(parameter, name) + " '" + text.strip()
                        + "' gives " + v + " more than once; each value makes its tasks once, so give each value once"
                        + (points == null ? "" : ". " + points));
            }
        }
        return out;
    }

    /** For a text with digits on both sides of a comma: the same text with points there, said as a hint. */
    private static String decimalPoints(String text) {
        if (text == null || !DECIMAL_COMMA.matcher(text).find()) {
            return null;
        }
        return "Is that a decimal comma? Commas separate values; write decimals with a point: "
                + DECIMAL_COMMA.matcher(text.strip()).replaceAll("$1.$2");
    }

    private static List<String> parse(String name, String text, String parameter, Wording words) {
        if (text == null || text.isBlank()) {
            throw new TasksException(parameter, words.sweepParameter(parameter, name) + " is empty; give values"
                    + " such as 1,2,3 or a range such as 1..10 or 0..1:0.25");
        }
        List<String> out = new ArrayList<>();
        for (String raw : text.split(",")) {
            String item = raw.strip();
            if (item.isEmpty()) {
                throw new TasksException(parameter, words.sweepParameter(parameter, name) + " '" + text.strip()
                        + "' has an empty item; remove the extra comma");
            }
            if (item.contains("..")) {
                range(name, item, parameter, words, out);
            } else {
                out.add(item);
            }
        }
        return out;
    }

    private static void range(String name, String item, String parameter, Wording words, List<String> out) {
        String where = words.sweepParameter(parameter, name) + " range '" + item + "'";
        Matcher m = RANGE.matcher(item);
        if (!m.matches()) {
            throw new TasksException(parameter, where + " is not a range; write FROM..TO for integers (1..100)"
                    + " or FROM..TO:STEP (0..1:0.25)");
        }
        BigDecimal from = new BigDecimal(m.group(1));
        BigDecimal to = new BigDecimal(m.group(2));
        BigDecimal step;
        if (m.group(3) != null) {
            step = new BigDecimal(m.group(3));
        } else if (from.scale() == 0 && to.scale() == 0) {
            step = from.compareTo(to) <= 0 ? BigDecimal.ONE : BigDecimal.ONE.negate();
        } else {
            throw new TasksException(parameter, where + " has decimal ends but no step; add one, e.g. "
                    + item + ":0.1");
        }
        if (step.signum() == 0) {
            throw new TasksException(parameter, where + " has a step of zero; use a positive step, or a"
                    + " negative one to count down");
        }
        int cmp = from.compareTo(to);
        if (cmp != 0 && (cmp < 0) != (step.signum() > 0)) {
            throw new TasksException(parameter, where + " never reaches " + to + " with step " + step
                    + "; " + (step.signum() > 0 ? "use a negative step to count down" : "use a positive step"));
        }
        // every value is printed with the finest precision written anywhere in the range: 0..1:0.25 -> 0.00 .. 1.00
        int scale = Math.max(0, Math.max(step.scale(), Math.max(from.scale(), to.scale())));
        long count = to.subtract(from).divideToIntegralValue(step).longValueExact() + 1;
        if (count > MAX_RANGE_VALUES) {
            throw new TasksException(parameter, where + " has " + count + " values, more than "
                    + MAX_RANGE_VALUES + "; raise its step or narrow it");
        }
        BigDecimal v = from;
        for (long i = 0; i < count; i++) {
            out.add(v.setScale(scale).toPlainString());
            v = v.add(step);
        }
    }

    /** The product as a list computed on access, so a large sweep costs no memory until its tasks are written. */
    private static List<Params> product(List<String> names, List<List<String>> values, int size) {
        String[] nameArray = names.toArray(new String[0]);
        return new AbstractList<>() {
            @Override
            public Params get(int index) {
                if (index < 0 || index >= size) {
                    throw new IndexOutOfBoundsException(index);
                }
                String[] pairs = new String[2 * nameArray.length];
                int rest = index;
                for (int p = nameArray.length - 1; p >= 0; p--) {
                    List<String> list = values.get(p);
                    pairs[2 * p] = nameArray[p];
                    pairs[2 * p + 1] = list.get(rest % list.size());
                    rest /= list.size();
                }
                return Params.of(pairs);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}
