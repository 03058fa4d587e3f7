package io.github.qmr.runtime.worker;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where a worker runs, as its results record it: the host's name and the queue-job's id. */
final class WorkerHost {
    private WorkerHost() {}

    /**
     * This worker's host name: the kernel's on Linux (a file read; resolving it through DNS could hang where the
     * name service is slow), else {@code HOSTNAME}, else the JDK's.
     */
    static String name() {
        String known = hostName;
        if (known == null) {
            hostName = known = readHost(); // read once: a worker runs hundreds of chunks, each records it
        }
        return known;
    }

    private static volatile String hostName;

    private static String readHost() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux: the next sources
        }
        String name = System.getenv("HOSTNAME");
        if (name != null && !name.isBlank()) {
            return name;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /**
     * The queue-job this worker runs in, as the launcher exported it from the queue's own variables
     * ({@code QMR_JOB_ID}, see {@code BatchQueue.jobLines()}); null when there is none (the local queue).
     */
    static String jobId(java.util.Map<String, String> env) {
        String id = env.get("QMR_JOB_ID");
        return id == null || id.isBlank() ? null : id;
    }
}
