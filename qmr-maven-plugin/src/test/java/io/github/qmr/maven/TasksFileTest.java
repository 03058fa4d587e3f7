package io.github.qmr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.qmr.runtime.params.Params;
import io.github.qmr.runtime.tasks.TasksException;
import io.github.qmr.runtime.tasks.TasksFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TasksFileTest {
    /** The goal's words: what a Maven user reads. */
    private static final GoalWording W = GoalWording.WORDS;

    @TempDir
    Path dir;

    private static String csvError(String text) {
        return assertThrows(TasksException.class, () -> TasksFile.csv(text, "t.csv", W)).getMessage();
    }

    private static String jsonError(String text) {
        return assertThrows(TasksException.class, () -> TasksFile.jsonLines(text, "t.jsonl", W)).getMessage();
    }

    @Test
    void csvRowsBecomeParamsNamedByTheHeader() {
        List<Params> tasks = TasksFile.csv("\uFEFFname, x\r\na,1\r\n\r\n\"b, \"\"q\"\"\",2\n\"multi\nline\", 3\n", "t.csv",
                W);
        assertEquals(List.of(Params.of("name", "a", "x", "1"), Params.of("name", "b, \"q\"", "x", "2"),
                Params.of("name", "multi\nline", "x", " 3")), tasks);
        assertEquals(List.of(Params.of("a", "", "b", "")), TasksFile.csv("a,b\n,\n", "t.csv", W));
        assertEquals(List.of(), TasksFile.csv("a,b\n", "t.csv", W));
    }

    @Test
    void malformedCsvNamesTheLine() {
        assertEquals("<tasksFile> t.csv line 4: 1 field where the header has 2; quote values that contain commas"
                + " (\"a,b\")", csvError("a,b\n1,2\n\n3\n"));
        assertEquals("<tasksFile> t.csv line 4: 3 fields where the header has 2; quote values that contain commas"
                + " (\"a,b\")", csvError("a,b\n\"x\ny\",2\n1,2,3\n"));
        assertEquals("<tasksFile> t.csv line 2: a quoted value is never closed; add the closing \"",
                csvError("a\n\"open\n"));
        assertEquals("<tasksFile> t.csv line 2: text after a closing quote ('x'); double a quote inside a quoted"
                + " value (\"\")", csvError("a\n\"q\"x\n"));
        assertEquals("<tasksFile> t.csv line 1: column 2 of the header has no name; name every column",
                csvError("a,,c\n"));
        assertEquals("<tasksFile> t.csv line 1: column 'a' is named twice", csvError("a, a\n"));
        assertEquals("<tasksFile> t.csv is empty; it needs a header line naming the parameters, then one task per"
                + " line", csvError("\n\n"));
    }

    @Test
    void jsonLinesOfFlatObjects() {
        List<Params> tasks = TasksFile.jsonLines("{\"name\": \"a \\\"q\\\" \\u00e9\", \"x\": 1.5e3, \"on\": true}\n"
                + "\n{ \"x\" : -2 , \"skip\": null }\n{}\n", "t.jsonl", W);
        assertEquals(List.of(Params.of("name", "a \"q\" é", "x", "1.5e3", "on", "true"), Params.of("x", "-2"),
                Params.of()), tasks);
    }

    @Test
    void malformedJsonNamesTheLine() {
        assertEquals("<tasksFile> t.jsonl line 2: the value of \"p\" is an object; only flat objects are read"
                + " (strings, numbers, booleans, null): flatten it, or produce the tasks with a <taskSource>",
                jsonError("{\"a\": 1}\n{\"p\": {\"q\": 1}}"));
        assertEquals("<tasksFile> t.jsonl line 1: the value of \"a\" at column 7 ('abc') is not a JSON value; quote"
                + " strings", jsonError("{\"a\": abc}"));
        assertEquals("<tasksFile> t.jsonl line 1: text after the object at column 10; put one object per line",
                jsonError("{\"a\": 1} {\"a\": 2}"));
        assertEquals("<tasksFile> t.jsonl line 1: the line ends where the closing '\"' of a string was expected",
                jsonError("{\"a"));
        assertEquals("<tasksFile> t.jsonl line 1: key \"a\" is given twice", jsonError("{\"a\": 1, \"a\": 2}"));
        assertEquals("<tasksFile> t.jsonl line 3: expected '{' at column 1 but found '['; each line must be one flat"
                + " JSON object, e.g. {\"alpha\": 0.1, \"name\": \"a\"}", jsonError("{}\n\n[1]"));
    }

    @Test
    void theFormatComesFromTheFileName() throws Exception {
        Path csv = Files.writeString(dir.resolve("tasks.CSV"), "a\n1\n");
        assertEquals(List.of(Params.of("a", "1")), TasksFile.read(csv, W));
        Path jsonl = Files.writeString(dir.resolve("tasks.ndjson"), "{\"a\": \"1\"}\n");
        assertEquals(List.of(Params.of("a", "1")), TasksFile.read(jsonl, W));
        Path txt = Files.writeString(dir.resolve("tasks.txt"), "a\n");
        TasksException e = assertThrows(TasksException.class, () -> TasksFile.read(txt, W));
        assertEquals("tasksFile", e.setting());
        assertEquals("<tasksFile> " + txt + " has an unknown format; name it *.csv (a header line, then one task per"
                + " row) or *.jsonl (one flat JSON object per line)", e.getMessage());
        Path missing = dir.resolve("nope.csv");
        assertEquals("<tasksFile> " + missing + " does not exist; fix the path (relative paths are resolved against"
                + " the project's folder)",
                assertThrows(TasksException.class, () -> TasksFile.read(missing, W)).getMessage());
    }
}
