package io.github.qmr.outputs.report;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What a {@code report.html} written before its map ended says of it ({@link LiveReport}): a banner at the top
 * ({@code running: 12 of 40 tasks done, as of 2026-12-07T18:03:12Z}) and, while the map runs, a reload of the page
 * in the browser; or, when the map stopped before it finished, that it did (no reload). The final report has neither.
 *
 * @param done the tasks done: with a result, a failure, or not run
 * @param shown of those, the ones the page shows: the first in task order (a result is shown once those before it
 *     are in, as the map reads them)
 * @param tasks every task of the map
 * @param asOf when these counts were taken
 * @param reload how often the browser reloads the page; null when the map stopped before it finished
 */
public record Running(long done, long shown, long tasks, Instant asOf, Duration reload) {
    /**
     * A map's time spent writing its page stays under 1/{@value} of its wall time: the least pause after a write, in
     * writes' times.
     */
    static final int PAUSE_PER_WRITE = 20;

    /**
     * The pause before the next write of the page: {@code every}, or longer after a slow write ({@value
     * #PAUSE_PER_WRITE} times its time), so a big map's page, however long it takes to write, costs at most 5 % of
     * the map's time.
     */
    public static Duration pause(Duration every, Duration lastWrite) {
        Duration scaled = lastWrite.multipliedBy(PAUSE_PER_WRITE);
        return scaled.compareTo(every) > 0 ? scaled : every;
    }

    /** The least time between two reloads in the browser, in seconds: a page that changes faster is not read. */
    static final long LEAST_RELOAD_SECONDS = 5;

    /** The browser's reload interval in whole seconds, at least {@value #LEAST_RELOAD_SECONDS}. */
    long reloadSeconds() {
        return Math.max(LEAST_RELOAD_SECONDS, (reload.toMillis() + 999) / 1000);
    }

    /** The banner's text. */
    String banner() {
        String counts = done + " of " + tasks + " tasks done, as of " + asOf.truncatedTo(ChronoUnit.SECONDS);
        String shownPart = shown < done ? " This page shows the first " + shown + " in task order (a result shows"
                + " once those before it are in)." : "";
        if (reload == null) {
            return "stopped: " + counts + "." + shownPart + " The map ended before it finished (its log says why);"
                    + " running the same map again resumes it.";
        }
        return "running: " + counts + "." + shownPart + " The page reloads every " + reloadSeconds() + " s and the"
                + " final report replaces it when the map ends; if the time above stops moving, nothing runs the"
                + " map any more.";
    }
}
