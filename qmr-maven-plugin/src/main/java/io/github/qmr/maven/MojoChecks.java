package io.github.qmr.maven;

import io.github.qmr.maven.checks.Executions;
import io.github.qmr.maven.checks.RepeatedElements;
import io.github.qmr.maven.checks.UnknownProperties;
import io.github.qmr.maven.checks.Shadowing;
import io.github.qmr.maven.checks.StaleClasses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/** The checks of the goals that need Maven's objects; the rules themselves are plain Java in {@code checks}. */
final class MojoChecks {
    private MojoChecks() {}

    /** Warns once per {@code -Dqmr.*} property that the POM's configuration overrides with another value. */
    static void warnShadowed(MojoExecution execution, MavenSession session, Log log) {
        if (execution == null || session == null || execution.getMojoDescriptor() == null) {
            return;
        }
        MojoDescriptor descriptor = execution.getMojoDescriptor();
        Map<String, String> propertyOf = new LinkedHashMap<>();
        for (org.apache.maven.plugin.descriptor.Parameter p : descriptor.getParameters() == null
                ? List.<org.apache.maven.plugin.descriptor.Parameter>of() : descriptor.getParameters()) {
            String e = p.getExpression();
            if (e != null && e.startsWith("${qmr.") && e.endsWith("}")) {
                propertyOf.put(p.getName(), e.substring(2, e.length() - 1));
            }
        }
        Map<String, String> configured = new LinkedHashMap<>();
        Xpp3Dom config = execution.getConfiguration();
        for (Xpp3Dom child : config == null ? new Xpp3Dom[0] : config.getChildren()) {
            configured.put(child.getName(), text(child));
        }
        Properties user = session.getUserProperties() == null ? new Properties() : session.getUserProperties();
        for (String warning : Shadowing.warnings(Shadowing.parameters(propertyOf, configured), user)) {
            log.warn(warning);
        }
    }

    /**
     * Warns once per {@code -Dqmr.*} property that no goal of this plugin reads, naming the nearest one: a misspelt
     * {@code -Dqmr.queu=sge} would otherwise run the map on the default queue without a word.
     */
    static void warnUnknownProperties(MojoExecution execution, MavenSession session, Log log) {
        if (execution == null || session == null || session.getUserProperties() == null
                || execution.getMojoDescriptor() == null || execution.getMojoDescriptor().getPluginDescriptor() == null) {
            return;
        }
        java.util.Set<String> known = new java.util.HashSet<>();
        for (MojoDescriptor goal : execution.getMojoDescriptor().getPluginDescriptor().getMojos()) {
            for (org.apache.maven.plugin.descriptor.Parameter p : goal.getParameters() == null
                    ? List.<org.apache.maven.plugin.descriptor.Parameter>of() : goal.getParameters()) {
                String e = p.getExpression();
                if (e != null && e.startsWith("${qmr.") && e.endsWith("}")) {
                    known.add(e.substring(2, e.length() - 1));
                }
            }
        }
        for (String warning : UnknownProperties.warnings(session.getUserProperties().stringPropertyNames(), known)) {
            log.warn(warning);
        }
    }

    /** A {@code <sweep>} child given twice in the POM, which Maven would silently keep once. */
    static void checkRepeatedSweepParameters(MojoExecution execution) throws ConfigurationException {
        Xpp3Dom config = execution == null ? null : execution.getConfiguration();
        Xpp3Dom sweep = config == null ? null : config.getChild("sweep");
        if (sweep == null) {
            return;
        }
        List<Map.Entry<String, String>> children = new ArrayList<>();
        for (Xpp3Dom c : sweep.getChildren()) {
            children.add(new java.util.AbstractMap.SimpleEntry<>(c.getName(), c.getValue()));
        }
        String problem = RepeatedElements.problem("sweep", children);
        if (problem != null) {
            throw new ConfigurationException("sweep", problem);
        }
    }

    /**
     * The function, task source and reducer classes named: each must be compiled already or be a source in the
     * project's source roots (qmr:check runs at validate, before compiling). A misspelt name fails here.
     */
    static void checkClassesFound(MavenProject project, MapGoal goal) throws ConfigurationException {
        if (project == null || project.getBuild() == null) {
            return;
        }
        List<Path> places = new ArrayList<>(List.of(Path.of(project.getBuild().getOutputDirectory()),
                Path.of(project.getBuild().getTestOutputDirectory())));
        List<Path> sources = new ArrayList<>(paths(project.getCompileSourceRoots()));
        sources.addAll(paths(project.getTestCompileSourceRoots()));
        Map<String, String> named = new LinkedHashMap<>();
        named.put("function", goal.function());
        named.put("taskSource", goal.tasks().taskSource());
        named.put("reducer", goal.reducer());
        for (Map.Entry<String, String> e : named.entrySet()) {
            String name = e.getValue() == null ? "" : e.getValue().strip();
            if (name.isEmpty()) {
                continue;
            }
            // a nested class (a.B$C) is compiled to a.B$C.class, its source is a/B.java
            String file = name.replace('.', '/');
            String outer = file.contains("$") ? file.substring(0, file.indexOf('$')) : file;
            boolean found = places.stream().anyMatch(p -> Files.isRegularFile(p.resolve(file + ".class")))
                    || sources.stream().anyMatch(p -> Files.isRegularFile(p.resolve(outer + ".java")));
            if (!found) {
                throw new ConfigurationException(e.getKey(), "<" + e.getKey() + "> " + name + " is neither"
                        + " compiled (" + places.get(0) + ", " + places.get(1) + ") nor a source in " + sources
                        + "; check the class name, package included");
            }
        }
    }

    /** An element's text, or its children's texts joined by commas (a list such as {@code <jvmOptions>}). */
    private static String text(Xpp3Dom element) {
        if (element.getChildCount() == 0) {
            return element.getValue();
        }
        List<String> parts = new ArrayList<>();
        for (Xpp3Dom c : element.getChildren()) {
            parts.add(c.getName() + "=" + c.getValue());
        }
        return String.join(",", parts);
    }

    /** For a bare {@code mvn qmr:map} without a function: the executions of the goal the project declares. */
    static String executionsHint(ConfigurationException e, MavenProject project, MojoExecution execution) {
        if (!"function".equals(e.parameter()) || project == null || execution == null
                || !"default-cli".equals(execution.getExecutionId())) {
            return "";
        }
        String artifactId = execution.getArtifactId();
        String goal = execution.getGoal();
        List<String> ids = new ArrayList<>();
        for (Plugin plugin : project.getBuildPlugins()) {
            if (plugin.getArtifactId().equals(artifactId)) {
                for (PluginExecution pe : plugin.getExecutions()) {
                    if (pe.getGoals().contains(goal)) {
                        ids.add(pe.getId());
                    }
                }
            }
        }
        return Executions.hint(goal, ids);
    }

    /** {@code runtime}, or {@code test} when the function's class is among the test classes only. */
    static String defaultScope(MavenProject project, String function, Log log) {
        if (function == null || project.getBuild() == null) {
            return "runtime";
        }
        String file = function.strip().replace('.', '/') + ".class";
        Path main = Path.of(project.getBuild().getOutputDirectory()).resolve(file);
        Path test = Path.of(project.getBuild().getTestOutputDirectory()).resolve(file);
        if (!Files.isRegularFile(main) && Files.isRegularFile(test)) {
            log.info("the function " + function.strip() + " is a test class (" + test + "): the workers get the test"
                    + " classpath, test dependencies included (set <classpathScope> to choose)");
            return "test";
        }
        return "runtime";
    }

    /** Warns when a source is newer than its class: a bare {@code mvn qmr:map} would run the old code. */
    static void warnStaleClasses(MavenProject project, String scope, Log log) {
        if (project == null || project.getBuild() == null) {
            return;
        }
        List<StaleClasses.Stale> stale = new ArrayList<>(StaleClasses.find(paths(project.getCompileSourceRoots()),
                Path.of(project.getBuild().getOutputDirectory())));
        if (scope.equals("test")) {
            stale.addAll(StaleClasses.find(paths(project.getTestCompileSourceRoots()),
                    Path.of(project.getBuild().getTestOutputDirectory())));
        }
        String warning = StaleClasses.warning(stale);
        if (warning != null) {
            log.warn(warning);
        }
    }

    private static List<Path> paths(List<String> roots) {
        return roots == null ? List.of() : roots.stream().map(Path::of).toList();
    }
}
