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
public record JobUsage(Duration cpu, Long memoryBytes, String source) {}
