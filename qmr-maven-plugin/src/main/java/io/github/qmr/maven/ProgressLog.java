package io.github.qmr.maven;

import io.github.qmr.runtime.MapEvent;
import io.github.qmr.runtime.MapListener;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Turns a map's events into build log lines: every notice, and progress at most once per interval (plus the first
 * and the last), so a long map does not flood the log. Progress lines carry an estimate of the time left.
 */
final class ProgressLog implements MapListener {
    private final BuildLog log;
    private final long intervalNanos;
    private final LongSupplier clock;
    private long lastNanos;
    private boolean any;

    /** The default time between two progress lines. */
    static final Duration INTERVAL = Duration.ofSeconds(10);

    /** {@code <progressInterval>}: blank is the default. */
    static Duration interval(String text) throws ConfigurationException {
        return text == null || text.isBlank() ? INTERVAL : ConfigurationException.duration("progressInterval", text);
    }

    ProgressLog(BuildLog log, Duration interval) {
        this(log, interval, System::nanoTime);
    }

    ProgressLog(BuildLog log, Duration interval, LongSupplier clock) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
    }

    @Override
    public void onEvent(MapEvent event) {
        if (event instanceof MapEvent.Notice n) {
            if (n.warning()) {
                log.warn(n.text());
            } else {
                log.info(n.text());
            }
        } else if (event instanceof MapEvent.Progress p) {
            long now = clock.getAsLong();
            boolean last = p.done() + p.failed() + p.notRun() == p.chunks();
            if (!any || last || now - lastNanos >= intervalNanos) {
                any = true;
                lastNanos = now;
                log.info(line(p));
            }
        }
    }

    static String line(MapEvent.Progress p) {
        int finished = p.done() + p.failed() + p.notRun();
        StringBuilder s = new StringBuilder("chunks: ").append(p.done()).append('/').append(p.chunks())
                .append(" done, ").append(p.running()).append(" running, ").append(p.pending()).append(" pending, ")
                .append(p.failed()).append(" failed");
        if (p.notRun() > 0) {
            s.append(", ").append(p.notRun()).append(" not run");
        }
        if (p.tasks() >= 0) {
            s.append(" (tasks: ").append(p.tasksDone()).append('/').append(p.tasks()).append(" done)");
        }
        s.append("; ").append(seconds(p.elapsed())).append(" elapsed");
        // chunks taken over from an earlier run took no time here: the estimate uses this run's pace only
        int finishedHere = finished - p.reused();
        if (finishedHere > 0 && finished < p.chunks()) {
            Duration left = p.elapsed().multipliedBy(p.chunks() - finished).dividedBy(finishedHere);
            s.append(", about ").append(seconds(left)).append(" left");
        }
        return s.toString();
    }

    static String seconds(Duration d) {
        long s = d.toSeconds();
        return s < 120 ? s + " s" : s < 7200 ? (s / 60) + " min" : (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }
}
