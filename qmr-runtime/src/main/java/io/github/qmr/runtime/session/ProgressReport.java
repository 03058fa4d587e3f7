package io.github.qmr.runtime.session;

import java.time.Duration;

/** Says the session's progress when a count changed, or when asked to. */
final class ProgressReport {
    private final long startNanos = System.nanoTime();
    private final SessionEvents events;
    private String last = "";

    ProgressReport(SessionEvents events) {
        this.events = events;
    }

    void say(ChunkTable table, Monitor monitor, boolean force) {
        // the monitor counts at its last poll; results taken since then make fewer chunks open
        int open = table.unresolvedCount();
        int running = Math.min(monitor.running(), open);
        SessionEvents.Progress p = table.progress(Math.min(monitor.pending(), open - running), running,
                Duration.ofNanos(System.nanoTime() - startNanos));
        String key = p.pending() + "/" + p.running() + "/" + p.done() + "/" + p.failed() + "/" + p.notRun();
        if (force || !key.equals(last)) {
            last = key;
            events.progress(p);
        }
    }
}
