package io.github.qmr.runtime;

import java.io.PrintStream;

/** Receives a map's events on the thread that runs the map. */
@FunctionalInterface
public interface MapListener {
    void onEvent(MapEvent event);

    static MapListener none() {
        return event -> {};
    }

    /** Prints progress and notices, one line each (not the job events, which a log of its own can collect). */
    static MapListener printingTo(PrintStream out) {
        return event -> {
            // one line per job would drown the rest (an array of 100 workers is 100 jobs); the notices say what matters
            if (event instanceof MapEvent.Progress || event instanceof MapEvent.Notice) {
                out.println(event);
            }
        };
    }
}
