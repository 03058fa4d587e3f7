package io.github.qmr.maven;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code name=value;name=value}: the command-line form of a map parameter such as {@code -Dqmr.resources}. */
final class Pairs {
    private Pairs() {}

    /**
     * The pairs in order; empty for null or blank text.
     *
     * @param parameter the goal's parameter, named by the error
     * @param property the command-line property, named in the message
     * @param example a correct value, shown in the message
     */
    static Map<String, String> parse(String parameter, String property, String text, String example)
            throws ConfigurationException {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new ConfigurationException(parameter, property + " part '" + part.strip()
                        + "' is not name=value; write e.g. " + example);
            }
            String name = part.substring(0, eq).strip();
            if (out.put(name, part.substring(eq + 1).strip()) != null) {
                throw new ConfigurationException(parameter, property + " gives '" + name + "' twice; keep one");
            }
        }
        return out;
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
