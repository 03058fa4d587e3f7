package io.github.qmr.maven.uptodate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What makes two runs of a map give the same output, as one SHA-256: the inputs by content, never by path or time,
 * so a rebuilt jar with the same bytes keeps the key and a changed class changes it. Pure: the caller digests files
 * ({@link ContentDigest}) and passes text.
 *
 * <p>Only what changes the results or the verdict is in it: how the work is spread (queue, chunking, polling) is not,
 * so moving a map from the local queue to SGE keeps it up to date.
 *
 * @param qmrVersion the plugin's version (a new qmr may compute or write differently)
 * @param function the function's class name
 * @param reducer the reducer's class name, or null
 * @param tasks where the tasks come from, by content: the sweep as declared, a tasks file's digest, or a task
 *     source's class name (its code is in the classpath)
 * @param classpath the content digest of each classpath entry, in order
 * @param settings the other settings that change results (JVM options, environment, java, maxFailedTasks ...)
 */
public record MapKey(String qmrVersion, String function, String reducer, String tasks, List<String> classpath,
        Map<String, String> settings) {

    public MapKey {
        classpath = List.copyOf(classpath);
        settings = new TreeMap<>(settings); // sorted: the key must not depend on the order settings were put
    }

    /** The key: SHA-256 of a canonical text of every input, in hex. */
    public String hash() {
        StringBuilder s = new StringBuilder("qmr map key 1\n");
        line(s, "qmr", qmrVersion);
        line(s, "function", function);
        line(s, "reducer", reducer);
        line(s, "tasks", tasks);
        for (String entry : classpath) {
            line(s, "classpath", entry);
        }
        settings.forEach((name, value) -> line(s, "setting " + name, value));
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(s.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The first 12 hex digits, enough to tell keys apart in a log line. */
    public static String shortForm(String hash) {
        return hash.substring(0, Math.min(12, hash.length()));
    }

    // name, length and value: no value can pass for another line
    private static void line(StringBuilder s, String name, String value) {
        String v = value == null ? "" : value;
        s.append(name).append(' ').append(value == null ? -1 : v.length()).append(' ').append(v).append('\n');
    }
}
