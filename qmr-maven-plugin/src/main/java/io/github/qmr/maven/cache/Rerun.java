package io.github.qmr.maven.cache;

import java.util.Locale;

/** Which tasks of a map that is not up to date run again; the rest take their kept results. */
public enum Rerun {
    /**
     * The default: every task without a succeeded result kept under the current function key (new tasks, failed or
     * not run ones, and all of them after the function or a class it reaches changed).
     */
    CHANGED,
    /**
     * Only the tasks without a succeeded result kept under any function key: after a fix of the function, the failed
     * and new tasks run and the others keep the results the earlier function gave.
     */
    FAILED;

    /** The values {@code <rerun>} takes, for messages. */
    public static final String VALUES = "changed (the default) or failed";

    /** The setting's text, or null when it is none of {@link #VALUES}. */
    public static Rerun parse(String text) {
        if (text == null || text.isBlank()) {
            return CHANGED;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "changed" -> CHANGED;
            case "failed" -> FAILED;
            default -> null;
        };
    }

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
