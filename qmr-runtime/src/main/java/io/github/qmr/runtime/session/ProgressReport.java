package io.github.qmr.runtime.session;

import io.github.qmr.runtime.clock.Ticker;
import java.time.Duration;

/** Says the session's progress when a count changed, or when asked to. */
final class ProgressReport {
    private final Ticker ticker;
    private final long startNanos;
    private final SessionEvents events;
    private String last = "";

    ProgressReport(SessionEvents events, Ticker ticker) {
        this.events = events;
        this.ticker = ticker;
        this.startNanos = ticker.nanoTime();
    }

    void say(ChunkTable table, Monitor monitor, boolean force) {
        // the monitor counts at its last poll; results taken since then make fewer chunks open
        int open = table.unresolvedCount();
        int running = Math.min(monitor.running(), open);
        SessionEvents.Progress p = table.progress(Math.min(monitor.pending(), open - running), running,
                Duration.ofNanos(ticker.nanoTime() - startNanos));
        String key = p.pending() + "/" + p.running() + "/" + p.done() + "/" + p.failed() + "/" + p.notRun();
        if (force || !key.equals(last)) {
            last = key;
            events.progress(p);
        }
    }
}
