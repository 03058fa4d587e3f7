package io.github.qmr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.qmr.runtime.tasks.Sweep;
import io.github.qmr.runtime.tasks.SweepSpec;
import io.github.qmr.runtime.tasks.TasksException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepSpecTest {
    /** The goal's words: what a Maven user reads. */
    private static final GoalWording W = GoalWording.WORDS;

    private static String refusal(String text) {
        TasksException e = assertThrows(TasksException.class, () -> SweepSpec.parse(text, W));
        assertEquals("sweepSpec", e.setting());
        return e.getMessage();
    }

    @Test
    void parametersAreSeparatedBySemicolonsInTheOrderWritten() {
        Map<String, String> sweep = SweepSpec.parse(" beta = 0.1..0.5:0.1 ; gamma=0.05,0.1;seed=1..3;", W);
        assertEquals(List.of("beta", "gamma", "seed"), List.copyOf(sweep.keySet()));
        assertEquals(List.of("0.1..0.5:0.1", "0.05,0.1", "1..3"), List.copyOf(sweep.values()));
    }

    @Test
    void aCommaTypedForTheSemicolonIsRefusedWithTheCorrectedSweep() {
        assertEquals("-Dqmr.sweep beta has the value '0.1..0.5:0.1,gamma=0.05', which holds 'gamma=': parameters are"
                + " separated by ';', not ','; write e.g. -Dqmr.sweep=\"beta=0.1..0.5:0.1;gamma=0.05\"",
                refusal("beta=0.1..0.5:0.1,gamma=0.05"));
    }

    @Test
    void aValueHoldingAnEqualsSignIsRefused() {
        assertEquals("-Dqmr.sweep a has the value 'b=c', which holds 'b=': parameters are separated by ';', not ',';"
                + " write e.g. -Dqmr.sweep=\"a=...;b=c\"", refusal("a=b=c"));
    }

    @Test
    void malformedPartsAreRefusedNamingTheProperty() {
        assertEquals("-Dqmr.sweep part 'seed' is not name=values; write e.g."
                + " -Dqmr.sweep=\"alpha=0.1,0.2;seed=1..100\"", refusal("alpha=1;seed"));
        assertEquals("-Dqmr.sweep part '=1..3' has no parameter name before '=' (a name is letters, digits, _, . and"
                + " -, starting with a letter or _); write e.g. -Dqmr.sweep=\"alpha=0.1,0.2;seed=1..100\"",
                refusal("=1..3"));
        assertEquals("-Dqmr.sweep seed has no values; write e.g. seed=1..10 or seed=0.1,0.2", refusal("seed= "));
        assertEquals("-Dqmr.sweep gives a twice; keep one", refusal("a=1;a=2"));
        assertEquals("-Dqmr.sweep names no parameter; write e.g. -Dqmr.sweep=\"alpha=0.1,0.2;seed=1..100\"",
                refusal(" ; "));
    }

    @Test
    void valueMistakesFoundBySweepAlsoNameTheProperty() {
        TasksException e = assertThrows(TasksException.class,
                () -> Sweep.tasks(SweepSpec.parse("alpha=0.5..2", W), SweepSpec.SETTING, W));
        assertEquals("-Dqmr.sweep alpha range '0.5..2' has decimal ends but no step; add one, e.g. 0.5..2:0.1",
                e.getMessage());
    }
}
