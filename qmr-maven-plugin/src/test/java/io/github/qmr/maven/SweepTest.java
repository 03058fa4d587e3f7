package io.github.qmr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.qmr.runtime.params.Params;
import io.github.qmr.runtime.tasks.Sweep;
import io.github.qmr.runtime.tasks.TasksException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepTest {
    /** The goal's words: what a Maven user reads. */
    private static final GoalWording W = GoalWording.WORDS;

    private static List<String> values(String text) {
        return Sweep.tasks(Map.of("x", text), "sweep", W).stream().map(p -> p.get("x")).toList();
    }

    private static String error(String text) {
        return assertThrows(TasksException.class, () -> values(text)).getMessage();
    }

    @Test
    void listsAndIntegerRanges() {
        assertEquals(List.of("a", "b", "c"), values("a, b ,c"));
        assertEquals(List.of("1", "2", "3", "4"), values("1..4"));
        assertEquals(List.of("3", "2", "1"), values("3..1"));
        assertEquals(List.of("-2", "-1", "0"), values("-2..0"));
        assertEquals(List.of("7"), values("7..7"));
        assertEquals(List.of("1", "2", "3", "10", "x"), values("1..3,10,x"));
        assertEquals(List.of("1", "3", "5", "7", "9"), values("1..10:2"));
        assertEquals(List.of("10", "7", "4", "1"), values("10..1:-3"));
    }

    @Test
    void steppedRangesAreExactDecimals() {
        assertEquals(List.of("0.00", "0.25", "0.50", "0.75", "1.00"), values("0..1:0.25"));
        // with doubles 0.1 steps drift (0.30000000000000004) and the end may be missed; decimals do not
        List<String> tenths = values("0..1:0.1");
        assertEquals(11, tenths.size());
        assertEquals("0.3", tenths.get(3));
        assertEquals("1.0", tenths.get(10));
        assertEquals(List.of("1.5", "1.0", "0.5"), values("1.5..0.5:-0.5"));
        assertEquals(List.of("0.0", "0.3", "0.6", "0.9"), values("0..1:0.3")); // the end is included only if hit
    }

    @Test
    void aDecimalCommaIsNamedWithTheTextWrittenWithPoints() {
        assertEquals("<sweep><x> range '5..4:0' has a step of zero; use a positive step, or a negative one to count"
                + " down. Is that a decimal comma? Commas separate values; write decimals with a point: 0.5..4:0.5",
                error("0,5..4:0,5"));
        // it parses (0, then 5 counting down to 4, then 5), but gives 5 twice
        assertEquals("<sweep><x> '0,5..4,5' gives 5 more than once; each value makes its tasks once, so give each"
                + " value once. Is that a decimal comma? Commas separate values; write decimals with a point:"
                + " 0.5..4.5", error("0,5..4,5"));
        assertEquals("<sweep><x> 'a,b,a' gives a more than once; each value makes its tasks once, so give each value"
                + " once", error("a,b,a"));
    }

    @Test
    void mistakesNameTheParameterAndTheText() {
        assertEquals("<sweep><x> range '0.5..2' has decimal ends but no step; add one, e.g. 0.5..2:0.1",
                error("0.5..2"));
        assertEquals("<sweep><x> range '0..1:0' has a step of zero; use a positive step, or a negative one to count"
                + " down", error("0..1:0"));
        assertEquals("<sweep><x> range '1..5:-1' never reaches 5 with step -1; use a positive step", error("1..5:-1"));
        assertEquals("<sweep><x> range '1..b' is not a range; write FROM..TO for integers (1..100) or FROM..TO:STEP"
                + " (0..1:0.25)", error("1..b"));
        assertEquals("<sweep><x> '1,,2' has an empty item; remove the extra comma", error("1,,2"));
        assertEquals("<sweep><x> is empty; give values such as 1,2,3 or a range such as 1..10 or 0..1:0.25",
                error(" "));
        assertEquals("<sweep><x> range '1..2000000' has 2000000 values, more than 1000000; raise its step or narrow"
                + " it", error("1..2000000"));
    }

    @Test
    void theProductVariesTheLastParameterFastest() {
        Map<String, String> declared = new LinkedHashMap<>();
        declared.put("alpha", "0.1,0.2");
        declared.put("seed", "1..3");
        List<Params> tasks = Sweep.tasks(declared, "sweep", W);
        assertEquals(6, tasks.size());
        assertEquals(Params.of("alpha", "0.1", "seed", "1"), tasks.get(0));
        assertEquals(Params.of("alpha", "0.1", "seed", "3"), tasks.get(2));
        assertEquals(Params.of("alpha", "0.2", "seed", "1"), tasks.get(3));
        assertEquals(Params.of("alpha", "0.2", "seed", "3"), tasks.get(5));
        assertEquals(List.of("alpha", "seed"), tasks.get(4).names());
    }

    @Test
    void tooLargeAProductIsRefusedBeforeAnythingIsMade() {
        Map<String, String> declared = new LinkedHashMap<>();
        declared.put("a", "1..1000");
        declared.put("b", "1..1000");
        declared.put("c", "1..1000");
        String message = assertThrows(TasksException.class, () -> Sweep.tasks(declared, "sweep", W)).getMessage();
        assertEquals("<sweep> makes more than 10000000 tasks (the product of a, b, c); narrow a range or raise its"
                + " step, or give the tasks in a <tasksFile> or a <taskSource>", message);
        assertThrows(TasksException.class, () -> Sweep.tasks(Map.of(), "sweep", W));
    }
}
