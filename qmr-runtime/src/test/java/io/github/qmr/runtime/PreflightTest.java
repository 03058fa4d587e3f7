package io.github.qmr.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.params.Params;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class PreflightTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);

    @Test
    void theFirstTasksRunHereAndTheirResultsAreChecked() {
        List<Object> seen = new ArrayList<>();
        TaskFunction<Integer, Integer> square = x -> {
            seen.add(x);
            return x * x;
        };
        Preflight.Report report = Preflight.check(square, List.of(3, 4, 5, 6), 2, LIMIT);
        assertEquals(2, report.tasksRun());
        assertFalse(report.timedOut());
        assertEquals(List.of(3, 4), seen);
    }

    @Test
    void zeroTasksChecksNothing() {
        TaskFunction<Integer, Integer> fails = x -> {
            throw new IllegalStateException("must not run");
        };
        assertEquals(0, Preflight.check(fails, List.of(1), 0, LIMIT).tasksRun());
    }

    @Test
    void aFailingTaskStopsWithItsIndexParametersAndMessage() {
        TaskFunction<Params, Double> misspelt = p -> p.getDouble("betta");
        Preflight.PreflightException e = assertThrows(Preflight.PreflightException.class,
                () -> Preflight.check(misspelt, List.of(Params.of("beta", "0.1", "seed", "1")), 1, LIMIT));
        assertEquals(0, e.itask());
        assertTrue(e.getMessage().startsWith("task 0 (beta=0.1, seed=1) failed in the pre-flight check on this machine,"
                + " before anything was submitted: java.lang.IllegalArgumentException: this task has no parameter"
                + " 'betta'"), e.getMessage());
    }

    /** Returns null for odd tasks; says whether null is one of its results. */
    static final class OddIsNull implements TaskFunction<Integer, Integer> {
        private final boolean nullable;

        OddIsNull(boolean nullable) {
            this.nullable = nullable;
        }

        @Override
        public Integer apply(Integer task) {
            return task % 2 == 1 ? null : task;
        }

        @Override
        public boolean mayReturnNull() {
            return nullable;
        }
    }

    @Test
    void aNullResultIsRefusedNamingTheTaskUnlessTheFunctionSaysNullIsAResult() {
        Preflight.PreflightException e = assertThrows(Preflight.PreflightException.class,
                () -> Preflight.check(new OddIsNull(false), List.of(2, 3), 2, LIMIT));
        assertEquals(1, e.itask());
        assertEquals("task 1 (3) returned null in the pre-flight check, before anything was submitted; a null would"
                + " reach the reducer and the outputs as a missing value. Return a value, or, if null is a result of "
                + OddIsNull.class.getName() + ", override mayReturnNull() to return true", e.getMessage());
        assertEquals(2, Preflight.check(new OddIsNull(true), List.of(2, 3), 2, LIMIT).tasksRun());
    }

    @Test
    void aResultThatCannotTravelIsRefusedNamingItsClass() {
        TaskFunction<Integer, Object> leaky = x -> List.of(new Thread());
        Preflight.PreflightException e = assertThrows(Preflight.PreflightException.class,
                () -> Preflight.check(leaky, List.of(7), 1, LIMIT));
        assertTrue(e.getMessage().startsWith("task 0 (7) ran in the pre-flight check, but its result cannot be sent"
                + " back from a worker: "), e.getMessage());
        assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
    }

    @Test
    void aTaskStillRunningAtTheTimeLimitIsReportedNotFailed() {
        CountDownLatch never = new CountDownLatch(1);
        TaskFunction<Integer, Integer> slow = x -> {
            never.await();
            return x;
        };
        Preflight.Report report = Preflight.check(slow, List.of(1, 2), 2, Duration.ofMillis(200));
        assertTrue(report.timedOut());
        assertEquals(0, report.tasksRun());
    }
}
