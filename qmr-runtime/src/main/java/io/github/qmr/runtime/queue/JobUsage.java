package io.github.qmr.runtime.queue;

import java.time.Duration;

/**
 * What the scheduler's own accounting recorded of a queue-job once it ended (SGE {@code qacct}, Slurm {@code sacct}):
 * shown beside the worker's own measures, never in their place. A part the scheduler did not record is null.
 *
 * @param cpu the job's CPU time (SGE {@code cpu}, Slurm {@code TotalCPU})
 * @param memoryBytes the job's peak memory as the scheduler measures it (SGE {@code maxvmem}, virtual; Slurm
 *     {@code MaxRSS}, resident)
 * @param source which figures these are, e.g. {@code qacct cpu, maxvmem}
 */
public record JobUsage(Duration cpu, Long memoryBytes, String source) {
    /**
     * An amount as the schedulers' accounting prints it, a number and a unit of powers of 1024 ({@code 40.180} and
     * {@code M} of qacct's {@code 40.180MB}, {@code 52340} and {@code K} of sacct's {@code 52340K}), in bytes.
     */
    public static long bytes(String number, String unit) {
        int power = unit.isEmpty() ? 0 : "KMGTP".indexOf(unit) + 1;
        return Math.round(Double.parseDouble(number) * Math.pow(1024, power));
    }
}
