package io.github.qmr.runtime.tasks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The command-line form of a sweep, {@code -Dqmr.sweep="alpha=0.1,0.2;seed=1..100"}: parameters separated by
 * {@code ;}, each {@code name=values}. Parsed strictly, because a slip here does not fail later: a comma typed for
 * the {@code ;} ({@code beta=0.1..0.5:0.1,gamma=0.05}) would otherwise make {@code gamma=0.05} one value of
 * {@code beta}. Every message names the text as the user wrote it ({@link Wording#sweep}).
 */
public final class SweepSpec {
    /** The setting that holds the text. */
    public static final String SETTING = "sweepSpec";

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final String EXAMPLE = "alpha=0.1,0.2;seed=1..100";

    private SweepSpec() {}

    /** {@link #parse(String, Wording)} in the words of the Java API. */
    public static Map<String, String> parse(String text) {
        return parse(text, Wording.PLAIN);
    }

    /** {@code name -> value list} in the order written; the values are checked by {@link Sweep}. */
    public static Map<String, String> parse(String text, Wording words) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : text.split(";", -1)) {
            if (part.isBlank()) {
                continue; // a trailing or doubled ';' is harmless
            }
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw error(words, "part '" + part.strip() + "' is not name=values; write e.g. "
                        + words.sweepText(EXAMPLE));
            }
            String name = part.substring(0, eq).strip();
            String values = part.substring(eq + 1).strip();
            if (!NAME.matcher(name).matches()) {
                throw error(words, "part '" + part.strip() + "' has no parameter name before '=' (a name is letters,"
                        + " digits, _, . and -, starting with a letter or _); write e.g. " + words.sweepText(EXAMPLE));
            }
            int next = values.indexOf('=');
            if (next >= 0) {
                String before = values.substring(0, next);
                int cut = Math.max(before.lastIndexOf(','), before.lastIndexOf(' '));
                String looksLikeName = before.substring(cut + 1).strip();
                throw error(words, name + " has the value '" + values + "', which holds '" + looksLikeName
                        + "=': parameters are separated by ';', not ','; write e.g. " + words.sweepText(name + "="
                        + (cut >= 0 ? before.substring(0, cut).strip() : "...") + ";"
                        + values.substring(cut + 1).strip()));
            }
            if (values.isEmpty()) {
                throw error(words, name + " has no values; write e.g. " + name + "=1..10 or " + name + "=0.1,0.2");
            }
            if (out.put(name, values) != null) {
                throw error(words, "gives " + name + " twice; keep one");
            }
        }
        if (out.isEmpty()) {
            throw error(words, "names no parameter; write e.g. " + words.sweepText(EXAMPLE));
        }
        return out;
    }

    private static TasksException error(Wording words, String message) {
        return new TasksException(SETTING, words.sweep(SETTING) + " " + message);
    }
}
