package io.github.qmr.runtime.queue.slurm;

import io.github.qmr.runtime.queue.Request;
import io.github.qmr.runtime.queue.RequestConflict;
import java.util.List;

/** The resource mapping of Slurm: a map's {@link Request} as sbatch options, pure. */
public final class SlurmRequests {
    private SlurmRequests() {}

    /**
     * The map's structured request merged into the site options, pure: memory is {@code --mem}, walltime
     * {@code --time}, cpus {@code --cpus-per-task}, partition {@code --partition}, account {@code --account}; the
     * submit arguments follow the site's extra arguments.
     *
     * @throws RequestConflict if a part is also set in the site options, or is too little for a worker
     */
    public static SlurmOptions requested(SlurmOptions site, Request request) {
        if (request.isEmpty()) {
            return site;
        }
        SlurmOptions o = site;
        if (request.memoryBytes() != null) {
            both("memory", "mem", site.mem());
            if (request.memoryBytes() < SlurmMemory.MIN_MIB << 20) {
                throw new RequestConflict("memory", "is " + Request.mebibytes(request.memoryBytes()) + ", too little"
                        + " for a worker JVM on Slurm, which needs about 192M besides its heap", "request at least "
                        + SlurmMemory.MIN_MIB + "M");
            }
            o = o.withMem(Request.mebibytes(request.memoryBytes()));
        }
        if (request.walltime() != null) {
            both("walltime", "time", site.time());
            o = o.withTime(Request.hms(request.walltime()));
        }
        if (request.cpus() != null) {
            both("cpus", "cpus-per-task", site.cpusPerTask() == 0 ? null : Integer.toString(site.cpusPerTask()));
            o = o.withCpusPerTask(request.cpus());
        }
        if (request.partition() != null) {
            both("partition", "partition", site.partition());
            o = o.withPartition(request.partition());
        }
        if (request.account() != null) {
            both("account", "account", site.account());
            o = o.withAccount(request.account());
        }
        List<String> extra = new java.util.ArrayList<>(site.extraArgs());
        extra.addAll(request.extraArgs());
        return o.withExtraArgs(extra);
    }

    private static void both(String setting, String option, String siteValue) {
        if (siteValue != null) {
            throw new RequestConflict(setting, "and the Slurm option --" + option + "=" + siteValue + " (the goal's"
                    + " <resources>, or SlurmOptions) are both set", "keep one");
        }
    }

    /**
     * The walltime Slurm grants for {@code requested}: {@code --time} counts whole minutes, seconds rounded up, at
     * least one (sbatch's manual: "Time resolution is one minute and second values are rounded up to the next
     * minute"); null for null.
     */
    public static java.time.Duration granted(java.time.Duration requested) {
        if (requested == null) {
            return null;
        }
        long minutes = Math.max(1, (requested.toSeconds() + 59) / 60);
        return java.time.Duration.ofMinutes(minutes);
    }

    /** The site options with an attempt's own requests in place of their {@code --mem} and {@code --time}. */
    static SlurmOptions attempt(SlurmOptions options, Request request) {
        SlurmOptions o = options;
        if (request.memoryBytes() != null) {
            o = o.withMem(Request.mebibytes(request.memoryBytes()));
        }
        if (request.walltime() != null) {
            o = o.withTime(Request.hms(request.walltime()));
        }
        return o;
    }
}
