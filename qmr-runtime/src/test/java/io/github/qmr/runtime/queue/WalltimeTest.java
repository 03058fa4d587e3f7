package io.github.qmr.runtime.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Walltime requests as SGE's h_rt and Slurm's --time write them. */
class WalltimeTest {
    @Test
    void gridEngineSecondsOrHoursMinutesSeconds() {
        assertEquals(Duration.ofSeconds(3600), Walltime.sge("3600"));
        assertEquals(Duration.ofHours(2), Walltime.sge("2:00:00"));
        assertEquals(Duration.ofMinutes(90), Walltime.sge("1:30:00"));
        assertEquals(Duration.ofMinutes(5).plusSeconds(3), Walltime.sge("5:03"));
        assertEquals(Duration.ofHours(1), Walltime.sge("1::"));
        assertNull(Walltime.sge("INFINITY"));
        assertNull(Walltime.sge(null));
        assertNull(Walltime.sge("soon"));
    }

    @Test
    void slurmEverySixForms() {
        assertEquals(Duration.ofMinutes(30), Walltime.slurm("30"));
        assertEquals(Duration.ofMinutes(30).plusSeconds(15), Walltime.slurm("30:15"));
        assertEquals(Duration.ofHours(2).plusMinutes(3).plusSeconds(4), Walltime.slurm("2:03:04"));
        assertEquals(Duration.ofDays(1).plusHours(2), Walltime.slurm("1-2"));
        assertEquals(Duration.ofDays(1).plusHours(2).plusMinutes(30), Walltime.slurm("1-2:30"));
        assertEquals(Duration.ofDays(1).plusHours(2).plusMinutes(30).plusSeconds(9), Walltime.slurm("1-2:30:09"));
        assertNull(Walltime.slurm("UNLIMITED"));
        assertNull(Walltime.slurm("infinite"));
        assertNull(Walltime.slurm("1-2:3:4:5"));
    }

    @Test
    void theQueuesTakeItFromTheirSiteOptions() {
        var sge = new io.github.qmr.runtime.queue.sge.SgeOptions(null, java.util.Map.of("h_rt", "1:30:00"), null, 1,
                null, java.util.List.of(), 75_000, 0);
        assertEquals(Duration.ofMinutes(90), new io.github.qmr.runtime.queue.sge.SgeDialect(sge).walltime());
        assertNull(new io.github.qmr.runtime.queue.sge.SgeDialect(io.github.qmr.runtime.queue.sge.SgeOptions.DEFAULTS)
                .walltime());
        var slurm = io.github.qmr.runtime.queue.slurm.SlurmOptions.DEFAULTS.withTime("2:00:00");
        assertEquals(Duration.ofHours(2), new io.github.qmr.runtime.queue.slurm.SlurmDialect(slurm).walltime());
    }
}
