package io.github.qmr.runtime.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.qmr.runtime.policy.FailurePolicy.Action;
import io.github.qmr.runtime.policy.FailurePolicy.Counts;
import io.github.qmr.runtime.policy.FailurePolicy.Decision;
import io.github.qmr.runtime.policy.FailurePolicy.Rule;
import org.junit.jupiter.api.Test;

/** Every rule of the failure policy, with the exact words a user reads. */
class FailurePolicyTest {
    private static final Rule FAIL_FAST = new Rule(0, true, 0);
    private static final Rule NEVER_STOP = new Rule(-1, false, 0);

    private static Counts running(long tasks, long succeeded, long failed) {
        return new Counts(tasks, succeeded, failed, 0, false);
    }

    private static Counts ended(long tasks, long succeeded, long failed, long notRun) {
        return new Counts(tasks, succeeded, failed, notRun, true);
    }

    private static void assertDecision(Action action, String reason, Decision d) {
        assertEquals(action, d.action(), d.toString());
        assertEquals(reason, d.reason());
    }

    @Test
    void aMapWithoutFailuresGoesOn() {
        assertDecision(Action.GO_ON, "", FailurePolicy.decide(running(1000, 400, 0), Rule.DEFAULT));
        assertDecision(Action.GO_ON, "", FailurePolicy.decide(running(1000, 0, 0), Rule.DEFAULT));
    }

    @Test
    void sporadicFailuresDoNotStopASweep() {
        // a few among many that succeed, however early they come
        assertDecision(Action.GO_ON, "", FailurePolicy.decide(running(1000, 1, 9), Rule.DEFAULT));
        assertDecision(Action.GO_ON, "", FailurePolicy.decide(running(1000, 900, 99), Rule.DEFAULT));
        assertDecision(Action.GO_ON, "", FailurePolicy.decide(running(1000, 25, 25), Rule.DEFAULT));
    }

    @Test
    void theFirstTenTasksToFinishAllFailingStopTheMap() {
        assertDecision(Action.GO_ON, "", FailurePolicy.decide(running(1000, 0, 9), Rule.DEFAULT));
        assertDecision(Action.STOP, "the first 10 tasks to finish all failed, which looks systematic",
                FailurePolicy.decide(running(1000, 0, 10), Rule.DEFAULT));
        // a chunk of many tasks finishes at once
        assertDecision(Action.STOP, "the first 25 tasks to finish all failed, which looks systematic",
                FailurePolicy.decide(running(1000, 0, 25), Rule.DEFAULT));
    }

    @Test
    void moreThanHalfFailedOnceFiftyFinishedStopsTheMap() {
        assertDecision(Action.GO_ON, "", FailurePolicy.decide(running(1000, 20, 29), Rule.DEFAULT));
        assertDecision(Action.STOP, "26 of the 50 tasks finished so far failed (52%, more than half), which looks"
                + " systematic", FailurePolicy.decide(running(1000, 24, 26), Rule.DEFAULT));
        assertDecision(Action.GO_ON, "", FailurePolicy.decide(running(1000, 25, 25), Rule.DEFAULT));
    }

    @Test
    void failFastStopsAtTheFirstFailedTask() {
        assertDecision(Action.GO_ON, "", FailurePolicy.decide(running(100, 50, 0), FAIL_FAST));
        assertDecision(Action.STOP, "a task failed, and the map stops at its first failed task",
                FailurePolicy.decide(running(100, 50, 1), FAIL_FAST));
    }

    @Test
    void aLimitOfFailedTasksStopsTheMapOnceExceeded() {
        Rule three = new Rule(3, false, 0);
        assertDecision(Action.GO_ON, "", FailurePolicy.decide(running(100, 0, 3), three));
        assertDecision(Action.STOP, "4 tasks failed, more than the 3 that may fail before the map stops",
                FailurePolicy.decide(running(100, 0, 4), three));
    }

    @Test
    void withoutTheSystematicRuleOnlyALimitStopsTheMap() {
        assertDecision(Action.GO_ON, "", FailurePolicy.decide(running(1000, 0, 999), NEVER_STOP));
    }

    @Test
    void aFinishedMapFailsOnAnyFailedTaskUnlessAllowed() {
        assertDecision(Action.PASS, "all 4 tasks succeeded", FailurePolicy.decide(ended(4, 4, 0, 0), Rule.DEFAULT));
        assertDecision(Action.PASS, "the task succeeded", FailurePolicy.decide(ended(1, 1, 0, 0), Rule.DEFAULT));
        assertDecision(Action.FAIL, "1 of 4 tasks failed", FailurePolicy.decide(ended(4, 3, 1, 0), Rule.DEFAULT));
        assertDecision(Action.FAIL, "1 of 1 task failed", FailurePolicy.decide(ended(1, 0, 1, 0), Rule.DEFAULT));
        Rule allowTwo = new Rule(-1, true, 2);
        assertDecision(Action.PASS, "2 of 4 tasks failed, within the 2 allowed",
                FailurePolicy.decide(ended(4, 2, 2, 0), allowTwo));
        assertDecision(Action.FAIL, "3 of 4 tasks failed, more than the 2 allowed",
                FailurePolicy.decide(ended(4, 1, 3, 0), allowTwo));
        assertDecision(Action.PASS, "4 of 4 tasks failed, as any number may",
                FailurePolicy.decide(ended(4, 0, 4, 0), new Rule(-1, true, -1)));
    }

    @Test
    void aFinishedMapWithTasksNotRunFailsAndCountsThemApart() {
        assertDecision(Action.FAIL, "1 of 7 tasks failed and 6 were not run",
                FailurePolicy.decide(ended(7, 0, 1, 6), Rule.DEFAULT));
        assertDecision(Action.FAIL, "1 of 7 tasks failed and 1 was not run",
                FailurePolicy.decide(ended(7, 5, 1, 1), Rule.DEFAULT));
        // within the allowed failures, but its results are not complete
        assertDecision(Action.FAIL, "1 of 40 tasks failed and 30 were not run",
                FailurePolicy.decide(ended(40, 9, 1, 30), new Rule(0, true, 5)));
    }
}
