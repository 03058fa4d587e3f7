package io.github.qmr.runtime.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.clock.Ticker;
import io.github.qmr.runtime.workdir.SessionDir;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The session lease: renewed without the caller, judged by its change on the watcher's clock alone. */
class LeaseTest {
    private static final Duration BOUND = Duration.ofSeconds(60);
    private SessionDir earlier;
    private final List<String> said = new ArrayList<>();

    @BeforeEach
    void session() throws Exception {
        earlier = SessionDir.scratch("lease-test");
    }

    @AfterEach
    void remove() {
        earlier.deleteScratch();
    }

    /**
     * A watcher's clock that moves only when it pauses, a second a pause; {@code onPause} runs at each pause (as
     * another host would meanwhile), given the pause's number.
     */
    private static final class FakeWatch implements Ticker {
        long now = 1_000_000_000_000L;
        int pauses;
        final java.util.function.IntConsumer onPause;

        FakeWatch(java.util.function.IntConsumer onPause) {
            this.onPause = onPause;
        }

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public Instant now() {
            return Instant.ofEpochSecond(0, now);
        }

        @Override
        public void sleep(Duration d) {
            now += d.toNanos();
            onPause.accept(++pauses);
        }
    }

    private void writeLease(String text, Instant stamp) throws Exception {
        Files.writeString(earlier.leaseFile(), text);
        Files.setLastModifiedTime(earlier.leaseFile(), FileTime.from(stamp));
    }

    private Lease.Judgement judge(FakeWatch watch) {
        Map<SessionDir, Lease.Judgement> judged = Lease.judge(List.of(earlier), BOUND, "here", watch, said::add);
        return judged.get(earlier);
    }

    @Test
    void aLeaseFromAHostWhoseClockIsBehindIsLiveWhileItChanges() throws Exception {
        // the holder's clock is 2 minutes behind: its lease looks 2 minutes old, but it is renewed every 15 s
        Instant behind = Instant.now().minus(Duration.ofMinutes(2));
        writeLease("node7 4242 1764216000000 0\n", behind);
        FakeWatch watch = new FakeWatch(pause -> {
            if (pause == 15) {
                try {
                    writeLease("node7 4242 1764216000000 1\n", behind.plusSeconds(15));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        Lease.Judgement lease = judge(watch);
        assertEquals("host node7, pid 4242, since 2025-11-27T04:00:00Z", lease.holder());
        assertEquals(15, watch.pauses, "held as soon as the change was seen");
        assertTrue(said.get(0).contains("has a lease from host node7") && said.get(0).contains("watching it for up"
                + " to 60 s"), said.toString());
    }

    @Test
    void aDeadLeaseFromAHostWhoseClockIsAheadIsTakenOverAfterTheBoundNotAnHourLater() throws Exception {
        // left by a process of a host whose clock is an hour ahead: its time stamp is in the future for an hour
        writeLease("node7 4242 1764216000000 9\n", Instant.now().plus(Duration.ofHours(1)));
        FakeWatch watch = new FakeWatch(pause -> { });
        Lease.Judgement lease = judge(watch);
        assertNull(lease.holder());
        assertEquals(61, watch.pauses, "unchanged for more than 60 s of the watcher's own clock");
        assertEquals("the lease of session " + earlier.sessionId() + " (host node7, pid 4242, since"
                + " 2025-11-27T04:00:00Z) did not change for 61 s: its process is gone, so this run takes the session"
                + " over. A lease is left behind by a process killed or lost with its host; delete "
                + earlier.leaseFile() + " to have the next run take over at once", lease.note());
    }

    @Test
    void aLeaseOfAnEarlierVersionWhoseTimeIsTouchedIsLive() throws Exception {
        // an earlier qmr renewed its lease by its modification time alone, from a clock 2 minutes behind
        Instant behind = Instant.now().minus(Duration.ofMinutes(2));
        writeLease("node7 4242 1764216000000\n", behind);
        FakeWatch watch = new FakeWatch(pause -> {
            if (pause == 15) {
                try {
                    Files.setLastModifiedTime(earlier.leaseFile(), FileTime.from(behind.plusSeconds(15)));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        assertEquals("host node7, pid 4242, since 2025-11-27T04:00:00Z", judge(watch).holder());
    }

    @Test
    void aLeaseReleasedWhileWatchedIsFree() throws Exception {
        writeLease("node7 4242 1764216000000 3\n", Instant.now());
        FakeWatch watch = new FakeWatch(pause -> {
            if (pause == 5) {
                try {
                    Files.delete(earlier.leaseFile());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        assertEquals(Lease.Judgement.FREE, judge(watch));
    }

    @Test
    void noLeaseOrADamagedOneIsNotHeldAndNeedsNoWatching() throws Exception {
        FakeWatch watch = new FakeWatch(pause -> { });
        assertEquals(Lease.Judgement.FREE, judge(watch));
        writeLease("garbage\n", Instant.now());
        assertEquals(Lease.Judgement.FREE, judge(watch));
        assertEquals(0, watch.pauses);
    }

    @Test
    void aLeaseOfThisHostIsJudgedByItsProcessAtOnce() throws Exception {
        ProcessHandle me = ProcessHandle.current();
        long start = me.info().startInstant().orElseThrow().toEpochMilli();
        writeLease("here " + me.pid() + " " + start + " 0\n", Instant.now().minus(Duration.ofDays(1)));
        FakeWatch watch = new FakeWatch(pause -> { });
        assertEquals("host here, pid " + me.pid() + ", since " + Instant.ofEpochMilli(start), judge(watch).holder());
        writeLease("here " + me.pid() + " " + (start - 1) + " 0\n", Instant.now()); // the pid reused by another
        assertEquals(Lease.Judgement.FREE, judge(watch));
        assertEquals(0, watch.pauses);
    }

    @Test
    void theLeaseIsRenewedAtASteadyRateWhileTheCallerDoesNothing() throws Exception {
        SessionDir live = SessionDir.scratch("lease-live");
        try {
            // a busy caller: nothing calls the session; the lease's own thread renews it
            Lease lease = Lease.take(live, Duration.ofMillis(50));
            String first = Files.readString(live.leaseFile());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String now = first;
            while (now.equals(first) && System.nanoTime() < deadline) {
                Thread.sleep(20);
                now = Files.readString(live.leaseFile());
            }
            assertNotEquals(first, now, "renewed with no call from the caller");
            assertTrue(now.matches("\\S+ " + ProcessHandle.current().pid() + " \\d+ [1-9]\\d*\n"), now);
            // seen from another host, a renewed lease is held
            Map<SessionDir, Lease.Judgement> judged = Lease.judge(List.of(live), Duration.ofSeconds(30),
                    "another-host", Ticker.SYSTEM, said::add);
            assertTrue(judged.get(live).holder().contains("pid " + ProcessHandle.current().pid()), judged.toString());
            lease.release();
            assertTrue(!Files.exists(live.leaseFile()), "released: gone, and not written again");
        } finally {
            live.deleteScratch();
        }
    }
}
