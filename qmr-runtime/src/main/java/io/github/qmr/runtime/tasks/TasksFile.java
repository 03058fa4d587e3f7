package io.github.qmr.runtime.tasks;

import io.github.qmr.runtime.params.Params;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads the tasks of a tasks file, one {@link Params} per row: a CSV file with a header ({@code .csv}) or
 * JSON lines of flat objects ({@code .jsonl}, {@code .ndjson}). UTF-8. Any malformed row is an error naming the
 * file and the line.
 */
public final class TasksFile {
    /** The setting that names a tasks file. */
    public static final String SETTING = "tasksFile";

    private TasksFile() {}

    /**
     * CSV as RFC 4180 has it: comma-separated, fields may be double-quoted (a quote inside doubled, commas and line
     * breaks allowed inside), the first row names the parameters. Blank lines are skipped; values are kept as they
     * are, spaces included.
     */
    public static List<Params> csv(String text, String file, Wording words) {
        return CsvTasks.read(text, file, words);
    }

    /**
     * JSON lines: one object per line, flat (values are strings, numbers, booleans or null; null leaves the
     * parameter out). Numbers are kept as written. Blank lines are skipped.
     */
    public static List<Params> jsonLines(String text, String file, Wording words) {
        return JsonLinesTasks.read(text, file, words);
    }

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

}
