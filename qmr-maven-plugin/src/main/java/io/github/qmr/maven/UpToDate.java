package io.github.qmr.maven;

import io.github.qmr.maven.uptodate.MapKey;
import io.github.qmr.maven.uptodate.OutputStamp;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Whether a map has anything to do: its output was made from the same inputs ({@link MapKey}) and is intact
 * ({@link OutputStamp}). Then the goal says so and gives the earlier outcome, and writes nothing.
 */
final class UpToDate {
    private UpToDate() {}

    /** The earlier outcome when the map is up to date and not forced; else null (and the log says why, if useful). */
    static MapRunner.Outcome earlierOutcome(MapGoal request, String key, BuildLog log) {
        Path out = request.resultsDirectory();
        String shortKey = MapKey.shortForm(key);
        if (request.force()) {
            log.info("running the map although its output may be up to date: <force> / -Dqmr.force (key " + shortKey
                    + ")");
            return null;
        }
        String why = OutputStamp.staleness(out, key, MapRunner.RESULTS);
        if (why != null) {
            if (OutputStamp.read(out) == null) {
                log.debug("running the map: " + why);
            } else {
                log.info("running the map: " + why);
            }
            return null;
        }
        OutputStamp stamp = OutputStamp.read(out);
        if (request.rerun() == io.github.qmr.maven.cache.Rerun.FAILED && stamp.failed() > 0) {
            log.info("running the " + stamp.failed() + " failed " + (stamp.failed() == 1 ? "task" : "tasks")
                    + " again: -Dqmr.rerun=failed (the rest take their kept results)");
            return null;
        }
        log.info("up to date (key " + shortKey + "): " + out + " holds the results of these inputs (the function"
                + " and the classes it reaches, the jars, the tasks, the reducer, the settings that change results);"
                + " not run again. -Dqmr.force reruns it");
        Path reduced = out.resolve(MapRunner.REDUCED);
        return new MapRunner.Outcome(request.executionId(), stamp.tasks(), stamp.failed(), out,
                out.resolve(MapRunner.RESULTS), null, java.nio.file.Files.isRegularFile(reduced) ? reduced : null);
    }

    /** Records that the output folder is complete for {@code key}: written last, after every other output file. */
    static void stamp(MapRunner.Outcome outcome, String key) throws IOException {
        OutputStamp.write(outcome.resultsDirectory(), key, outcome.tasks(), outcome.failed());
    }
}
