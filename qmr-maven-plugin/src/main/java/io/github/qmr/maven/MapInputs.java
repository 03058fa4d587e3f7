package io.github.qmr.maven;

import io.github.qmr.maven.uptodate.CodeKey;
import io.github.qmr.maven.uptodate.ContentDigest;
import io.github.qmr.maven.uptodate.MapKey;
import io.github.qmr.runtime.WorkerSetup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link MapGoal} as the inputs of its keys: the function key (what computes each task's result) and
 * the {@link MapKey} (what decides whether a rerun has work to do at all).
 */
final class MapInputs {
    private MapInputs() {}

    /**
     * What computes a task's result, as one SHA-256: the qmr version, the function class and the project classes it
     * reaches ({@link CodeKey}: the jars by content, the reached classes of the class folders), and the settings
     * that can change a result (java, JVM options, the environment). Not the reducer, the tasks or how the work is
     * spread (queue, workers, chunking).
     */
    static String functionKey(MapGoal r) {
        Map<String, String> settings = new LinkedHashMap<>();
        Path java = r.workerSetup().java();
        // this JVM's java is known by its version too: a JDK updated in place computes anew
        settings.put("java", java.equals(WorkerSetup.defaults().java())
                ? System.getProperty("java.home") + " " + System.getProperty("java.version") : java.toString());
        settings.put("jvmOptions", String.valueOf(r.workerSetup().jvmOptions()));
        settings.put("environment", String.valueOf(r.environment().variables()));
        settings.put("environmentAllow", String.valueOf(r.environment().allow()));
        settings.put("environmentDeny", String.valueOf(r.environment().deny()));
        settings.put("environmentSecrets", String.valueOf(r.environment().secrets()));
        return new MapKey(r.qmrVersion(), r.function(), null, "", List.of(code(r, r.function())), settings).hash();
    }

    /**
     * @param sourceTasksDigest the {@link io.github.qmr.maven.uptodate.TaskDigest} of a task source's tasks; null for
     *     a sweep or a tasks file, which are digested as declared
     * @param functionKey {@link #functionKey}
     */
    static MapKey key(MapGoal r, String sourceTasksDigest, String functionKey) {
        String tasks;
        if (r.tasks().sweep() != null) {
            StringBuilder s = new StringBuilder("sweep");
            r.tasks().sweep().forEach((name, values) -> s.append(' ').append(name.strip()).append('=')
                    .append(values.strip()).append(';'));
            tasks = s.toString();
        } else if (r.tasks().tasksFile() != null) {
            tasks = "tasksFile " + ContentDigest.of(r.tasks().tasksFile());
        } else {
            tasks = "taskSource " + r.tasks().taskSource() + " " + sourceTasksDigest;
        }
        String reducer = r.reducer();
        List<String> code = new ArrayList<>();
        code.add("function " + functionKey);
        if (reducer != null) {
            code.add("reducer " + code(r, reducer));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("maxFailedTasks", Integer.toString(r.threshold().maxFailedTasks()));
        // results kept from an earlier function (rerun=failed) are not those of a default run
        settings.put("rerun", r.rerun().text());
        Path compareResults = r.report().compareResults();
        if (compareResults != null) {
            // the report compares with that run as it is now; a change of it writes the outputs again (no task runs:
            // every result is kept)
            settings.put("compareWith", compareResults.toAbsolutePath() + " " + ContentDigest.of(compareResults));
            settings.put("compareTolerance", String.valueOf(r.report().compareTolerance()));
        }
        return new MapKey(r.qmrVersion(), r.function(), reducer, tasks, code, settings);
    }

    private static String code(MapGoal r, String rootClass) {
        return CodeKey.of(Set.of(rootClass.strip()), r.classpath(), r.jarDigests());
    }
}
