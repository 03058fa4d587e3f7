package io.github.qmr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.qmr.runtime.MapEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressLogTest {
    long now;
    final LinesLog log = new LinesLog("", "WARN ", "ERROR ");
    final List<String> lines = log.lines;

    private static MapEvent.Progress progress(int done, int running, int pending, long seconds) {
        return new MapEvent.Progress("s", 10, pending, running, done, 0, Duration.ofSeconds(seconds));
    }

    @Test
    void progressAtMostOncePerIntervalPlusFirstAndLast() {
        ProgressLog p = new ProgressLog(log, Duration.ofSeconds(10), () -> now);
        p.onEvent(progress(0, 0, 10, 0));
        now += Duration.ofSeconds(3).toNanos();
        p.onEvent(progress(1, 2, 7, 3)); // too soon: dropped
        p.onEvent(new MapEvent.Notice(true, "chunk 3 resubmitted"));
        now += Duration.ofSeconds(8).toNanos();
        p.onEvent(progress(2, 2, 6, 11));
        now += Duration.ofSeconds(1).toNanos();
        p.onEvent(progress(10, 0, 0, 12)); // the last is always shown
        assertEquals(List.of("chunks: 0/10 done, 0 running, 10 pending, 0 failed; 0 s elapsed",
                "WARN chunk 3 resubmitted",
                "chunks: 2/10 done, 2 running, 6 pending, 0 failed; 11 s elapsed, about 44 s left",
                "chunks: 10/10 done, 0 running, 0 pending, 0 failed; 12 s elapsed"), lines);
    }

    @Test
    void tasksAreCountedAndAfterAResumeTheEstimateUsesThisRunsPaceOnly() {
        // 20 chunks of 10 tasks; 6 were taken over from an earlier run, 2 more done here in 10 s
        MapEvent.Progress p = new MapEvent.Progress("s", 20, 10, 2, 8, 0, Duration.ofSeconds(10), 6, 200, 80);
        assertEquals("chunks: 8/20 done, 2 running, 10 pending, 0 failed (tasks: 80/200 done); 10 s elapsed, about"
                + " 60 s left", ProgressLog.line(p));
        // right after the resume nothing ran here yet: no estimate rather than "about 0 s left"
        MapEvent.Progress start = new MapEvent.Progress("s", 20, 14, 0, 6, 0, Duration.ZERO, 6, 200, 60);
        assertEquals("chunks: 6/20 done, 0 running, 14 pending, 0 failed (tasks: 60/200 done); 0 s elapsed",
                ProgressLog.line(start));
    }

    @Test
    void chunksNotRunAreCountedApartFromFailedOnes() {
        // a map stopped early: 3 chunks done, 1 failed, 16 never run; the last line is said, with no estimate
        MapEvent.Progress p = new MapEvent.Progress("s", 20, 0, 0, 3, 1, Duration.ofSeconds(4), 0, 20, 3, 16);
        assertEquals("chunks: 3/20 done, 0 running, 0 pending, 1 failed, 16 not run (tasks: 3/20 done); 4 s elapsed",
                ProgressLog.line(p));
        assertEquals("s: 3/20 chunks done, 0 running, 0 pending, 1 failed, 16 not run (4s)", p.toString());
    }

    @Test
    void durationsReadWell() {
        assertEquals("59 s", ProgressLog.seconds(Duration.ofSeconds(59)));
        assertEquals("3 min", ProgressLog.seconds(Duration.ofSeconds(200)));
        assertEquals("2 h 5 min", ProgressLog.seconds(Duration.ofMinutes(125)));
    }
}
