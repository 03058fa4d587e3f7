package io.github.qmr.outputs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options the workers really ran with, read back from the session's {@code java @argfile}: the runtime adds
 * its defaults ({@code -XX:+UseSerialGC}), the queue's heap limit and the class-data archive to what the POM says, so
 * the POM alone would not tell the truth in {@code provenance.json}.
 */
public final class WorkerCommandLine {
    private WorkerCommandLine() {}

    /** The options of a {@code java @argfile}, without the classpath ({@code -cp} and its value). */
    public static List<String> jvmOptions(Path argsFile) throws IOException {
        return jvmOptions(Files.readString(argsFile, StandardCharsets.UTF_8));
    }

    /** As {@link #jvmOptions(Path)}, from the file's text (the argfile syntax: blanks separate, quotes group). */
    public static List<String> jvmOptions(String argfile) {
        List<String> tokens = tokens(argfile);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t.equals("-cp") || t.equals("-classpath") || t.equals("--class-path")) {
                i++; // its value is the classpath, recorded separately with each jar's hash
            } else {
                out.add(t);
            }
        }
        return out;
    }

    /** The archive the workers map ({@code -XX:SharedArchiveFile=...}), or null. */
    public static String classDataArchive(List<String> options) {
        String prefix = "-XX:SharedArchiveFile=";
        return options.stream().filter(o -> o.startsWith(prefix)).map(o -> o.substring(prefix.length())).findFirst()
                .orElse(null);
    }

    private static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder t = null;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    quoted = false;
                } else if (c == '\\' && i + 1 < text.length()) {
                    char n = text.charAt(++i);
                    t.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n == 't' ? '\t' : n);
                } else {
                    t.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (t != null) {
                    out.add(t.toString());
                    t = null;
                }
            } else {
                if (t == null) {
                    t = new StringBuilder();
                }
                if (c == '"') {
                    quoted = true;
                } else {
                    t.append(c);
                }
            }
        }
        if (t != null) {
            out.add(t.toString());
        }
        return out;
    }
}
