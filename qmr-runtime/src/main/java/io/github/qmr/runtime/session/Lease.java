package io.github.qmr.runtime.session;

import io.github.qmr.runtime.workdir.SessionDir;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

/**
 * A session is held by the process that runs it: its lease file names the host, pid and start time of that process
 * and is touched by the monitor loop, so another run of the same map can tell a live session (refused: two runs would
 * compete for its chunks) from one whose process is gone (adopted). On the same host the process itself is asked;
 * from another host (a shared file system) a lease not touched for {@link #TIMEOUT} is taken as gone.
 */
public final class Lease {
    /** How long a lease seen from another host stays live without being touched. */
    public static final Duration TIMEOUT = Duration.ofSeconds(90);
    /** How often the monitor touches it. */
    static final Duration REFRESH = Duration.ofSeconds(15);

    private final Path file;
    private long lastRefreshNanos;

    private Lease(Path file) {
        this.file = file;
    }

    /** Takes the lease of a new session for this process. */
    public static Lease take(SessionDir dir) {
        ProcessHandle me = ProcessHandle.current();
        long start = me.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        dir.writeText(dir.leaseFile(), host() + " " + me.pid() + " " + start + "\n", false);
        Lease lease = new Lease(dir.leaseFile());
        lease.lastRefreshNanos = System.nanoTime();
        return lease;
    }

    /** Touches the lease, at most every {@link #REFRESH}; a lease that cannot be touched is left to expire. */
    void refresh() {
        long now = System.nanoTime();
        if (now - lastRefreshNanos < REFRESH.toNanos()) {
            return;
        }
        lastRefreshNanos = now;
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // the session folder's own checks report a vanished folder; a lease is only a hint to other runs
        }
    }

    /** Gives the lease up: the session ended or was stopped, and may be adopted. */
    void release() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // left behind, it still reads as gone once this process has ended
        }
    }

    /**
     * Who holds an earlier session's lease, e.g. {@code host node7, pid 4242, since 2026-11-27T04:00:00Z}; null when
     * it is not held (no lease, the process is gone, or a lease from another host not touched for {@link #TIMEOUT}).
     */
    public static String holder(SessionDir earlier) {
        Path file = earlier.leaseFile();
        try {
            if (!Files.exists(file)) {
                return null;
            }
            String[] parts = Files.readString(file, StandardCharsets.UTF_8).strip().split(" ");
            Instant touched = Files.getLastModifiedTime(file).toInstant();
            return holder(parts, touched, Instant.now(), host());
        } catch (IOException | RuntimeException e) {
            return null; // unreadable: nobody can show they hold it
        }
    }

    /** The rule, apart from the file system: {@code parts} are host, pid, start millis. */
    static String holder(String[] parts, Instant touched, Instant now, String thisHost) {
        if (parts.length != 3) {
            return null;
        }
        String host = parts[0];
        long pid = Long.parseLong(parts[1]);
        long start = Long.parseLong(parts[2]);
        String who = "host " + host + ", pid " + pid + ", since " + Instant.ofEpochMilli(start);
        if (host.equals(thisHost)) {
            boolean alive = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .map(p -> p.info().startInstant().map(Instant::toEpochMilli).orElse(0L) == start).orElse(false);
            return alive ? who : null;
        }
        return Duration.between(touched, now).compareTo(TIMEOUT) < 0 ? who : null;
    }

    /** This host's name, without a DNS lookup where the kernel says it. */
    static String host() {
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) {
                return Files.readString(kernel, StandardCharsets.UTF_8).strip();
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
