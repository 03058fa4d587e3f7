package io.github.qmr.outputs.report;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which parameters are replicates: repeats of the same experiment (a random seed, a repetition index) that give the
 * spread of a result, never an axis of a plot. Declared ({@code <replicates>seed</replicates>}, {@code
 * -Dqmr.replicates=seed,rep}; {@code none} for no replicates), else by name.
 */
public final class Replicates {
    /** The names taken as replicates when none are declared: seed, rep, replicate, repetition, run (and plurals). */
    static final Pattern NAME = Pattern.compile("(?i)(seed|rep|replicate|repetition|run)s?");
    /** The declaration that no parameter is a replicate. */
    public static final String NONE = "none";

    private Replicates() {}

    /**
     * The setting's names: null when not set (so names decide), empty for {@value #NONE}.
     *
     * @param text comma- or space-separated parameter names, {@value #NONE}, or null/blank
     */
    public static List<String> parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (text.strip().equalsIgnoreCase(NONE)) {
            return List.of();
        }
        return Arrays.stream(text.split("[,\\s]+")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    }

    /**
     * The replicates among {@code params}, in their order.
     *
     * @param declared the names declared ({@link #parse}); null to take parameters named like a replicate
     */
    static List<String> of(List<String> params, List<String> declared) {
        if (declared != null) {
            return params.stream().filter(declared::contains).toList();
        }
        return params.stream().filter(p -> NAME.matcher(p).matches()).toList();
    }
}
