package io.github.qmr.runtime.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LivenessTest {
    private static final long S = 1_000_000_000L;
    private static final Duration BOUND = Duration.ofSeconds(60);

    @Test
    void theFirstLookStartsTheSilenceThen() {
        Liveness.Seen seen = Liveness.look(null, "vm 42 7", 100 * S);
        assertEquals(100 * S, seen.changedAtNanos());
        assertFalse(Liveness.silent(seen, 160 * S, BOUND), "exactly the bound is not more than it");
        assertTrue(Liveness.silent(seen, 160 * S + 1, BOUND));
    }

    @Test
    void aChangeSeenRestartsTheSilenceAndTheSameContentKeepsIt() {
        Liveness.Seen first = Liveness.look(null, "vm 42 7", 0);
        Liveness.Seen same = Liveness.look(first, "vm 42 7", 50 * S);
        assertSame(first, same);
        Liveness.Seen changed = Liveness.look(same, "vm 42 8", 59 * S);
        assertEquals(59 * S, changed.changedAtNanos());
        assertFalse(Liveness.silent(changed, 110 * S, BOUND));
        assertEquals(Duration.ofSeconds(51), Liveness.silentFor(changed, 110 * S));
        assertTrue(Liveness.silent(Liveness.look(changed, "vm 42 8", 120 * S), 120 * S, BOUND));
    }

    @Test
    void aFileThatNeverAppearsIsSilentFromTheFirstLook() {
        Liveness.Seen none = Liveness.look(null, null, 10 * S);
        assertEquals("", none.content());
        assertSame(none, Liveness.look(none, "", 30 * S));
        assertTrue(Liveness.silent(none, 71 * S, BOUND));
        // its first beat is a change
        assertEquals(72 * S, Liveness.look(none, "vm 42 0", 72 * S).changedAtNanos());
    }

    @Test
    void aWatcherThatLooksRarelyJudgesOnlyByWhatItSawChange() {
        // a busy watcher looks after 200 s: the file changed meanwhile, so the writer is alive whatever the gap
        Liveness.Seen seen = Liveness.look(null, "a", 0);
        Liveness.Seen later = Liveness.look(seen, "b", 200 * S);
        assertFalse(Liveness.silent(later, 200 * S, BOUND));
    }

    @Test
    void theWatcherReadsAFewTimesABoundAndAlwaysBeforeItTakesTheWriterAsGone() {
        assertTrue(Liveness.due(null, 0, 5 * S, BOUND), "the first look");
        Liveness.Seen seen = Liveness.look(null, "a", 0);
        long next = 15 * S; // a quarter of the bound
        assertFalse(Liveness.due(seen, next, 14 * S, BOUND));
        assertTrue(Liveness.due(seen, next, 15 * S, BOUND));
        // not due by the schedule, but silent by the last look: only a fresh look may take it as gone
        assertTrue(Liveness.due(seen, 100 * S, 61 * S, BOUND));
    }

    @Test
    void aWorkerThatHasNotBeatenInThisAttemptMayTakeLongerToStart() {
        Duration five = Duration.ofSeconds(5);
        // the chunk's heartbeat file still holds the last beat of its lost attempt: the new worker is still starting
        Liveness.Seen old = Liveness.look(null, "vm 26691 0000000000000000004", 0);
        assertEquals(Duration.ofSeconds(65), Liveness.workerBound(old, "vm 26691 0000000000000000004", five));
        assertFalse(Liveness.silent(old, 30 * S, Liveness.workerBound(old, "vm 26691 0000000000000000004", five)),
                "a JVM 30 s into its start on a loaded node is not lost");
        assertTrue(Liveness.silent(old, 66 * S, Liveness.workerBound(old, "vm 26691 0000000000000000004", five)));
        // no file yet: the same
        assertEquals(Duration.ofSeconds(65), Liveness.workerBound(Liveness.look(null, "", 0), "", five));
        assertEquals(Duration.ofSeconds(65), Liveness.workerBound(null, "", five));
        // once it has beaten, the bound alone: a worker stopped mid-chunk is lost after 5 s
        Liveness.Seen beaten = Liveness.look(old, "vm 3012 0000000000000000000", 40 * S);
        assertEquals(five, Liveness.workerBound(beaten, "vm 26691 0000000000000000004", five));
        assertTrue(Liveness.silent(beaten, 46 * S, Liveness.workerBound(beaten, "vm 26691 0000000000000000004", five)));
    }
}
