package io.github.qmr.runtime.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The words for what can fail under a {@link RecordWriter}: a value Kryo cannot serialize (its class, why, and the
 * field path where it failed, with the fix), told apart from the storage failing under a write (full disk, quota, I/O
 * error), which is said with the file and never as a codec error.
 */
final class WriteFailures {
    private WriteFailures() {}

    /** The storage failed under a write (full disk, quota, I/O error): said with the file, never as a codec error. */
    static UncheckedIOException storage(Path target, Throwable e) {
        IOException io = ioCause(e);
        return new UncheckedIOException("cannot write " + target + ": " + io.getMessage(), io);
    }

    static IOException ioCause(Throwable e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof IOException io) {
                return io;
            }
        }
        return null;
    }

    static String unserializable(Object value, Throwable e) {
        String type = value == null ? "null" : value.getClass().getName();
        String reason = e instanceof StackOverflowError
                ? "the object graph is too deep or cyclic (qmr's Kryo keeps no references)"
                : e instanceof java.lang.reflect.InaccessibleObjectException
                        ? "it is, or holds, a JDK class whose fields Kryo may not read (" + firstLine(e.getMessage())
                                + ")"
                        : firstLine(e.getMessage()) + at(type, e.getMessage());
        return "cannot serialize a " + type + ": " + reason
                + ". Use plain data (records, collections, arrays, strings, numbers) or make the class serializable by"
                + " Kryo (a no-arg constructor is not required; fields holding threads, streams or sockets are not"
                + " allowed)";
    }

    /**
     * Where in the value Kryo failed, as a field path ({@code at example.Result.inner.thread}), from the
     * "Serialization trace" Kryo appends to its message (innermost field first, one {@code field (class)} a line).
     */
    static String at(String type, String kryoMessage) {
        if (kryoMessage == null) {
            return "";
        }
        int trace = kryoMessage.indexOf("Serialization trace:");
        if (trace < 0) {
            return "";
        }
        java.util.List<String> fields = new java.util.ArrayList<>();
        for (String line : kryoMessage.substring(trace).lines().skip(1).toList()) {
            int paren = line.indexOf(" (");
            String field = (paren < 0 ? line : line.substring(0, paren)).strip();
            if (!field.isEmpty()) {
                fields.add(0, field);
            }
        }
        return fields.isEmpty() ? "" : " (at " + type + "." + String.join(".", fields) + ")";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
