package io.github.qmr.runtime.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When a map that met the queue's limit on jobs tries to submit again. */
class JobLimitTest {
    @Test
    void afterARefusalTheMapTriesAgainOnceOneOfItsJobsEndedOrAfterThirtySeconds() {
        assertFalse(JobLimit.mayTryAgain(3, 3, Duration.ofSeconds(5)), "nothing of its own ended yet");
        assertTrue(JobLimit.mayTryAgain(3, 2, Duration.ofSeconds(5)), "one of its jobs ended");
        assertTrue(JobLimit.mayTryAgain(3, 3, Duration.ofSeconds(30)), "others' jobs may have ended meanwhile");
        assertFalse(JobLimit.mayTryAgain(0, 0, Duration.ofSeconds(29)), "none of its own: only the time tells");
        assertTrue(JobLimit.mayTryAgain(0, 0, Duration.ofSeconds(30)));
    }

    @Test
    void withoutARefusalNothingIsHeldBack() {
        JobLimit limit = new JobLimit();
        assertFalse(limit.blocked(100, System.nanoTime()));
    }
}
