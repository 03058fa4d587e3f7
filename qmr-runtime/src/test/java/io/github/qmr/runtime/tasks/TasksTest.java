package io.github.qmr.runtime.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.qmr.runtime.params.Params;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task sources from plain Java, in the Java API's words: the same sweeps and tasks files the Maven goal reads
 * (whose words its own tests check, message by message).
 */
class TasksTest {
    @Test
    void aSweepFromJava() {
        Map<String, String> sweep = new LinkedHashMap<>();
        sweep.put("alpha", "0.1,0.2");
        sweep.put("seed", "1..3");
        List<Params> tasks = Sweep.tasks(sweep);
        assertEquals(6, tasks.size());
        assertEquals(Params.of("alpha", "0.1", "seed", "1"), tasks.get(0));
        assertEquals(Params.of("alpha", "0.2", "seed", "3"), tasks.get(5));
        assertEquals(tasks, Sweep.tasks(SweepSpec.parse("alpha=0.1,0.2; seed=1..3")));
    }

    @Test
    void mistakesInTheJavaApisWords() {
        TasksException range = assertThrows(TasksException.class, () -> Sweep.tasks(Map.of("x", "0.5..2")));
        assertEquals(Sweep.SETTING, range.setting());
        assertEquals("sweep parameter x range '0.5..2' has decimal ends but no step; add one, e.g. 0.5..2:0.1",
                range.getMessage());
        assertEquals("the sweep names no parameter; give at least one, e.g. Map.of(\"alpha\", \"0.1,0.2\")",
                assertThrows(TasksException.class, () -> Sweep.tasks(Map.of())).getMessage());
        TasksException text = assertThrows(TasksException.class, () -> SweepSpec.parse("a=1,b=2"));
        assertEquals(SweepSpec.SETTING, text.setting());
        assertEquals("the sweep text a has the value '1,b=2', which holds 'b=': parameters are separated by ';', not"
                + " ','; write e.g. \"a=1;b=2\"", text.getMessage());
    }

    @Test
    void aTasksFileFromJava(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("t.csv"), "a,b\n1,2\n3\n");
        TasksException e = assertThrows(TasksException.class, () -> TasksFile.read(csv));
        assertEquals(TasksFile.SETTING, e.setting());
        assertEquals("tasks file " + csv + " line 3: 1 field where the header has 2; quote values that contain commas"
                + " (\"a,b\")", e.getMessage());
        Path jsonl = Files.writeString(dir.resolve("t.jsonl"), "{\"a\": {\"b\": 1}}\n");
        assertEquals("tasks file " + jsonl + " line 1: the value of \"a\" is an object; only flat objects are read"
                + " (strings, numbers, booleans, null): flatten it, or produce the tasks with a TaskSource",
                assertThrows(TasksException.class, () -> TasksFile.read(jsonl)).getMessage());
        Files.writeString(csv, "a,b\n1,2\n");
        assertEquals(List.of(Params.of("a", "1", "b", "2")), TasksFile.read(csv));
    }
}
