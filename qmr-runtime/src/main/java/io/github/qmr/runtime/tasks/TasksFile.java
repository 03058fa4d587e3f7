package io.github.qmr.runtime.tasks;

import io.github.qmr.runtime.params.Params;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the tasks of a tasks file, one {@link Params} per row: a CSV file with a header ({@code .csv}) or
 * JSON lines of flat objects ({@code .jsonl}, {@code .ndjson}). UTF-8. Any malformed row is an error naming the
 * file and the line.
 */
public final class TasksFile {
    /** The setting that names a tasks file. */
    public static final String SETTING = "tasksFile";

    private TasksFile() {}

    /** {@link #read(Path, Wording)} in the words of the Java API. */
    public static List<Params> read(Path file) {
        return read(file, Wording.PLAIN);
    }

    /**
     * The file's tasks: CSV for {@code *.csv}, JSON lines for {@code *.jsonl} and {@code *.ndjson}.
     *
     * @throws TasksException the file cannot be read, has another name, or a row is malformed (naming its line)
     */
    public static List<Params> read(Path file, Wording words) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TasksException(SETTING, words.tasksFile() + " " + file + " does not exist; fix the path"
                    + " (relative paths are resolved against " + words.relativeTo() + ")");
        } catch (CharacterCodingException e) {
            throw new TasksException(SETTING, words.tasksFile() + " " + file + " is not UTF-8 text; save it as UTF-8");
        } catch (IOException e) {
            throw new TasksException(SETTING, words.tasksFile() + " " + file + " cannot be read: " + e, e);
        }
        if (name.endsWith(".csv")) {
            return csv(text, file.toString(), words);
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return jsonLines(text, file.toString(), words);
        }
        throw new TasksException(SETTING, words.tasksFile() + " " + file + " has an unknown format; name it *.csv"
                + " (a header line, then one task per row) or *.jsonl (one flat JSON object per line)");
    }

    /**
     * CSV as RFC 4180 has it: comma-separated, fields may be double-quoted (a quote inside doubled, commas and line
     * breaks allowed inside), the first row names the parameters. Blank lines are skipped; values are kept as they
     * are, spaces included.
     */
    public static List<Params> csv(String text, String file, Wording words) {
        String where = words.tasksFile() + " " + file;
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte order mark, as spreadsheet programs write
        }
        CsvCursor in = new CsvCursor(text, where);
        List<String> header = in.nextRow();
        if (header == null) {
            throw new TasksException(SETTING, where + " is empty; it needs a header line"
                    + " naming the parameters, then one task per line");
        }
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i).strip();
            if (h.isEmpty()) {
                throw new TasksException(SETTING, where + " line 1: column " + (i + 1)
                        + " of the header has no name; name every column");
            }
            if (header.subList(0, i).stream().anyMatch(other -> other.strip().equals(h))) {
                throw new TasksException(SETTING, where + " line 1: column '" + h
                        + "' is named twice");
            }
            header.set(i, h);
        }
        // one pass checks every row and notes where it starts; the tasks are made again on access, never held
        IntList starts = new IntList();
        List<String> row;
        while (true) {
            int line = in.line();
            int start = in.pos;
            row = in.nextRow();
            if (row == null) {
                break;
            }
            if (row.size() != header.size()) {
                throw new TasksException(SETTING, where + " line " + line + ": "
                        + row.size() + (row.size() == 1 ? " field" : " fields") + " where the header has "
                        + header.size() + "; quote values that contain commas (\"a,b\")");
            }
            starts.add(start);
        }
        String csv = text;
        String[] names = header.toArray(new String[0]);
        return new Rows(starts) {
            @Override
            Params parse(int start) {
                CsvCursor at = new CsvCursor(csv, where);
                at.pos = start;
                List<String> fields = at.nextRow();
                String[] pairs = new String[2 * names.length];
                for (int i = 0; i < names.length; i++) {
                    pairs[2 * i] = names[i];
                    pairs[2 * i + 1] = fields.get(i);
                }
                return Params.of(pairs);
            }
        };
    }

    /**
     * The tasks of a file as a list made on access: each {@code get} parses its row again from where the checking
     * pass found it, so a file of millions of rows costs its text and one int per row, not a {@code Params} each.
     */
    private abstract static class Rows extends AbstractList<Params> {
        private final IntList starts;

        Rows(IntList starts) {
            this.starts = starts;
        }

        abstract Params parse(int start);

        @Override
        public Params get(int index) {
            try {
                return parse(starts.get(index));
            } catch (TasksException e) {
                throw new IllegalStateException("a row that was checked cannot be read again: " + e.getMessage(), e);
            }
        }

        @Override
        public int size() {
            return starts.size();
        }
    }

    /** A growable list of ints without boxing. */
    private static final class IntList {
        private int[] values = new int[64];
        private int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int get(int index) {
            if (index < 0 || index >= size) {
                throw new IndexOutOfBoundsException(index);
            }
            return values[index];
        }

        int size() {
            return size;
        }
    }

    /** Walks CSV text row by row, counting lines for messages. */
    private static final class CsvCursor {
        private final String text;
        private final String where;
        private int pos;
        private int line = 1;

        CsvCursor(String text, String where) {
            this.text = text;
            this.where = where;
        }

        int line() {
            skipBlankLines();
            return line;
        }

        private void skipBlankLines() {
            while (pos < text.length() && (text.charAt(pos) == '\n' || text.charAt(pos) == '\r')) {
                if (text.charAt(pos) == '\n') {
                    line++;
                }
                pos++;
            }
        }

        /** The next row's fields, or null at the end. */
        List<String> nextRow()  {
            skipBlankLines();
            if (pos >= text.length()) {
                return null;
            }
            int startLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (quoted) {
                    if (c == '"') {
                        if (pos < text.length() && text.charAt(pos) == '"') {
                            field.append('"');
                            pos++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        field.append(c);
                    }
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                    wasQuoted = false;
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
                        pos++;
                    }
                    line++;
                    break;
                } else if (c == '"' && field.toString().isBlank() && !wasQuoted) {
                    quoted = true;
                    wasQuoted = true;
                    field.setLength(0);
                } else if (wasQuoted && !Character.isWhitespace(c)) {
                    throw new TasksException(SETTING, where + " line " + line
                            + ": text after a closing quote ('" + c + "'); double a quote inside a quoted value (\"\")");
                } else if (!wasQuoted) {
                    field.append(c);
                }
            }
            if (quoted) {
                throw new TasksException(SETTING, where + " line " + startLine
                        + ": a quoted value is never closed; add the closing \"");
            }
            fields.add(field.toString());
            return fields;
        }
    }

    /**
     * JSON lines: one object per line, flat (values are strings, numbers, booleans or null; null leaves the
     * parameter out). Numbers are kept as written. Blank lines are skipped.
     */
    public static List<Params> jsonLines(String text, String file, Wording words) {
        String where = words.tasksFile() + " " + file;
        IntList starts = new IntList();
        int pos = 0;
        for (int i = 0; pos <= text.length(); i++) {
            int end = text.indexOf('\n', pos);
            if (end < 0) {
                end = text.length();
            }
            String l = line(text, pos, end);
            if (!l.isEmpty()) {
                try {
                    new FlatJson(l, words).object(); // checked now; parsed again on access
                } catch (IllegalArgumentException e) {
                    throw new TasksException(SETTING, where + " line " + (i + 1) + ": "
                            + e.getMessage());
                }
                starts.add(pos);
            }
            pos = end + 1;
        }
        return new Rows(starts) {
            @Override
            Params parse(int start) {
                int end = text.indexOf('\n', start);
                return Params.of(new FlatJson(line(text, start, end < 0 ? text.length() : end), words).object());
            }
        };
    }

    /** One line without its line break, blanks around it, or a byte order mark at the start of the file. */
    private static String line(String text, int start, int end) {
        String l = text.substring(start, end).strip();
        return start == 0 && l.startsWith("\uFEFF") ? l.substring(1).strip() : l;
    }

    /** A parser of exactly one flat JSON object; anything else is refused with what was expected where. */
    static final class FlatJson {
        private final String s;
        private final Wording words;
        private int pos;

        FlatJson(String s, Wording words) {
            this.s = s;
            this.words = words;
        }

        Map<String, String> object() {
            Map<String, String> map = new LinkedHashMap<>();
            expect('{');
            space();
            if (peek() == '}') {
                pos++;
            } else {
                while (true) {
                    space();
                    String key = string();
                    space();
                    expect(':');
                    space();
                    String value = value(key);
                    if (map.containsKey(key)) {
                        throw new IllegalArgumentException("key \"" + key + "\" is given twice");
                    }
                    if (value != null) {
                        map.put(key, value);
                    }
                    space();
                    char c = next("',' or '}'");
                    if (c == '}') {
                        break;
                    }
                    if (c != ',') {
                        throw error("',' or '}'", c);
                    }
                }
            }
            space();
            if (pos < s.length()) {
                throw new IllegalArgumentException("text after the object at column " + (pos + 1)
                        + "; put one object per line");
            }
            return map;
        }

        private String value(String key) {
            char c = peek();
            if (c == '"') {
                return string();
            }
            if (c == '{' || c == '[') {
                throw new IllegalArgumentException("the value of \"" + key + "\" is " + (c == '{' ? "an object" : "an array")
                        + "; only flat objects are read (strings, numbers, booleans, null): flatten it, or produce"
                        + " the tasks with " + words.taskSource());
            }
            int start = pos;
            while (pos < s.length() && ",} \t".indexOf(s.charAt(pos)) < 0) {
                pos++;
            }
            String literal = s.substring(start, pos);
            if (literal.equals("null")) {
                return null;
            }
            if (literal.equals("true") || literal.equals("false")
                    || literal.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
                return literal;
            }
            throw new IllegalArgumentException("the value of \"" + key + "\" at column " + (start + 1) + " ('"
                    + literal + "') is not a JSON value; quote strings");
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next("the closing '\"' of a string");
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = next("an escape after '\\'");
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw new IllegalArgumentException("an incomplete \\u escape at column " + pos);
                        }
                        try {
                            out.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw new IllegalArgumentException("a bad \\u escape at column " + pos);
                        }
                        pos += 4;
                    }
                    default -> throw new IllegalArgumentException("an unknown escape \\" + e + " at column " + pos);
                }
            }
        }

        private void space() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private char next(String expected) {
            if (pos >= s.length()) {
                throw new IllegalArgumentException("the line ends where " + expected + " was expected");
            }
            return s.charAt(pos++);
        }

        private void expect(char c) {
            char got = next("'" + c + "'");
            if (got != c) {
                throw error("'" + c + "'", got);
            }
        }

        private IllegalArgumentException error(String expected, char got) {
            return new IllegalArgumentException("expected " + expected + " at column " + pos + " but found '" + got
                    + "'; each line must be one flat JSON object, e.g. {\"alpha\": 0.1, \"name\": \"a\"}");
        }
    }
}
