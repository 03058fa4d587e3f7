package io.github.qmr.maven;

import io.github.qmr.maven.classpath.WorkerClasspath;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/** What {@code qmr:report} and {@code qmr:reduce} share: which results to read, and the classes to read them with. */
abstract class ResultsMojo extends AbstractMojo {
    /**
     * The execution whose results to read: {@code <outputDirectory>/<execution>/results.qmr}. Default: the most
     * recently written results under {@code outputDirectory} (the last map run).
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.execution")
    protected String execution;

    /**
     * A results file to read instead, e.g. one downloaded from a repository ({@code -Dqmr.results=PATH}); outputs are
     * written beside it.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.results")
    protected File results;

    /**
     * Where {@code qmr:map} wrote its output, one folder per execution.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.outputDirectory", defaultValue = "${project.build.directory}/qmr")
    protected File outputDirectory;

    /**
     * Skip the goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.skip", defaultValue = "false")
    protected boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    protected Path resultsFile() throws ConfigurationException {
        return ExistingResults.locate(results == null ? null : results.toPath(), execution,
                outputDirectory.toPath());
    }

    /** The plugin's own dependencies; qmr-runtime and Kryo among them read the results. */
    @Parameter(defaultValue = "${plugin.artifacts}", readonly = true, required = true)
    protected List<Artifact> pluginArtifacts;

    @Parameter(defaultValue = "${plugin.version}", readonly = true, required = true)
    protected String pluginVersion;

    /** The project's test classpath (the classes of the tasks and results, and the reducer) as the workers see it. */
    protected WorkerClasspath.Composed projectClasspath() throws ConfigurationException {
        return ProjectClasspath.of(project, "test", pluginArtifacts, pluginVersion);
    }

    protected BuildLog buildLog() {
        return BuildLog.of(getLog());
    }
}
