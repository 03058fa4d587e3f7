package io.github.qmr.runtime.session;

import io.github.qmr.runtime.clock.Ticker;
import io.github.qmr.runtime.workdir.SessionDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A session is held by the process that runs it: its lease file names the host, pid and start time of that process
 * and a count, which a thread of the session rewrites every {@link #REFRESH} for as long as the session runs, however
 * long its caller takes between results. Another run of the same map tells a live session (refused: two runs would
 * compete for its chunks) from one whose process is gone (adopted): on the same host it asks for the process; from
 * another host (a shared file system) it watches the lease and takes it as gone only once it has seen it unchanged
 * for {@link #TIMEOUT} on its own clock (see {@link Liveness}). Neither host's clock nor the file's time stamp enters,
 * so hosts whose clocks disagree judge alike.
 */
public final class Lease {
    /**
     * How long a watcher must see a lease from another host unchanged before it takes it as left by a dead process:
     * four renewals, plus a network file system's cache time.
     */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** How often the session rewrites its lease. */
    static final Duration REFRESH = Duration.ofSeconds(15);

    private final SessionDir dir;
    private final String holder;
    private long count;
    private boolean released;
    private Thread renewer;

    private Lease(SessionDir dir, String holder) {
        this.dir = dir;
        this.holder = holder;
    }

    /** Takes the lease of a new session for this process and renews it every {@link #REFRESH} until released. */
    public static Lease take(SessionDir dir) {
        return take(dir, REFRESH);
    }

    static Lease take(SessionDir dir, Duration every) {
        ProcessHandle me = ProcessHandle.current();
        long start = me.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        Lease lease = new Lease(dir, host() + " " + me.pid() + " " + start);
        dir.writeText(dir.leaseFile(), lease.holder + " 0\n", false);
        Thread thread = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(every.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                if (!lease.renew()) {
                    return;
                }
            }
        }, "qmr-lease-" + dir.sessionId());
        thread.setDaemon(true);
        lease.renewer = thread;
        thread.start();
        return lease;
    }

    /** Rewrites the lease with the next count; false once released. A lease that cannot be written is left as is. */
    private synchronized boolean renew() {
        if (released) {
            return false;
        }
        try {
            dir.writeText(dir.leaseFile(), holder + " " + ++count + "\n", false);
        } catch (UncheckedIOException e) {
            // the session folder's own checks report a vanished folder; the lease is only a sign to other runs
        }
        return true;
    }

    /** Gives the lease up: the session ended or was stopped, and may be adopted. */
    synchronized void release() {
        released = true;
        renewer.interrupt();
        try {
            Files.deleteIfExists(dir.leaseFile());
        } catch (IOException e) {
            // left behind, it still reads as gone once this process has ended
        }
    }

    /**
     * What became of an earlier session's lease.
     *
     * @param holder who holds it, e.g. {@code host node7, pid 4242, since 2026-11-27T04:00:00Z}; null: not held
     * @param note for a lease taken as left by a dead process: why, and how to skip the wait next time; else null
     */
    public record Judgement(String holder, String note) {
        static final Judgement FREE = new Judgement(null, null);
    }

    /**
     * Who holds a session's lease, at a glance and without waiting (for {@code qmr:status}): on this host, asked of
     * the process itself; from another host, what the lease says, marked as not checked (only watching it change can
     * tell, see {@link #judge}). Null: not held.
     */
    public static String glance(SessionDir session) {
        String[] parts = parts(read(session.leaseFile()));
        if (parts == null) {
            return null;
        }
        if (parts[0].equals(host())) {
            return sameHost(parts, session).holder();
        }
        return who(parts) + " (another host: alive while its lease changes; renewed #" + parts[parts.length - 1]
                + ")";
    }

    /**
     * The process a lease left behind names, when that process is gone: on this host, one killed (or lost) without
     * releasing it, since a session that ends or is stopped deletes its lease. Null when there is no lease, it is
     * held, or it is from another host (see {@link #glance}).
     */
    public static String leftBy(SessionDir session) {
        String[] parts = parts(read(session.leaseFile()));
        if (parts == null || !parts[0].equals(host()) || sameHost(parts, session).holder() != null) {
            return null;
        }
        return who(parts);
    }

    /**
     * Judges the leases of the earlier sessions of a map together (see the class comment): at once for a lease of
     * this host or none; for one from another host after seeing it change (held) or seeing it unchanged for
     * {@link #TIMEOUT} (not held). {@code watching} is told of each lease about to be watched.
     */
    static Map<SessionDir, Judgement> judge(List<SessionDir> earlier, Ticker watch, Consumer<String> watching) {
        return judge(earlier, TIMEOUT, host(), watch, watching);
    }

    static Map<SessionDir, Judgement> judge(List<SessionDir> earlier, Duration bound, String thisHost, Ticker watch,
            Consumer<String> watching) {
        Map<SessionDir, Judgement> judged = new LinkedHashMap<>();
        Map<SessionDir, Liveness.Seen> watched = new LinkedHashMap<>();
        for (SessionDir session : earlier) {
            String[] parts = parts(read(session.leaseFile()));
            if (parts == null) {
                judged.put(session, Judgement.FREE); // none, or not readable: nobody can show they hold it
            } else if (parts[0].equals(thisHost)) {
                judged.put(session, sameHost(parts, session));
            } else {
                watched.put(session, Liveness.look(null, seen(session, parts), watch.nanoTime()));
                watching.accept("session " + session.sessionId() + " of the same map has a lease from host " + parts[0]
                        + " (" + session.leaseFile() + "): watching it for up to " + bound.toSeconds() + " s to see"
                        + " whether its process still renews it");
            }
        }
        try {
            while (!watched.isEmpty()) {
                long now = watch.nanoTime();
                for (SessionDir session : new ArrayList<>(watched.keySet())) {
                    String text = read(session.leaseFile());
                    String[] parts = parts(text);
                    Liveness.Seen seen = watched.get(session);
                    if (parts == null) {
                        judged.put(session, Judgement.FREE); // released meanwhile
                    } else if (!Liveness.look(seen, seen(session, parts), now).equals(seen)) {
                        judged.put(session, new Judgement(who(parts), null));
                    } else if (Liveness.silent(seen, now, bound)) {
                        judged.put(session, new Judgement(null, "the lease of session " + session.sessionId() + " ("
                                + who(parts) + ") did not change for " + Liveness.silentFor(seen, now).toSeconds()
                                + " s: its process is gone, so this run takes the session over. A lease is left"
                                + " behind by a process killed or lost with its host; delete " + session.leaseFile()
                                + " to have the next run take over at once"));
                    } else {
                        continue;
                    }
                    watched.remove(session);
                }
                if (!watched.isEmpty()) {
                    watch.sleep(Duration.ofSeconds(1));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SessionException("interrupted while watching the leases of earlier sessions", e);
        }
        return judged;
    }

    /**
     * What a watcher compares between two looks: the lease's words and its modification time as a number, never set
     * against any clock; a change of either is a renewal (an earlier qmr only touched the time).
     */
    private static String seen(SessionDir session, String[] parts) {
        long modified;
        try {
            modified = Files.getLastModifiedTime(session.leaseFile()).toMillis();
        } catch (IOException e) {
            modified = -1;
        }
        return String.join(" ", parts) + " @" + modified;
    }

    /** Same host: held while that very process (pid and start time) lives. */
    private static Judgement sameHost(String[] parts, SessionDir session) {
        long pid = Long.parseLong(parts[1]);
        long start = Long.parseLong(parts[2]);
        boolean alive = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(p -> p.info().startInstant().map(Instant::toEpochMilli).orElse(0L) == start).orElse(false);
        return alive ? new Judgement(who(parts), null) : Judgement.FREE;
    }

    private static String who(String[] parts) {
        return "host " + parts[0] + ", pid " + parts[1] + ", since " + Instant.ofEpochMilli(Long.parseLong(parts[2]));
    }

    /** host, pid, start millis and (from this version) the count; null when there is no lease or it is damaged. */
    private static String[] parts(String text) {
        if (text == null) {
            return null;
        }
        String[] parts = text.strip().split(" ");
        if (parts.length < 3 || parts.length > 4) {
            return null;
        }
        try {
            Long.parseLong(parts[1]);
            Long.parseLong(parts[2]);
        } catch (NumberFormatException e) {
            return null;
        }
        return parts;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
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
