package io.github.qmr.maven;

import io.github.qmr.maven.classpath.WorkerClasspath;
import java.util.List;
import java.util.Set;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.project.MavenProject;

/**
 * The workers' classpath as every goal composes it from Maven: the project's classpath of a scope in the project's
 * versions, with qmr-runtime and Kryo in the plugin's ({@link WorkerClasspath}). {@code qmr:map} takes its
 * {@code <classpathScope>}; the goals that read results take the test scope.
 */
final class ProjectClasspath {
    private ProjectClasspath() {}

    /**
     * @param scope {@code compile}, {@code runtime} or {@code test}
     * @throws ConfigurationException the classpath is not resolved, or the project's qmr conflicts with the plugin's
     */
    static WorkerClasspath.Composed of(MavenProject project, String scope, List<Artifact> pluginArtifacts,
            String pluginVersion) throws ConfigurationException {
        List<String> elements;
        try {
            elements = switch (scope) {
                case "compile" -> project.getCompileClasspathElements();
                case "runtime" -> project.getRuntimeClasspathElements();
                default -> project.getTestClasspathElements();
            };
        } catch (DependencyResolutionRequiredException e) {
            throw new ConfigurationException("classpathScope", "the project's " + scope + " classpath is"
                    + " not resolved: " + e.getMessage(), e);
        }
        try {
            return WorkerClasspath.compose(WorkerClasspath.qmrJars(pluginArtifacts == null ? List.of()
                    : pluginArtifacts), project.getArtifacts() == null ? Set.of() : project.getArtifacts(),
                    elements, pluginVersion);
        } catch (WorkerClasspath.ConflictException e) {
            throw new ConfigurationException("dependencies", e.getMessage(), e);
        }
    }
}
