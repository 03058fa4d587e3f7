package io.github.qmr.runtime.tasks;

import io.github.qmr.runtime.params.Params;
import java.util.ArrayList;
import java.util.List;

/** The tasks of a CSV tasks file, parsed by hand so the runtime keeps Kryo as its only dependency. */
final class CsvTasks {
    private CsvTasks() {}

    /**
     * CSV as RFC 4180 has it: comma-separated, fields may be double-quoted (a quote inside doubled, commas and line
     * breaks allowed inside), the first row names the parameters. Blank lines are skipped; values are kept as they
     * are, spaces included.
     */
    static List<Params> read(String text, String file, Wording words) {
        String where = words.tasksFile() + " " + file;
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte order mark, as spreadsheet programs write
        }
        CsvCursor in = new CsvCursor(text, where);
        List<String> header = in.nextRow();
        if (header == null) {
            throw new TasksException(TasksFile.SETTING, where + " is empty; it needs a header line"
                    + " naming the parameters, then one task per line");
        }
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i).strip();
            if (h.isEmpty()) {
                throw new TasksException(TasksFile.SETTING, where + " line 1: column " + (i + 1)
                        + " of the header has no name; name every column");
            }
            if (header.subList(0, i).stream().anyMatch(other -> other.strip().equals(h))) {
                throw new TasksException(TasksFile.SETTING, where + " line 1: column '" + h
                        + "' is named twice");
            }
            header.set(i, h);
        }
        // one pass checks every row and notes where it starts; the tasks are made again on access, never held
        TaskRows.IntList starts = new TaskRows.IntList();
        List<String> row;
        while (true) {
            int line = in.line();
            int start = in.pos;
            row = in.nextRow();
            if (row == null) {
                break;
            }
            if (row.size() != header.size()) {
                throw new TasksException(TasksFile.SETTING, where + " line " + line + ": "
                        + row.size() + (row.size() == 1 ? " field" : " fields") + " where the header has "
                        + header.size() + "; quote values that contain commas (\"a,b\")");
            }
            starts.add(start);
        }
        String csv = text;
        String[] names = header.toArray(new String[0]);
        return new TaskRows.Rows(starts) {
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
                    throw new TasksException(TasksFile.SETTING, where + " line " + line
                            + ": text after a closing quote ('" + c + "'); double a quote inside a quoted value"
                            + " (\"\")");
                } else if (!wasQuoted) {
                    field.append(c);
                }
            }
            if (quoted) {
                throw new TasksException(TasksFile.SETTING, where + " line " + startLine
                        + ": a quoted value is never closed; add the closing \"");
            }
            fields.add(field.toString());
            return fields;
        }
    }
}
