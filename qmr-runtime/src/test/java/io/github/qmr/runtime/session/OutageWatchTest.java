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

    /** A queue whose status call blocks for a while, then fails: as Slurm's squeue does while slurmctld is down. */
    private static final class BlockingThenFailing implements BatchQueue {
        private final long blockMillis;

        BlockingThenFailing(long blockMillis) {
            this.blockMillis = blockMillis;
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
            try {
                Thread.sleep(blockMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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
        OutageWatch watch = new OutageWatch(dir, "slow", Duration.ofMillis(100), events);
        BatchQueue queue = new BlockingThenFailing(700);
        assertNull(watch.poll(queue, List.of("1")), "no statuses while the queue cannot be reached");
        assertEquals(1, notices.size(), notices.toString());
        assertTrue(notices.get(0).contains("the slow queue cannot be reached (squeue failed: Unable to contact slurm"
                + " controller); going on with the results in the work dir"), notices.get(0));
        SessionException stop = assertThrows(SessionException.class, () -> watch.poll(queue, List.of("1")));
        // two calls of 0.7 s each have failed since the first began: at least 1.4 s, said as at least "2 s"
        Matcher m = Pattern.compile("the slow queue could not be reached for (\\d+) s, longer than the"
                + " outageTolerance of 0 s: squeue failed").matcher(stop.getMessage());
        assertTrue(m.find(), stop.getMessage());
        assertTrue(Long.parseLong(m.group(1)) >= 2, stop.getMessage());
        assertTrue(stop.getMessage().contains("run the same map again once the queue answers to resume it"),
                stop.getMessage());
    }

    @Test
    void wholeSecondsAreRoundedUpSoAnOutagePastTheToleranceIsNeverSaidAsTheTolerance() {
        assertEquals(0, OutageWatch.wholeSecondsUp(0));
        assertEquals(1, OutageWatch.wholeSecondsUp(1));
        assertEquals(5, OutageWatch.wholeSecondsUp(5_000_000_000L));
        assertEquals(6, OutageWatch.wholeSecondsUp(5_000_000_001L));
    }
}
