package io.github.qmr.maven;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;

/** For the benchmark in another package: a GoalFixture for a two-parameter sweep on the local queue, run. */
public final class MapRunnerAccess {
    private MapRunnerAccess() {}

    public static MapRunner.Outcome sweep(Path basedir, String function, String p1, String v1, String p2, String v2,
            List<Path> qmrClasspath, List<Path> projectClasspath, BuildLog log) throws Exception {
        GoalFixture r = new GoalFixture();
        r.executionId = "bench";
        r.basedir = basedir;
        r.queue = "local";
        r.function = function;
        r.qmrClasspath = qmrClasspath;
        r.projectClasspath = projectClasspath;
        r.force = true;
        LinkedHashMap<String, String> sweep = new LinkedHashMap<>();
        sweep.put(p1, v1);
        sweep.put(p2, v2);
        r.sweep = sweep;
        return new MapRunner(log).run(r.goal());
    }
}
