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
    /** A task this long or longer is followed by a reading; reading costs some microseconds, so shorter ones... */
    private static final long READ_AFTER_NANOS = 1_000_000;
    /** ...are followed by one only every this many tasks (and the chunk's last one always). */
    private static final int READ_EVERY = 256;

    private long last = -2;
    private int sinceRead;

    PeakMemory() {}

    /**
     * After a task that ran {@code nanos}: the peak to record before its outcome when it grew since the last one
     * recorded, else -1 (nothing to record). Reads {@code /proc/self/status} after a task of 1 ms or more, after
     * the first and last of a chunk, and every 256th task.
     */
    long afterTask(long nanos, boolean last) {
        if (nanos < READ_AFTER_NANOS && !last && this.last != -2 && ++sinceRead < READ_EVERY) {
            return -1;
        }
        sinceRead = 0;
        long peak = bytes();
        if (peak < 0 || peak == this.last) {
            this.last = peak < 0 ? -1 : peak;
            return -1;
        }
        this.last = peak;
        return peak;
    }

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
