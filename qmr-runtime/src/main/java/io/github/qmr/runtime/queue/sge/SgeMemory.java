package io.github.qmr.runtime.queue.sge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes the worker JVM to a job's virtual memory limit ({@code h_vmem}, or {@code s_vmem}), so the JVM neither
 * fails to start under the limit nor is killed by it.
 *
 * <p>The rule: {@code -Xmx = min(limit - 512 MiB, 2/3 of limit)}, with the code cache and compressed class space
 * capped at 64 MiB, because a JVM reserves about 450-550 MiB of address space besides its heap. Measured on this
 * project's SGE with JDK 17: 768M gives 256m, 1G 512m, 2G 1365m, 8G 5461m, 16G 10922m, all start; 1G with 600m
 * and 4G with 3400m do not. A limit below 768M is refused before submission.
 */
final class SgeMemory {
    static final long MIN_LIMIT = 768L << 20;
    private static final long OVERHEAD = 512L << 20;
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)([kKmMgGtT]?)");

    private SgeMemory() {}

    /** The JVM options for the memory limit among the resources, or none when there is no limit. */
    static List<String> jvmOptions(java.util.Map<String, String> resources) {
        String limit = resources.getOrDefault("h_vmem", resources.get("s_vmem"));
        if (limit == null) {
            return List.of();
        }
        String name = resources.containsKey("h_vmem") ? "h_vmem" : "s_vmem";
        long bytes = parse(name, limit);
        if (bytes < MIN_LIMIT) {
            throw new IllegalArgumentException(name + "=" + limit + " is too little for a JVM, which reserves about"
                    + " 512M of address space besides its heap; request at least 768M");
        }
        long heapMiB = Math.min(bytes - OVERHEAD, bytes * 2 / 3) >> 20;
        List<String> options = new ArrayList<>();
        options.add("-Xmx" + heapMiB + "m");
        options.add("-XX:ReservedCodeCacheSize=64m");
        options.add("-XX:CompressedClassSpaceSize=64m");
        return options;
    }

    /** SGE's memory syntax: k/m/g/t are powers of 1000, K/M/G/T of 1024; no suffix is bytes. */
    static long parse(String name, String value) {
        Matcher m = SIZE.matcher(value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(name + "=" + value + " is not a memory size; write e.g. 4G or 512M");
        }
        double number = Double.parseDouble(m.group(1));
        String unit = m.group(2);
        boolean binary = !unit.isEmpty() && Character.isUpperCase(unit.charAt(0));
        int power = unit.isEmpty() ? 0 : "kmgt".indexOf(unit.toLowerCase(Locale.ROOT)) + 1;
        return (long) (number * Math.pow(binary ? 1024 : 1000, power));
    }
}
