package io.github.qmr.runtime.queue.slurm;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes the worker JVM to a job's {@code --mem}, so the worker is not killed for using it.
 *
 * <p>Slurm limits a job's resident memory (RSS, through cgroups or by sampling), not its address space as SGE's
 * {@code h_vmem} does, so only pages the JVM touches count. The rule: {@code -Xmx = min(75% of mem, mem - 192 MiB)}.
 * Measured with JDK 17 and the serial GC on the Slurm of scripts/slurm.sh: a qmr worker whose task fills its heap
 * until OutOfMemoryError peaks at -Xmx plus ~50 MiB RSS (--mem=512M: 361 MiB, 1G: 788 MiB, 4G: 3023 MiB). The rest
 * of {@code --mem} (at least 192 MiB, a quarter for larger requests) is left for that and for native memory the
 * user's code may use. 512M gives 320m, 1G 768m, 4G 3072m, 16G 12288m. Less than 512M is refused before
 * submission. (That cluster does not enforce --mem: no cgroups there; the rule is sized from the peaks above.)
 * {@code --mem=0} (the whole node) and no {@code --mem} leave the heap to the JVM's own default.
 */
final class SlurmMemory {
    static final long MIN_MIB = 512;
    private static final long RESERVE_MIB = 192;
    private static final Pattern SIZE = Pattern.compile("([0-9]+)([kKmMgGtT]?)");

    private SlurmMemory() {}

    /** The JVM options for a {@code --mem} value, or none for {@code null} or 0. */
    static List<String> jvmOptions(String mem) {
        if (mem == null) {
            return List.of();
        }
        long mib = parse(mem);
        if (mib == 0) {
            return List.of();
        }
        if (mib < MIN_MIB) {
            throw new IllegalArgumentException("--mem=" + mem + " is too little for a worker JVM, which needs about"
                    + " " + RESERVE_MIB + "M besides its heap; request at least " + MIN_MIB + "M");
        }
        return List.of("-Xmx" + Math.min(mib * 3 / 4, mib - RESERVE_MIB) + "m");
    }

    /** Slurm's memory syntax in MiB: K, M, G and T are powers of 1024 in either case; no unit is M. */
    static long parse(String mem) {
        Matcher m = SIZE.matcher(mem.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("--mem=" + mem + " is not a Slurm memory size; write e.g. 4G or 4096"
                    + " (MiB)");
        }
        long number = Long.parseLong(m.group(1));
        return switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> (number + 1023) / 1024;
            case "G" -> number << 10;
            case "T" -> number << 20;
            default -> number;
        };
    }
}
