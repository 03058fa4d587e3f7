package io.github.qmr.runtime.session;

import io.github.qmr.runtime.clock.Ticker;
import java.time.Duration;
import java.time.Instant;

/** A ticker that moves only when told to: a test's time, read without waiting ({@link #sleep} moves it). */
final class FakeTicker implements Ticker {
    long nanos = 1_000_000_000L;

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public Instant now() {
        return Instant.ofEpochSecond(0, nanos);
    }

    @Override
    public void sleep(Duration d) {
        nanos += d.toNanos();
    }
}
