package io.github.qmr.maven;

import io.github.qmr.maven.cache.RerunPlan;
import io.github.qmr.runtime.workdir.ClasspathStager;
import io.github.qmr.runtime.Plan;
import io.github.qmr.runtime.Reducer;
import io.github.qmr.runtime.queue.BatchQueue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A map ready to start: everything decided before the pool is built.
 *
 * @param loader the project's classes, for the task source, the reducer and Kryo reading results
 * @param tasks every task, those that take a kept result included
 * @param rerun which tasks run and which take a kept result
 * @param functionKey what computes a task's result now ({@link MapInputs#functionKey})
 * @param reducer the reducer; null: none
 * @param plan the settings resolved for the queue, before the pool resolves them with the staged classpath
 * @param classpath the workers' classpath as staged in the work dir
 * @param taskTime about how long one task took in the pre-flight; null when none ran
 * @param out this execution's output folder
 */
record PreparedMap(ClassLoader loader, Class<?> function, List<?> tasks, RerunPlan rerun, String functionKey,
        Reducer<Object, Object, Object> reducer, BatchQueue queue, Plan plan,
        List<ClasspathStager.Staged> classpath, Duration taskTime, Path out) {
    /** The tasks that run, in their order. */
    List<?> toRun() {
        return Reruns.subset(tasks, rerun.toRun());
    }

    Path resultsFile() {
        return out.resolve(MapRunner.RESULTS);
    }

    /** The JUnit report's suite, {@code qmr.<execution id>}. */
    String suite(MapGoal goal) {
        return "qmr." + goal.executionId();
    }

    Path junitFile(MapGoal goal) {
        return out.resolve("TEST-" + suite(goal) + ".xml");
    }
}
