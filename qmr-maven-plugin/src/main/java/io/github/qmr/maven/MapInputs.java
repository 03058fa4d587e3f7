package io.github.qmr.maven;

import io.github.qmr.maven.uptodate.ContentDigest;
import io.github.qmr.maven.uptodate.MapKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A validated {@link MapRequest} as the inputs of its {@link MapKey}: what decides whether a rerun has work to do. */
final class MapInputs {
    private MapInputs() {}

    /**
     * @param sourceTasksDigest the {@link io.github.qmr.maven.uptodate.TaskDigest} of a task source's tasks; null for
     *     a sweep or a tasks file, which are digested as declared
     */
    static MapKey key(MapRequest r, String sourceTasksDigest) {
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
        List<String> classpath = new ArrayList<>();
        List<Path> entries = new ArrayList<>(r.qmrClasspath);
        entries.addAll(r.projectClasspath);
        for (Path entry : entries) {
            classpath.add(ContentDigest.of(entry));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("java", r.java != null ? r.java.toString()
                : System.getProperty("java.home") + " " + System.getProperty("java.version"));
        settings.put("jvmOptions", String.valueOf(r.jvmOptions));
        settings.put("environment", String.valueOf(r.environmentMap()));
        settings.put("environmentAllow", String.valueOf(r.environmentAllow));
        settings.put("environmentDeny", String.valueOf(r.environmentDeny));
        settings.put("environmentSecrets", String.valueOf(r.environmentSecrets));
        settings.put("maxFailedTasks", Integer.toString(r.maxFailedTasks));
        settings.put("classpathScope", r.classpathScope);
        return new MapKey(r.qmrVersion, r.function.strip(), MapRequest.isBlank(r.reducer) ? null : r.reducer.strip(),
                tasks, classpath, settings);
    }
}
