package io.github.qmr.runtime.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResultLookTest {
    private static final Duration POLL = Duration.ofSeconds(1);

    @Test
    void aShortWaitIsLookedAtEvery25Milliseconds() {
        assertEquals(Duration.ofMillis(25), ResultLook.pause(Duration.ZERO, POLL));
        assertEquals(Duration.ofMillis(25), ResultLook.pause(Duration.ofMillis(500), POLL));
    }

    @Test
    void aLongerWaitIsLookedAtAfterATwentiethOfItNoLaterThanThePoll() {
        assertEquals(Duration.ofMillis(50), ResultLook.pause(Duration.ofSeconds(1), POLL));
        assertEquals(Duration.ofMillis(300), ResultLook.pause(Duration.ofSeconds(6), POLL));
        assertEquals(POLL, ResultLook.pause(Duration.ofSeconds(20), POLL));
        assertEquals(POLL, ResultLook.pause(Duration.ofHours(3), POLL));
        // a poll interval below the first pause (the local queue's 20 ms) bounds it too
        assertEquals(Duration.ofMillis(20), ResultLook.pause(Duration.ZERO, Duration.ofMillis(20)));
    }

    @Test
    void aMinuteOfWaitingCostsAboutAHundredAndThirtyLooksInsteadOf2400() {
        long looks = 0;
        for (Duration waited = Duration.ZERO; waited.compareTo(Duration.ofMinutes(1)) < 0; looks++) {
            waited = waited.plus(ResultLook.pause(waited, POLL));
        }
        assertEquals(136, looks, "looks in a one-minute wait");
    }
}
