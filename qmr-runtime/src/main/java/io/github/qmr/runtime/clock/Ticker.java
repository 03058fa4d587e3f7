package io.github.qmr.runtime.clock;

import java.time.Duration;
import java.time.Instant;

/**
 * The time the engine's rules read and its pauses: {@link #SYSTEM} in a map, a test's own in a unit test, so the
 * grace, pending, outage and budget rules are tested without waiting. Durations are measured with
 * {@link #nanoTime()} (monotonic, as {@link System#nanoTime()}); {@link #now()} only stamps events.
 */
public interface Ticker {
    /** A monotonic count of nanoseconds, for measuring how long something took. */
    long nanoTime();

    /** The wall-clock time, for events a user reads. */
    Instant now();

    /** Waits {@code d}. */
    void sleep(Duration d) throws InterruptedException;

    /** The machine's own clock, and real sleeps. */
    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public void sleep(Duration d) throws InterruptedException {
            Thread.sleep(d.toMillis());
        }
    };

    /** The machine's own clock, its pauses made by {@code sleeper} (a test's records them and returns). */
    static Ticker sleepingWith(java.util.function.Consumer<Duration> sleeper) {
        return new Ticker() {
            @Override
            public long nanoTime() {
                return SYSTEM.nanoTime();
            }

            @Override
            public Instant now() {
                return SYSTEM.now();
            }

            @Override
            public void sleep(Duration d) {
                sleeper.accept(d);
            }
        };
    }
}
