package io.github.qmr.runtime.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This JVM's peak resident memory: {@code VmHWM} of {@code /proc/self/status} (Linux; what a cgroup or the OOM
 * killer measures, heap and everything else). The kernel keeps the peak, so one read at any time tells the most
 * the process has held so far.
 */
final class PeakMemory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private PeakMemory() {}

    /** The peak resident memory in bytes, or -1 where the system does not tell it. */
    static long bytes() {
        try {
            return parse(Files.readString(STATUS));
        } catch (IOException | RuntimeException e) {
            return -1; // not Linux: no figure rather than a wrong one
        }
    }

    /** {@code VmHWM:   123456 kB} of a {@code /proc/PID/status} text, in bytes; -1 if the line is missing. */
    static long parse(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmHWM:")) {
                String[] words = line.substring("VmHWM:".length()).strip().split("\\s+");
                return Long.parseLong(words[0]) * 1024;
            }
        }
        return -1;
    }
}
