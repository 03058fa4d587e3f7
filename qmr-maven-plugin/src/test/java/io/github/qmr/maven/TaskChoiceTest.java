package io.github.qmr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the tasks come from: exactly one source, a sweep's tasks made when it is checked. */
class TaskChoiceTest {
    private static final Path PROJECT = Path.of("/project");

    private static void assertMessage(String parameter, String message, String sweepSpec, Path tasksFile) {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> TaskChoice.of(null, sweepSpec, tasksFile, null, PROJECT));
        assertEquals(message, e.getMessage());
        assertEquals(parameter, e.parameter());
    }

    @Test
    void exactlyOneSource() {
        assertMessage("sweep", "no tasks: set one of <sweep> (e.g. <sweep><seed>1..10</seed></sweep>), <tasksFile> (a"
                + " .csv or .jsonl file) or <taskSource> (a class implementing io.github.qmr.runtime.TaskSource)",
                null, null);
        assertMessage("sweep", "several task sources are set (-Dqmr.sweep, <tasksFile>); keep exactly one of <sweep>"
                + " (or -Dqmr.sweep), <tasksFile> and <taskSource>", "x=1..3", Path.of("t.csv"));
    }

    @Test
    void aMalformedCommandLineSweepNamesTheProperty() {
        assertMessage("sweepSpec", "-Dqmr.sweep part 'x' is not name=values; write e.g."
                + " -Dqmr.sweep=\"alpha=0.1,0.2;seed=1..100\"", "x", null);
        assertMessage("sweepSpec", "-Dqmr.sweep names no parameter; write e.g."
                + " -Dqmr.sweep=\"alpha=0.1,0.2;seed=1..100\"", " ; ", null);
        assertMessage("sweepSpec", "-Dqmr.sweep seed range '1..' is not a range; write FROM..TO for integers (1..100)"
                + " or FROM..TO:STEP (0..1:0.25)", "seed=1..", null);
    }

    @Test
    void theSweepOnTheCommandLine() throws ConfigurationException {
        TaskChoice three = TaskChoice.of(null, "x=1..3", null, null, PROJECT);
        assertEquals(Map.of("x", "1..3"), three.sweep());
        assertEquals(3, three.sweepTasks().size());
        TaskChoice t = TaskChoice.of(null, "alpha=0.1,0.2; seed=1..3;", null, null, PROJECT);
        assertEquals(List.of("alpha", "seed"), List.copyOf(t.sweep().keySet()));
        assertEquals(6, t.sweepTasks().size());
        assertEquals("sweep alpha=0.1,0.2;seed=1..3", t.origin());
    }

    @Test
    void theSweepInThePom() throws ConfigurationException {
        Map<String, String> sweep = new LinkedHashMap<>();
        sweep.put("b", "1,2");
        sweep.put("a", "1..3");
        TaskChoice t = TaskChoice.of(sweep, null, null, null, PROJECT);
        assertEquals(List.of("b", "a"), List.copyOf(t.sweep().keySet()));
        assertEquals(6, t.sweepTasks().size());
    }

    @Test
    void noSweepWhenTheTasksComeFromAFileRelativeToTheProject() throws ConfigurationException {
        TaskChoice t = TaskChoice.of(null, null, Path.of("tasks.csv"), null, PROJECT);
        assertNull(t.sweep());
        assertEquals(Path.of("/project/tasks.csv"), t.tasksFile());
        assertEquals(Path.of("/data/t.csv"), TaskChoice.of(null, null, Path.of("/data/t.csv"), null, PROJECT)
                .tasksFile());
    }
}
