package io.github.qmr.runtime.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.JobSpec;
import io.github.qmr.runtime.queue.JobStatus;
import io.github.qmr.runtime.queue.QueueUnreachableException;
import io.github.qmr.runtime.workdir.SessionDir;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutageWatchTest {
    @TempDir
    Path workDir;

    /**
     * A queue whose status call blocks for a while, then fails: as Slurm's squeue does while slurmctld is down. The
     * while passes on the fake ticker.
     */
    private static final class BlockingThenFailing implements BatchQueue {
        private final Duration block;
        private final FakeTicker ticker;

        BlockingThenFailing(Duration block, FakeTicker ticker) {
            this.block = block;
            this.ticker = ticker;
        }

        @Override
        public String name() {
            return "slow";
        }

        @Override
        public String submit(JobSpec job) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, JobStatus> poll(Collection<String> jobIds) {
            ticker.sleep(block);
            throw new QueueUnreachableException("squeue failed: Unable to contact slurm controller");
        }

        @Override
        public void delete(Collection<String> jobIds) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void theOutageIsCountedFromTheStartOfTheFirstFailedCallAndSaidRoundedUp() {
        List<String> notices = new ArrayList<>();
        SessionEvents events = new SessionEvents() {
            @Override
            public void progress(Progress progress) {}

            @Override
            public void notice(boolean warning, String text) {
                notices.add(text);
            }
        };
        SessionDir dir = SessionDir.create(workDir);
        FakeTicker ticker = new FakeTicker();
        OutageWatch watch = new OutageWatch(dir, "slow", Duration.ofMillis(100), events, ticker);
        BatchQueue queue = new BlockingThenFailing(Duration.ofMillis(700), ticker);
        assertNull(watch.poll(queue, List.of("1")), "no statuses while the queue cannot be reached");
        assertEquals(1, notices.size(), notices.toString());
        assertTrue(notices.get(0).contains("the slow queue cannot be reached (squeue failed: Unable to contact slurm"
                + " controller); going on with the results in the work dir"), notices.get(0));
        SessionException stop = assertThrows(SessionException.class, () -> watch.poll(queue, List.of("1")));
        // two calls of 0.7 s each have failed since the first began: 1.4 s, said as "2 s"
        Matcher m = Pattern.compile("the slow queue could not be reached for (\\d+) s, longer than the"
                + " outageTolerance of 0 s: squeue failed").matcher(stop.getMessage());
        assertTrue(m.find(), stop.getMessage());
        assertEquals(2, Long.parseLong(m.group(1)), stop.getMessage());
        assertTrue(stop.getMessage().contains("run the same map again once the queue answers to resume it"),
                stop.getMessage());
    }

    @Test
    void duringAnOutageTheQueueIsAskedLessOftenAndItsAnsweringAgainIsSaidWithHowLongItWasAway() {
        List<String> notices = new ArrayList<>();
        SessionEvents events = new SessionEvents() {
            @Override
            public void progress(Progress progress) {}

            @Override
            public void notice(boolean warning, String text) {
                notices.add(text);
            }
        };
        FakeTicker ticker = new FakeTicker();
        OutageWatch watch = new OutageWatch(SessionDir.create(workDir), "slow", Duration.ofMinutes(5), events, ticker);
        assertEquals(Duration.ofSeconds(1), watch.pollInterval(Duration.ofSeconds(1)), "no outage: the normal poll");
        watch.failed(new QueueUnreachableException("squeue failed"));
        assertEquals(Duration.ofMillis(200), watch.pollInterval(Duration.ofMillis(20)), "ten times slower");
        assertEquals(Duration.ofSeconds(10), watch.pollInterval(Duration.ofSeconds(1)), "at most every 10 s");
        ticker.sleep(Duration.ofSeconds(299));
        watch.failed(new QueueUnreachableException("squeue failed")); // within the tolerance: goes on, unsaid
        ticker.sleep(Duration.ofSeconds(1));
        watch.answered();
        assertEquals(2, notices.size(), notices.toString());
        assertTrue(notices.get(1).endsWith(": the slow queue answers again, after 300 s"), notices.get(1));
        assertEquals(Duration.ofSeconds(1), watch.pollInterval(Duration.ofSeconds(1)), "the normal poll again");
    }

    @Test
    void wholeSecondsAreRoundedUpSoAnOutagePastTheToleranceIsNeverSaidAsTheTolerance() {
        assertEquals(0, OutageWatch.wholeSecondsUp(0));
        assertEquals(1, OutageWatch.wholeSecondsUp(1));
        assertEquals(5, OutageWatch.wholeSecondsUp(5_000_000_000L));
        assertEquals(6, OutageWatch.wholeSecondsUp(5_000_000_001L));
    }
}
