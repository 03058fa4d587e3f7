package io.github.qmr.maven.classpath;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.artifact.Artifact;

/**
 * The workers' classpath: exactly the project's classpath of its scope (its versions), with qmr-runtime and the
 * libraries qmr-runtime needs (Kryo and Kryo's) in the versions this plugin writes with. Nothing else of the
 * plugin's own dependencies (commons-csv, Jackson, commons-io, ...) reaches the workers or the pre-flight: a
 * project that tests with commons-io 2.11.0 computes with commons-io 2.11.0.
 *
 * <p>Where the project also depends on one of qmr's own artifacts in another version, qmr's version wins (the
 * process node and the workers must read and write with one qmr and one Kryo) and the build says so; where the two
 * cannot stand in for each other (another qmr-runtime, another major version of Kryo) it is an error.
 */
public final class WorkerClasspath {
    /** qmr-runtime's key; the artifacts on its dependency trail in the plugin's resolution are qmr's own. */
    public static final String RUNTIME = "io.github.qmr:qmr-runtime";
    private static final String KRYO = "com.esotericsoftware:kryo";

    private WorkerClasspath() {}

    /** One jar of qmr's own: its coordinates and file. */
    public record Jar(String key, String version, Path file) {}

    /**
     * What the workers load, in order: qmr's jars, then the project's entries.
     *
     * @param qmr the jars of qmr-runtime and its dependencies, from the plugin
     * @param project the project's entries (its classes folder, its dependencies), without qmr's artifacts
     * @param notices what was replaced, one line each, for the build log
     */
    public record Composed(List<Jar> qmr, List<Path> project, List<String> notices) {
        /** Every entry, qmr's first. */
        public List<Path> entries() {
            List<Path> all = new ArrayList<>();
            qmr.forEach(j -> all.add(j.file()));
            all.addAll(project);
            return all;
        }

        /** qmr's jar files. */
        public List<Path> qmrFiles() {
            return qmr.stream().map(Jar::file).toList();
        }
    }

    /** A project dependency that cannot stand beside qmr's own version of it. */
    public static final class ConflictException extends Exception {
        private static final long serialVersionUID = 1L;

        ConflictException(String message) {
            super(message);
        }
    }

    /**
     * qmr-runtime and the artifacts the plugin's resolution reached through it (its dependency trail), never the
     * plugin itself, the fake Grid Engine or the plugin's other libraries.
     *
     * @throws IllegalStateException if the plugin's artifacts do not hold qmr-runtime with Kryo: the workers could
     *         not run, and the plugin's resolution is broken
     */
    public static List<Jar> qmrJars(Collection<Artifact> pluginArtifacts) {
        List<Jar> out = new ArrayList<>();
        for (Artifact a : pluginArtifacts) {
            if (a.getFile() != null && (key(a).equals(RUNTIME) || onTrailOf(a, RUNTIME))) {
                out.add(new Jar(key(a), a.getBaseVersion(), a.getFile().toPath().toAbsolutePath()));
            }
        }
        if (out.stream().noneMatch(j -> j.key().equals(RUNTIME)) || out.stream().noneMatch(j -> j.key().equals(KRYO))) {
            throw new IllegalStateException("cannot tell qmr-runtime and Kryo among the plugin's artifacts ("
                    + pluginArtifacts.stream().map(WorkerClasspath::key).toList() + "; found " + out.stream()
                            .map(Jar::key).toList() + "): the plugin's dependencies were not resolved with their"
                    + " trail; run the build again with -U, and report it if it stays");
        }
        return out;
    }

    /**
     * The workers' classpath.
     *
     * @param qmr qmr's own jars ({@link #qmrJars})
     * @param projectArtifacts the project's resolved artifacts, to tell which entries are qmr's
     * @param projectElements the project's classpath of its scope, in Maven's order
     * @param pluginVersion this plugin's version, for the messages
     * @throws ConflictException if the project depends on another qmr-runtime, or another major version of Kryo
     */
    public static Composed compose(List<Jar> qmr, Collection<Artifact> projectArtifacts,
            List<String> projectElements, String pluginVersion) throws ConflictException {
        Map<String, Jar> ours = new LinkedHashMap<>();
        qmr.forEach(j -> ours.put(j.key(), j));
        Map<Path, Artifact> byFile = new LinkedHashMap<>();
        for (Artifact a : projectArtifacts) {
            if (a.getFile() != null) {
                byFile.put(a.getFile().toPath().toAbsolutePath(), a);
            }
        }
        List<Path> project = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        for (String element : projectElements) {
            Path p = Path.of(element).toAbsolutePath();
            Artifact a = byFile.get(p);
            Jar own = a == null ? null : ours.get(key(a));
            if (own == null) {
                project.add(p);
            } else if (!own.version().equals(a.getBaseVersion())) {
                notices.add(replaced(a, own, pluginVersion));
            }
        }
        return new Composed(List.copyOf(qmr), project, notices);
    }

    private static String replaced(Artifact theirs, Jar own, String pluginVersion) throws ConflictException {
        String what = own.key() + " " + theirs.getBaseVersion();
        if (own.key().equals(RUNTIME)) {
            throw new ConflictException("the project depends on " + what + ", but this build runs qmr-maven-plugin "
                    + pluginVersion + ", whose qmr-runtime " + own.version() + " the workers load and write results"
                    + " with; give both one version (e.g. a property qmr.version used by the dependency and the"
                    + " plugin)");
        }
        if (own.key().equals(KRYO) && !major(own.version()).equals(major(theirs.getBaseVersion()))) {
            throw new ConflictException("the project depends on " + what + ", but qmr-runtime needs Kryo "
                    + own.version() + " on the workers, and two major versions of Kryo cannot share one JVM (same"
                    + " packages, other API); use Kryo " + major(own.version()) + ".x in the project, or drop the"
                    + " dependency");
        }
        return "the workers load " + own.key() + " " + own.version() + " (qmr-runtime needs that version) instead"
                + " of the project's " + theirs.getBaseVersion() + "; pin " + own.version() + " in the project to"
                + " test with what the workers run";
    }

    private static String major(String version) {
        int dot = version.indexOf('.');
        return dot < 0 ? version : version.substring(0, dot);
    }

    private static boolean onTrailOf(Artifact a, String key) {
        List<String> trail = a.getDependencyTrail();
        if (trail == null) {
            return false;
        }
        for (String step : trail) {
            if (step.startsWith(key + ":")) {
                return true;
            }
        }
        return false;
    }

    private static String key(Artifact a) {
        return a.getGroupId() + ":" + a.getArtifactId();
    }
}
