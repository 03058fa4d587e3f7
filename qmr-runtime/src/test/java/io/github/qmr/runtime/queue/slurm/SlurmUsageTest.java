package io.github.qmr.runtime.queue.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.qmr.runtime.process.CommandResult;
import io.github.qmr.runtime.queue.JobId;
import io.github.qmr.runtime.queue.JobUsage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Slurm's own figures of a session's jobs from one sacct call, where the site keeps an accounting database. */
class SlurmUsageTest {
    private static JobId id(String id) {
        return SlurmDialect.FLAVOUR.parseId(id);
    }

    @Test
    void oneSacctCallGivesEachJobItsTotalCpuAndTheLargestMaxRssOfItsSteps() {
        String sacct = """
                183|01:02.500|
                183.batch|01:02.400|52340K
                183.extern|00:00.100|1024K
                190_2|1-00:00:01|
                190_2.batch|1-00:00:00|1.5G
                """;
        Map<String, JobUsage> usage = SlurmAccounting.usage(List.of(id("183"), id("190_2")), argv -> {
            assertEquals(List.of("sacct", "-P", "-n", "-j", "183,190_2", "-o", "JobID,TotalCPU,MaxRSS"), argv);
            return new CommandResult(argv, 0, sacct, "", Duration.ofMillis(90), false);
        });
        assertEquals(Map.of("183", new JobUsage(Duration.ofMillis(62_500), 52340L << 10, "sacct TotalCPU, MaxRSS"),
                "190_2", new JobUsage(Duration.ofSeconds(86_401), Math.round(1.5 * (1L << 30)),
                        "sacct TotalCPU, MaxRSS")), usage);
    }

    /** This project's Slurm: no slurmdbd, so sacct answers nothing, and the completion log has no usage. */
    @Test
    void withoutAnAccountingDatabaseThereAreNoFigures() {
        assertNull(SlurmAccounting.usage(List.of(id("184")), argv -> new CommandResult(argv, 1, "",
                "Slurm accounting storage is disabled\n", Duration.ofMillis(90), false)));
        Map<String, JobUsage> recordedWithout = SlurmAccounting.usage(List.of(id("184")), argv -> new CommandResult(
                argv, 0, "184|00:00:00|\n184.batch||\n", "", Duration.ofMillis(90), false));
        assertEquals(Map.of("184", new JobUsage(null, null, "sacct TotalCPU, MaxRSS")), recordedWithout,
                "recorded, but without figures (a zero TotalCPU is none gathered): nothing to show");
    }
}
