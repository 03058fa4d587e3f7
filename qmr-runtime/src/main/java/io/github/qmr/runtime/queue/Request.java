package io.github.qmr.runtime.queue;

import java.time.Duration;

/**
 * What one attempt at a job asks the queue for, where qmr changes it from the site options (memory escalation):
 * each flavour maps it onto its own names (SGE {@code h_vmem}/{@code h_rt}, Slurm {@code --mem}/{@code --time}).
 *
 * @param memoryBytes the memory limit, or null for the site options' own
 * @param walltime the walltime limit, or null for the site options' own
 */
public record Request(Long memoryBytes, Duration walltime) {
    /** Nothing changed: the site options as they are. */
    public static final Request SITE = new Request(null, null);

    /** Memory in binary megabytes, rounded up, as both SGE ({@code M}) and Slurm ({@code M}) read it. */
    public static String mebibytes(long bytes) {
        return ((bytes + (1L << 20) - 1) >> 20) + "M";
    }

    /** A walltime as {@code hours:minutes:seconds}, which both SGE and Slurm read. */
    public static String hms(Duration d) {
        long s = d.toSeconds();
        return String.format(java.util.Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
