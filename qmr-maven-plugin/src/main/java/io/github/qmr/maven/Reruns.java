package io.github.qmr.maven;

import io.github.qmr.maven.cache.KeptResults;
import io.github.qmr.maven.cache.RerunPlan;
import io.github.qmr.maven.cache.TaskId;
import io.github.qmr.outputs.Counts;
import io.github.qmr.maven.uptodate.MapKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Which tasks of a map that is not up to date run, and which take the results the last run kept. */
final class Reruns {
    private Reruns() {}

    /**
     * Which tasks run and which take the results kept in the output folder (read now: the folder is emptied before
     * the map writes it). Said in the log with counts.
     */
    static RerunPlan plan(MapGoal request, Path out, List<?> tasks, String functionKey, ClassLoader loader,
            BuildLog log) {
        if (request.force()) {
            return RerunPlan.all(tasks.size());
        }
        TaskId.Maker ids = new TaskId.Maker(loader);
        KeptResults kept = KeptResults.read(out.resolve(MapRunner.RESULTS), ids, loader);
        if (kept.problem() != null) {
            log.info("every task runs: " + kept.problem());
        }
        if (kept.byTask().isEmpty() && kept.failed().isEmpty()) {
            return RerunPlan.all(tasks.size());
        }
        List<TaskId> taskIds = new ArrayList<>(tasks.size());
        for (Object task : tasks) {
            taskIds.add(ids.of(task));
        }
        RerunPlan plan = RerunPlan.decide(taskIds, kept.byTask(), kept.failed(), functionKey, request.rerun());
        if (plan.kept() == 0) {
            log.info("every task runs: " + (kept.byTask().isEmpty() ? "none succeeded in the last run"
                    : "no result kept in " + out + " was computed by the function key now, "
                    + MapKey.shortForm(functionKey) + " (the function, a class it reaches,"
                    + " a jar or a JVM setting changed; -Dqmr.rerun=failed runs only the failed tasks)"));
            return plan;
        }
        log.info(Counts.keptLine(tasks.size(), plan.kept()) + " (results kept in " + out
                + " from the last run, for the same task parameters and function key "
                + MapKey.shortForm(functionKey) + ": the function, the classes it reaches,"
                + " the jars and the JVM settings; -Dqmr.force computes all)");
        if (plan.fromEarlierFunction() > 0) {
            log.warn(plan.fromEarlierFunction() + " of the kept results were computed by an earlier version of the"
                    + " function or its classes (-Dqmr.rerun=failed); a run without it computes them again");
        }
        return plan;
    }

    /** The tasks at {@code indices}, in their order; the list itself when that is all of it. */
    static List<?> subset(List<?> tasks, List<Integer> indices) {
        if (indices.size() == tasks.size()) {
            return tasks;
        }
        return new java.util.AbstractList<Object>() {
            @Override
            public Object get(int i) {
                return tasks.get(indices.get(i));
            }

            @Override
            public int size() {
                return indices.size();
            }
        };
    }
}
