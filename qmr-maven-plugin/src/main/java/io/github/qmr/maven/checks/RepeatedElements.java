package io.github.qmr.maven.checks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A map-valued parameter such as {@code <sweep>} with one child element given twice: Maven keeps the last and drops
 * the first without a word, so {@code <seed>1..8</seed><seed>9..16</seed>} would sweep half the seeds.
 */
public final class RepeatedElements {
    private RepeatedElements() {}

    /**
     * @param parameter the parameter, e.g. {@code sweep}
     * @param children its child elements in order: name and text
     * @return the message for the first name given twice, or null when every name is given once
     */
    public static String problem(String parameter, List<Map.Entry<String, String>> children) {
        Map<String, List<String>> byName = new LinkedHashMap<>();
        for (Map.Entry<String, String> c : children) {
            byName.computeIfAbsent(c.getKey(), k -> new ArrayList<>()).add(c.getValue() == null ? ""
                    : c.getValue().strip());
        }
        for (Map.Entry<String, List<String>> e : byName.entrySet()) {
            List<String> texts = e.getValue();
            if (texts.size() > 1) {
                String name = e.getKey();
                return "<" + parameter + "> gives <" + name + "> " + texts.size() + " times ('"
                        + String.join("', '", texts) + "'); Maven would keep only the last. Give one <" + name + ">"
                        + " with every value, e.g. <" + name + ">" + String.join(",", texts) + "</" + name + ">";
            }
        }
        return null;
    }
}
