package io.github.qmr.maven;

import io.github.qmr.outputs.report.Comparison;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Compares the results of a map with another run's (local against SGE, before against after a change): pairs the
 * tasks by their parameters and says, per result component, how many values are equal, within the tolerance, or
 * changed (with the largest change), which tasks changed status or are in one run only, and the task time of each
 * run. Writes {@code compare.html} beside this run's results and fails the build when the results drifted beyond the
 * tolerance, so CI can hold a baseline. Runs no task.
 *
 * <pre>{@code mvn qmr:compare -Dqmr.execution=sweep -Dqmr.compareWith=../baseline/target/qmr/sweep}</pre>
 */
@Mojo(name = "compare", requiresDependencyResolution = ResolutionScope.TEST, threadSafe = true)
public class CompareMojo extends ResultsMojo {
    /**
     * The other run: its {@code results.qmr}, or the folder holding it ({@code target/qmr/<execution id>} of another
     * checkout, or a results file downloaded from a repository).
     *
     * @since 0.2.0
     */
    @Parameter(property = "qmr.compareWith", required = true)
    private File compareWith;

    /**
     * How far a number may move and still count as unchanged, relative: {@code |a - b| <= compareTolerance *
     * max(|a|, |b|)}. 0 (the default) counts only equal values as unchanged.
     *
     * @since 0.2.0
     */
    @Parameter(property = "qmr.compareTolerance", defaultValue = "0")
    private double compareTolerance;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("qmr:compare is skipped (<skip> / -Dqmr.skip=true)");
            return;
        }
        Comparison c;
        java.nio.file.Path results;
        try {
            results = resultsFile();
            c = new ExistingResults(buildLog()).compare(results, compareWith.toPath(), compareTolerance,
                    projectClasspath());
        } catch (ConfigurationException | MapFailedException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new MojoExecutionException("cannot compare the results: " + e.getMessage(), e);
        }
        if (c.drifted()) {
            throw new MojoFailureException(c.failure(compareWith, results.toAbsolutePath()
                    .resolveSibling(io.github.qmr.outputs.report.ComparisonPage.FILE)));
        }
    }
}
