package io.github.qmr.runtime.session;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether a file that a live process keeps changing (a worker's heartbeat, a session's lease) still shows a live
 * writer, judged only by what the watcher itself sees: when, on the watcher's own monotonic clock, it last saw the
 * file change. The writer's clock, and any timestamp it or its file server put on the file, never enter: two hosts
 * whose clocks disagree, or a file system that stamps files with the server's time, judge the same. Pure: the watcher
 * reads the file and passes what it saw and its own time.
 */
public final class Liveness {
    private Liveness() {}

    /**
     * What a watcher saw of the file: its content (or any summary that changes whenever the writer writes, e.g. size
     * and modification time; "" when there is no file yet) and when, on the watcher's clock, that last changed.
     */
    public record Seen(String content, long changedAtNanos) {}

    /**
     * The watcher looks again at {@code nowNanos} and sees {@code content}: a change restarts the silence; the same
     * content keeps the time it was first seen. {@code before} null: the first look, which starts the silence now
     * (nothing is known of the time before it).
     */
    public static Seen look(Seen before, String content, long nowNanos) {
        String c = Objects.requireNonNullElse(content, "");
        if (before == null || !before.content().equals(c)) {
            return new Seen(c, nowNanos);
        }
        return before;
    }

    /** How long the file has been seen unchanged at {@code nowNanos}. */
    public static Duration silentFor(Seen seen, long nowNanos) {
        return Duration.ofNanos(Math.max(0, nowNanos - seen.changedAtNanos()));
    }

    /**
     * How often a watcher reads the file per bound: often enough that a silence is noticed at most a quarter of the
     * bound late, rarely enough that a process node following a thousand workers at a poll interval of 250 ms reads
     * heartbeats some hundreds of times a second less (on the shared file system that every node uses).
     */
    public static final int LOOKS_PER_BOUND = 4;

    /**
     * Whether the watcher should read the file now: on its first look, when {@code nextLookNanos} has come, and
     * always before it would take the writer as gone (only a fresh look may decide that).
     */
    public static boolean due(Seen seen, long nextLookNanos, long nowNanos, Duration bound) {
        return seen == null || nowNanos - nextLookNanos >= 0 || silent(seen, nowNanos, bound);
    }

    /**
     * What a worker that has not beaten yet is given on top of the bound to start: a JVM starting on a loaded node
     * can take many seconds, and a bound of a few seconds (tests set 5 s) would take it as lost before its first beat.
     */
    public static final Duration FIRST_BEAT_ALLOWANCE = Duration.ofSeconds(60);

    /**
     * The bound for a worker's heartbeat: while the file still shows what it held when this worker's attempt began
     * ({@code atStart}: "" for none, or the last beat of the attempt before), the worker has not beaten yet and may
     * still be starting, so it gets {@link #FIRST_BEAT_ALLOWANCE} on top; once it has beaten, the bound alone.
     */
    public static Duration workerBound(Seen seen, String atStart, Duration bound) {
        return beatSince(seen, atStart) ? bound : bound.plus(FIRST_BEAT_ALLOWANCE);
    }

    /** Whether the file was seen to hold anything but {@code atStart}, what it held when the attempt began. */
    public static boolean beatSince(Seen seen, String atStart) {
        return seen != null && !seen.content().equals(atStart);
    }

    /**
     * The writer is taken as gone when the watcher has seen the file unchanged for longer than {@code bound}. The
     * bound must exceed the writer's interval plus the shared file system's cache time (a change can show that late).
     */
    public static boolean silent(Seen seen, long nowNanos, Duration bound) {
        return silentFor(seen, nowNanos).compareTo(bound) > 0;
    }
}
