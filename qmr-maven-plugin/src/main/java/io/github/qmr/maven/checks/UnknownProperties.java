package io.github.qmr.maven.checks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Command-line properties under {@code qmr.} that no goal of the plugin reads: {@code -Dqmr.queu=sge} would otherwise
 * run the map on the local queue without a word. Each gets one warning naming the nearest property there is.
 */
public final class UnknownProperties {
    /** Farther than this many edits, no name is suggested: it would be a guess. */
    private static final int MAX_DISTANCE = 3;

    private UnknownProperties() {}

    /**
     * @param typed the user properties' names
     * @param known every {@code qmr.*} property some goal of the plugin reads
     * @return one warning per unknown {@code qmr.*} name, in name order
     */
    public static List<String> warnings(Collection<String> typed, Set<String> known) {
        List<String> out = new ArrayList<>();
        for (String name : new TreeSet<>(typed)) {
            if (!name.startsWith("qmr.") || known.contains(name)) {
                continue;
            }
            String nearest = nearest(name, known);
            out.add("-D" + name + " is not a property of qmr and is ignored"
                    + (nearest != null ? "; did you mean -D" + nearest + "?" : "; the goals' properties are listed by"
                            + " mvn qmr:help -Ddetail"));
        }
        return out;
    }

    static String nearest(String name, Set<String> known) {
        String best = null;
        int bestDistance = MAX_DISTANCE + 1;
        for (String k : new TreeSet<>(known)) {
            int d = distance(name.toLowerCase(java.util.Locale.ROOT), k.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
