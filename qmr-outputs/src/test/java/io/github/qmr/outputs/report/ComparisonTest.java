package io.github.qmr.outputs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.outputs.TaskRow;
import io.github.qmr.runtime.TaskFailure;
import io.github.qmr.runtime.TaskResult;
import io.github.qmr.runtime.params.Params;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two runs paired by parameters: equal, within the tolerance, changed; status changes; tasks in one run only. */
class ComparisonTest {
    record Out(double size, String label) {}

    private static TaskRow ok(long itask, String n, String seed, double size, String label, double seconds) {
        return TaskRow.of(Params.of("n", n, "seed", seed), new TaskResult<>(itask, new Out(size, label), null, null,
                (long) (seconds * 1e9)), 0, 1);
    }

    @Test
    void tasksArePairedByParametersWhateverTheirIndexAndEachComponentCountsItsChanges() {
        List<TaskRow> before = List.of(ok(0, "1", "1", 10, "a", 1), ok(1, "1", "2", 20, "b", 1),
                ok(2, "2", "1", 30, "c", 1), ok(3, "2", "2", 40, "d", 1));
        // reordered, one value moved by 1e-12 (relative), one by 5 %, one text changed, a task gone, a new one
        List<TaskRow> after = List.of(ok(0, "2", "2", 42, "d", 2), ok(1, "1", "1", 10, "a", 2),
                ok(2, "1", "2", 20 * (1 + 1e-12), "B", 2), ok(3, "3", "1", 50, "e", 2));
        Comparison c = Comparison.of(after, before, 1e-9);
        assertEquals(3, c.paired());
        Comparison.Component size = c.components().get(0);
        assertEquals("size", size.name());
        assertEquals(List.of(3L, 1L, 1L, 1L), List.of(size.compared(), size.exact(), size.within(), size.changed()));
        assertEquals(2, size.maxAbsDelta(), 1e-9);
        assertEquals(2 / 42.0, size.maxRelDelta(), 1e-12);
        assertEquals("itask 0 (n=2, seed=2): 40.0 -> 42.0", size.worst());
        Comparison.Component label = c.components().get(1);
        assertEquals(List.of(3L, 2L, 0L, 1L), List.of(label.compared(), label.exact(), label.within(),
                label.changed()));
        assertEquals(List.of("itask 3 (n=3, seed=1)"), c.onlyHere());
        assertEquals(List.of("itask 2 (n=2, seed=1)"), c.onlyThere());
        assertEquals(6, c.secondsHere(), 1e-9);
        assertEquals(3, c.secondsThere(), 1e-9);
        assertTrue(c.drifted());
        assertTrue(c.drift().startsWith("size changed in 1 of 3 paired tasks (largest: itask 0 (n=2, seed=2): 40.0"
                + " -> 42.0); label changed in 1 of 3"), c.drift());
    }

    @Test
    void theSameResultsDoNotDriftAndAStatusChangeDoes() {
        List<TaskRow> run = List.of(ok(0, "1", "1", 10, "a", 1), ok(1, "1", "2", 20, "b", 1));
        assertFalse(Comparison.of(run, run, 0).drifted());
        TaskRow threw = TaskRow.of(Params.of("n", "1", "seed", "2"), new TaskResult<>(1, null,
                new TaskFailure(1, 0, "java.lang.IllegalStateException", "no", "trace"), null, 0), 0, 1);
        Comparison c = Comparison.of(List.of(run.get(0), threw), run, 0);
        assertEquals(List.of("itask 1 (n=1, seed=2): ok -> failed"), c.statusChanges());
        assertTrue(c.drifted());
        assertEquals(1, c.components().get(0).compared(), "a task that failed in one run has no value to compare");
    }
}
