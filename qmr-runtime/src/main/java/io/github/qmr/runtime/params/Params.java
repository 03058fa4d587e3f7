package io.github.qmr.runtime.params;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One task given as named parameters, e.g. a point of a parameter sweep or a row of a CSV file: names in the order
 * they were declared, each with its value as written (so {@code 0.25} stays exactly {@code 0.25}), read back through
 * typed getters.
 *
 * <pre>{@code
 * public class Simulate implements TaskFunction<Params, Double> {
 *     public Double apply(Params p) { return run(p.getDouble("alpha"), p.getInt("seed")); }
 * }
 * }</pre>
 *
 * Immutable. Two arrays of strings, so qmr's Kryo writes it compactly and a worker needs only qmr-runtime to read it.
 */
public final class Params {
    private final String[] names;
    private final String[] values;

    private Params(String[] names, String[] values) {
        this.names = names;
        this.values = values;
    }

    /** The parameters of {@code values} in its iteration order (use a {@link LinkedHashMap} to keep yours). */
    public static Params of(Map<String, String> values) {
        String[] n = new String[values.size()];
        String[] v = new String[values.size()];
        int i = 0;
        for (Map.Entry<String, String> e : values.entrySet()) {
            n[i] = Objects.requireNonNull(e.getKey(), "parameter name");
            v[i] = Objects.requireNonNull(e.getValue(), () -> "value of parameter " + e.getKey());
            i++;
        }
        checkUnique(n);
        return new Params(n, v);
    }

    /** {@code Params.of("alpha", "0.1", "seed", "3")}: names and values alternating. */
    public static Params of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Params.of takes names and values in pairs, got "
                    + namesAndValues.length + " strings");
        }
        int n = namesAndValues.length / 2;
        String[] names = new String[n];
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            String name = Objects.requireNonNull(namesAndValues[2 * i], "parameter name");
            names[i] = name;
            values[i] = Objects.requireNonNull(namesAndValues[2 * i + 1], () -> "value of parameter " + name);
        }
        checkUnique(names);
        return new Params(names, values);
    }

    private static void checkUnique(String[] names) {
        for (int i = 0; i < names.length; i++) {
            for (int j = 0; j < i; j++) {
                if (names[i].equals(names[j])) {
                    throw new IllegalArgumentException("parameter '" + names[i] + "' is given twice");
                }
            }
        }
    }

    /** The names, in declared order. */
    public List<String> names() {
        return Collections.unmodifiableList(Arrays.asList(names));
    }

    public int size() {
        return names.length;
    }

    public boolean has(String name) {
        return index(name) >= 0;
    }

    /** The value as written. Throws {@link IllegalArgumentException} naming the parameters there are if absent. */
    public String get(String name) {
        int i = index(name);
        if (i < 0) {
            throw new IllegalArgumentException("this task has no parameter '" + name + "'; it has "
                    + (names.length == 0 ? "none" : String.join(", ", names)) + " (" + this + ")");
        }
        return values[i];
    }

    /** Same as {@link #get(String)}. */
    public String getString(String name) {
        return get(name);
    }

    public int getInt(String name) {
        String v = get(name);
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw notA("an int", name, v);
        }
    }

    public long getLong(String name) {
        String v = get(name);
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw notA("a long", name, v);
        }
    }

    public double getDouble(String name) {
        String v = get(name);
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw notA("a double", name, v);
        }
    }

    /** The value as an exact decimal, e.g. for a stepped range {@code 0..1:0.1} without binary rounding. */
    public BigDecimal getDecimal(String name) {
        String v = get(name);
        try {
            return new BigDecimal(v.strip());
        } catch (NumberFormatException e) {
            throw notA("a decimal number", name, v);
        }
    }

    /** {@code true} or {@code false}, ignoring case; anything else is an error, not {@code false}. */
    public boolean getBoolean(String name) {
        String v = get(name).strip();
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw notA("a boolean (true or false)", name, v);
    }

    private IllegalArgumentException notA(String type, String name, String value) {
        return new IllegalArgumentException("parameter '" + name + "' is '" + value + "', which is not " + type
                + " (" + this + ")");
    }

    /** The parameters as an ordered, unmodifiable map. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            map.put(names[i], values[i]);
        }
        return Collections.unmodifiableMap(map);
    }

    /** These parameters with {@code name} set to {@code value} (added at the end if new). */
    public Params with(String name, String value) {
        Map<String, String> map = new LinkedHashMap<>(asMap());
        map.put(name, value);
        return of(map);
    }

    private int index(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Params p && Arrays.equals(names, p.names) && Arrays.equals(values, p.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
    }

    /** {@code alpha=0.1, seed=3}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>(names.length);
        for (int i = 0; i < names.length; i++) {
            parts.add(names[i] + "=" + values[i]);
        }
        return String.join(", ", parts);
    }
}
