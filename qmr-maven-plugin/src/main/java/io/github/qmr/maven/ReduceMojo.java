package io.github.qmr.maven;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Reduces an existing {@code results.qmr} again without running any task: every succeeded result, in task order, goes
 * to a new {@code reducer}, whose result is written as {@code reduced.qmr} (typed, read back with
 * {@code io.github.qmr.runtime.ReducedFile}; attached with classifier {@code <execution id>-reduced}) and
 * {@code reduced.json}. For a reducer fixed after the map.
 *
 * <pre>{@code mvn compile qmr:reduce -Dqmr.execution=sweep -Dqmr.reducer=com.example.Mean}</pre>
 */
@Mojo(name = "reduce", requiresDependencyResolution = ResolutionScope.TEST, threadSafe = true)
public class ReduceMojo extends ResultsMojo {
    /**
     * The reducer: a public class with a public no-arg constructor implementing
     * {@code io.github.qmr.runtime.Reducer<T, R, S>}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.reducer")
    private String reducer;

    /**
     * Attach {@code reduced.qmr} to the project (type {@code qmr}, classifier {@code <execution id>-reduced}).
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.attach", defaultValue = "true")
    private boolean attach;

    @Component
    private MavenProjectHelper projectHelper;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("qmr:reduce is skipped (<skip> / -Dqmr.skip=true)");
            return;
        }
        Path file;
        Path results;
        try {
            results = resultsFile();
            file = new ExistingResults(buildLog()).reduce(results, reducer, projectClasspath());
        } catch (ConfigurationException | MapFailedException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new MojoExecutionException("cannot write the reduced output: " + e.getMessage(), e);
        }
        if (attach) {
            String classifier = results.toAbsolutePath().getParent().getFileName() + "-reduced";
            projectHelper.attachArtifact(project, "qmr", classifier, file.toFile());
            getLog().info("attached " + file + " with classifier " + classifier);
        }
    }
}
