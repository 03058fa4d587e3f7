package io.github.qmr.runtime;

import io.github.qmr.runtime.queue.Request;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * What every queue-job of a map asks the scheduler for, in the same names on every queue: each flavour maps them onto
 * its own options (see the README's table: SGE {@code -l h_vmem}, {@code -l h_rt}, {@code -pe}, {@code -q},
 * {@code -P}; Slurm {@code --mem}, {@code --time}, {@code --cpus-per-task}, {@code --partition},
 * {@code --account}). The embedded local queue ignores them. A part left null is the site options' own (or the
 * cluster's default); one set both here and in the flavour's options (e.g. {@code memory} and SGE's {@code h_vmem})
 * is an error when the pool is built. The memory and walltime are what {@link Escalation} multiplies. Immutable;
 * {@link #NONE} holds every default, the constructor every range check, and {@link #fromText} the text form.
 *
 * @param memory the memory limit of one job in bytes; it also sizes the worker's heap; null: the site's
 * @param walltime the walltime limit of one job; null: the site's
 * @param cpus the processors (cores) of one job, at least 1; null: the site's (one)
 * @param partition the Slurm partition or SGE cluster queue; null: the cluster's default
 * @param account the Slurm account or SGE project to charge; null: the site's default
 * @param submitArgs further arguments for {@code qsub} or {@code sbatch}, as they are, for what has no name here
 *     (e.g. {@code --qos=long}, {@code -l gpu=1})
 */
public record JobRequest(Long memory, Duration walltime, Integer cpus, String partition, String account,
        List<String> submitArgs) {
    /** Every default: nothing requested beyond the site options; the cluster decides. */
    public static final JobRequest NONE = new JobRequest(null, null, null, null, null, List.of());

    public JobRequest {
        if (memory != null && memory <= 0) {
            throw new SettingException("memory", "must be more than 0, got " + memory + " bytes",
                    "write e.g. 4G or 512M; leave it out for the site's default");
        }
        if (walltime != null && walltime.toSeconds() < 1) {
            throw new SettingException("walltime", "must be at least 1 s, got " + walltime,
                    "write e.g. 2:00:00 or 90m; leave it out for the site's default");
        }
        if (cpus != null && cpus < 1) {
            throw new SettingException("cpus", "must be at least 1, got " + cpus,
                    "leave it out for the site's default (one)");
        }
        partition = name("partition", partition, "e.g. short");
        account = name("account", account, "e.g. bio");
        submitArgs = submitArgs == null ? List.of() : List.copyOf(submitArgs);
    }

    private static String name(String setting, String value, String example) {
        if (value == null) {
            return null;
        }
        if (value.isBlank() || value.strip().chars().anyMatch(Character::isWhitespace)) {
            throw new SettingException(setting, "must be one name, got " + SettingException.quoted(value),
                    example + "; leave it out for the cluster's default");
        }
        return value.strip();
    }

    /**
     * Reads {@code memory} (e.g. {@code 4G}, {@code 512M}: K, M, G, T are powers of 1024, see
     * {@link SettingText#bytes}), {@code walltime} ({@code 2:00:00} or {@code 90m}, see {@link SettingText#walltime}),
     * {@code cpus}, {@code partition}, {@code account} and {@code submitArgs} (split at white space) through
     * {@code text}; one not set keeps its default.
     */
    public static JobRequest fromText(Function<String, String> text) {
        SettingText t = SettingText.of(text);
        String args = t.text("submitArgs");
        return new JobRequest(t.bytes("memory"), t.walltime("walltime"), t.integer("cpus"), t.text("partition"),
                t.text("account"), args == null ? List.of() : Arrays.asList(args.split("\\s+")));
    }

    /** Whether nothing is requested. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    /** As the queues take it. */
    public Request toQueueRequest() {
        return new Request(memory, walltime, cpus, partition, account, submitArgs);
    }

    /** {@code text} as a memory size, e.g. {@code 4G}. */
    public JobRequest withMemory(String text) {
        return withMemory(SettingText.bytes("memory", text));
    }

    public JobRequest withMemory(Long bytes) {
        return new JobRequest(bytes, walltime, cpus, partition, account, submitArgs);
    }

    /** {@code text} as a walltime, e.g. {@code 2:00:00} or {@code 90m}. */
    public JobRequest withWalltime(String text) {
        return withWalltime(SettingText.walltime("walltime", text));
    }

    public JobRequest withWalltime(Duration limit) {
        return new JobRequest(memory, limit, cpus, partition, account, submitArgs);
    }

    public JobRequest withCpus(Integer n) {
        return new JobRequest(memory, walltime, n, partition, account, submitArgs);
    }

    public JobRequest withPartition(String name) {
        return new JobRequest(memory, walltime, cpus, name, account, submitArgs);
    }

    public JobRequest withAccount(String name) {
        return new JobRequest(memory, walltime, cpus, partition, name, submitArgs);
    }

    public JobRequest withSubmitArgs(List<String> args) {
        return new JobRequest(memory, walltime, cpus, partition, account, args);
    }
}
