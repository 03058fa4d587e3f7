package io.github.qmr.runtime;

import java.io.PrintStream;

/** Receives a map's events on the thread that runs the map. */
@FunctionalInterface
public interface MapListener {
    void onEvent(MapEvent event);

    static MapListener none() {
        return event -> {};
    }

    /** Prints each event as one line. */
    static MapListener printingTo(PrintStream out) {
        return event -> out.println(event);
    }
}
