package io.github.qmr.runtime.tasks;

import io.github.qmr.runtime.params.Params;
import java.util.List;

/** The tasks of a JSON-lines tasks file, one {@link FlatJson} object a line. */
final class JsonLinesTasks {
    private JsonLinesTasks() {}

    /**
     * JSON lines: one object per line, flat (values are strings, numbers, booleans or null; null leaves the
     * parameter out). Numbers are kept as written. Blank lines are skipped.
     */
    static List<Params> read(String text, String file, Wording words) {
        String where = words.tasksFile() + " " + file;
        TaskRows.IntList starts = new TaskRows.IntList();
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
                    throw new TasksException(TasksFile.SETTING, where + " line " + (i + 1) + ": "
                            + e.getMessage());
                }
                starts.add(pos);
            }
            pos = end + 1;
        }
        return new TaskRows.Rows(starts) {
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
}
