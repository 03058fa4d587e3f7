package io.github.qmr.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionStatusTest {
    private static final Instant START = Instant.parse("2026-12-07T08:00:00Z");

    @Test
    void theTimeLeftIsThePaceSoFarTimesTheChunksLeft() {
        // 10 chunks done in the 20 minutes to the newest result: 2 min a chunk, 30 chunks left
        assertEquals(Duration.ofMinutes(60), SessionStatus.timeLeft(START, START.plusSeconds(1200), 10, 40));
        assertNull(SessionStatus.timeLeft(START, null, 0, 40), "nothing to go by before the first result");
        assertNull(SessionStatus.timeLeft(START, START.plusSeconds(60), 40, 40), "complete");
    }

    @Test
    void aStatusSaysWhatIsDoneWhatRunsWhoRunsItAndTheTimeLeft() {
        SessionStatus s = new SessionStatus("qmr-20261207T080000Z-ab12", Path.of("/w/qmr-20261207T080000Z-ab12"),
                START, "host vm, pid 42, since 2026-12-07T08:00:00Z", 40, 10, 1, 2, START.plusSeconds(1200), null,
                List.of());
        assertEquals("qmr-20261207T080000Z-ab12 (/w/qmr-20261207T080000Z-ab12): 10 of 40 chunks done, 1 with failed"
                + " tasks, 2 being run, 28 waiting; about 60 min left at the pace so far. Started 25 min ago; running"
                + " now in host vm, pid 42, since 2026-12-07T08:00:00Z", s.describe(START.plusSeconds(1500)));
        SessionStatus stopped = new SessionStatus("s", Path.of("/w/s"), START, null, 4, 1, 0, 0,
                START.plusSeconds(30), null, List.of());
        assertEquals("s (/w/s): 1 of 4 chunks done, 0 being run, 3 waiting; about 90 s left at the pace so far."
                + " Started 60 s ago; no process runs it now (stopped or killed): a run of the same map resumes it",
                stopped.describe(START.plusSeconds(60)));
        SessionStatus killed = new SessionStatus("s", Path.of("/w/s"), START, null, 4, 1, 0, 0,
                START.plusSeconds(30), "host vm, pid 42, since 2026-12-07T08:00:00Z", List.of());
        assertEquals("s (/w/s): 1 of 4 chunks done, 0 being run, 3 waiting; about 90 s left at the pace so far."
                + " Started 60 s ago; no process runs it now (stopped or killed): a run of the same map resumes it (the"
                + " one that ran it, host vm, pid 42, since 2026-12-07T08:00:00Z, is gone without having given it up:"
                + " killed, or lost with its host; its queue-jobs may still run, and that run adopts them)",
                killed.describe(START.plusSeconds(60)));
    }

    @Test
    void theFailuresSoFarAreListedByChunkWithTheFirstTasksParameters() {
        assertEquals("chunk 3: 1 failed task; the first: itask 7 (x=7, seed=1): java.lang.IllegalStateException: boom",
                SessionStatus.failure(3, "1\nitask 7 (x=7, seed=1): java.lang.IllegalStateException: boom"));
        assertEquals("chunk 0: 2 failed tasks", SessionStatus.failure(0, "2"), "a note torn after its count");
        SessionStatus s = new SessionStatus("s", Path.of("/w/s"), START, null, 40, 12, 12, 0, START.plusSeconds(30),
                null, List.of("chunk 3: 1 failed task; the first: itask 7 (x=7): E"));
        assertEquals("s (/w/s): 12 of 40 chunks done, 12 with failed tasks, 0 being run, 28 waiting; about 70 s left"
                + " at the pace so far. Started 60 s ago; no process runs it now (stopped or killed): a run of the same"
                + " map resumes it. Failures so far:\n  chunk 3: 1 failed task; the first: itask 7 (x=7): E\n  and 11"
                + " more chunks with failed tasks (their notes: the *.failed files under /w/s/chunks)",
                s.describe(START.plusSeconds(60)));
    }

    @Test
    void aStoppedSessionsClaimsAreNotBeingRunWhileAKilledOnesMayBe() {
        assertEquals(2, SessionStatus.beingRun(2, "host vm, pid 42, since 2026-12-07T08:00:00Z", null), "running");
        assertEquals(2, SessionStatus.beingRun(2, null, "host vm, pid 42, since 2026-12-07T08:00:00Z"),
                "killed: its jobs go on");
        assertEquals(0, SessionStatus.beingRun(2, null, null), "stopped: its jobs were deleted");
    }
}
