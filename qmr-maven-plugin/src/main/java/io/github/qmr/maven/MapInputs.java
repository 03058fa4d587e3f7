package io.github.qmr.maven;

import io.github.qmr.maven.uptodate.CodeKey;
import io.github.qmr.maven.uptodate.ContentDigest;
import io.github.qmr.maven.uptodate.MapKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated {@link MapRequest} as the inputs of its keys: the function key (what computes each task's result) and
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
    static String functionKey(MapRequest r) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("java", r.java != null ? r.java.toString()
                : System.getProperty("java.home") + " " + System.getProperty("java.version"));
        settings.put("jvmOptions", String.valueOf(r.jvmOptions));
        settings.put("environment", String.valueOf(r.environmentMap()));
        settings.put("environmentAllow", String.valueOf(r.environmentAllow));
        settings.put("environmentDeny", String.valueOf(r.environmentDeny));
        settings.put("environmentSecrets", String.valueOf(r.environmentSecrets));
        return new MapKey(r.qmrVersion, r.function.strip(), null, "", List.of(code(r, r.function)), settings).hash();
    }

    /**
     * @param sourceTasksDigest the {@link io.github.qmr.maven.uptodate.TaskDigest} of a task source's tasks; null for
     *     a sweep or a tasks file, which are digested as declared
     * @param functionKey {@link #functionKey}
     */
    static MapKey key(MapRequest r, String sourceTasksDigest, String functionKey) {
        String tasks;
        if (r.sweepMap() != null) {
            StringBuilder s = new StringBuilder("sweep");
            r.sweepMap().forEach((name, values) -> s.append(' ').append(name.strip()).append('=')
                    .append(values.strip()).append(';'));
            tasks = s.toString();
        } else if (r.tasksFile != null) {
            tasks = "tasksFile " + ContentDigest.of(r.resolve(r.tasksFile));
        } else {
            tasks = "taskSource " + r.taskSource.strip() + " " + sourceTasksDigest;
        }
        String reducer = MapRequest.isBlank(r.reducer) ? null : r.reducer.strip();
        List<String> code = new ArrayList<>();
        code.add("function " + functionKey);
        if (reducer != null) {
            code.add("reducer " + code(r, reducer));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("maxFailedTasks", Integer.toString(r.maxFailedTasks));
        // results kept from an earlier function (rerun=failed) are not those of a default run
        settings.put("rerun", r.rerunMode().text());
        if (r.compareResults() != null) {
            // the report compares with that run as it is now; a change of it writes the outputs again (no task runs:
            // every result is kept)
            settings.put("compareWith", r.compareResults().toAbsolutePath() + " "
                    + ContentDigest.of(r.compareResults()));
            settings.put("compareTolerance", String.valueOf(r.compareTolerance));
        }
        return new MapKey(r.qmrVersion, r.function.strip(), reducer, tasks, code, settings);
    }

    private static String code(MapRequest r, String rootClass) {
        List<Path> entries = new ArrayList<>(r.qmrClasspath);
        entries.addAll(r.projectClasspath);
        return CodeKey.of(Set.of(rootClass.strip()), entries, r.jarDigests);
    }
}
