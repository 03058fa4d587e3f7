package io.github.qmr.runtime.queue;

import java.time.Duration;
import java.util.List;

/**
 * What a job asks the queue for, flavour-free: the map's structured request (the API's {@code JobRequest}, merged
 * into the site options when the pool is built, see {@link BatchQueue#withRequest}), and for one attempt at a job the
 * memory and walltime qmr changed (escalation). Each flavour maps it onto its own names (SGE {@code h_vmem}/{@code
 * h_rt}/{@code -pe}/{@code -q}/{@code -P}, Slurm {@code --mem}/{@code --time}/{@code --cpus-per-task}/{@code
 * --partition}/{@code --account}). Unset parts are null: the site options' own hold.
 *
 * @param memoryBytes the memory limit in bytes
 * @param walltime the walltime limit
 * @param cpus the processors (cores) of one job
 * @param partition the SGE cluster queue ({@code -q}) or Slurm partition ({@code --partition})
 * @param account the SGE project ({@code -P}) or Slurm account ({@code --account}) to charge
 * @param extraArgs further submit arguments, as they are, after the flavour's own options; never null
 */
public record Request(Long memoryBytes, Duration walltime, Integer cpus, String partition, String account,
        List<String> extraArgs) {
    /** Nothing changed: the site options as they are. */
    public static final Request SITE = new Request(null, null);

    /** Only memory and walltime: what an escalated attempt changes. */
    public Request(Long memoryBytes, Duration walltime) {
        this(memoryBytes, walltime, null, null, null, List.of());
    }

    public Request {
        extraArgs = extraArgs == null ? List.of() : List.copyOf(extraArgs);
    }

    /** Whether nothing is set, so the site options hold as they are. */
    public boolean isEmpty() {
        return memoryBytes == null && walltime == null && cpus == null && partition == null && account == null
                && extraArgs.isEmpty();
    }

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
