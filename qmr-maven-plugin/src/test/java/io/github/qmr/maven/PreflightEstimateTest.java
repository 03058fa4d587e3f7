package io.github.qmr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PreflightEstimateTest {
    @Test
    void aMapOfMoreThanAnHourWithEveryWorkerBusyIsSaidWithItsComputeAndWallTime() {
        // 2 s a task, a million tasks, 100 workers: 555 h of compute, 5 h 33 min of wall time
        assertEquals("pre-flight: at the pace of the pre-flight (2 s a task here), the 1000000 tasks take about"
                + " 555 h 33 min of compute, about 5 h 33 min with 100 workers busy at once; check the sweep's size"
                + " before it starts (-Dqmr.skip or Ctrl-C now)",
                PreflightCheck.estimate(Duration.ofSeconds(2), 1_000_000, 100));
    }

    @Test
    void aShortMapIsNotWorthAWordAndFewTasksKeepFewWorkersBusy() {
        assertNull(PreflightCheck.estimate(Duration.ofSeconds(2), 1_000, 100)); // 20 s with 100 workers
        // 10 tasks of 30 min on 100 workers: only 10 are busy, so 30 min, under the hour
        assertNull(PreflightCheck.estimate(Duration.ofMinutes(30), 10, 100));
        assertEquals(null, PreflightCheck.estimate(Duration.ZERO, 10_000_000, 1));
    }
}
