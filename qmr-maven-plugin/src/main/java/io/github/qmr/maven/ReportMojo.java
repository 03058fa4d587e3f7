package io.github.qmr.maven;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Writes {@code report.html}, {@code results.csv} and {@code results.jsonl} again from an existing {@code results.qmr}
 * (and the {@code run.json} beside it) without running any task: after changing how results are shown, or for
 * results copied from elsewhere.
 *
 * <pre>{@code mvn qmr:report -Dqmr.execution=sweep}</pre>
 */
@Mojo(name = "report", requiresDependencyResolution = ResolutionScope.TEST, threadSafe = true)
public class ReportMojo extends ResultsMojo {
    /**
     * The parameters that are replicates, as {@code qmr:map}'s {@code <replicates>}: comma-separated, or {@code
     * none}. Default: the parameters named seed, rep, replicate, repetition or run (or their plurals).
     *
     * @since 0.2.0
     */
    @org.apache.maven.plugins.annotations.Parameter(property = "qmr.replicates")
    private String replicates;

    /**
     * Another run to compare these results with in {@code report.html}, as {@code qmr:map}'s {@code <compareWith>}:
     * its {@code results.qmr}, or the folder holding it.
     *
     * @since 0.2.0
     */
    @org.apache.maven.plugins.annotations.Parameter(property = "qmr.compareWith")
    private java.io.File compareWith;

    /**
     * As {@code qmr:map}'s {@code <compareTolerance>}: the comparison's relative tolerance; set, a drift beyond it fails
     * the build. Default: not set, the report shows the comparison and drift does not fail the build.
     *
     * @since 0.2.0
     */
    @org.apache.maven.plugins.annotations.Parameter(property = "qmr.compareTolerance")
    private Double compareTolerance;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("qmr:report is skipped (<skip> / -Dqmr.skip=true)");
            return;
        }
        try {
            java.nio.file.Path results = resultsFile();
            java.nio.file.Path there = compareWith == null ? null : ExistingResults.otherRun(compareWith.toPath());
            io.github.qmr.outputs.report.ReportData data = new ExistingResults(buildLog()).report(results,
                    projectClasspath(), io.github.qmr.outputs.report.Replicates.parse(replicates), there,
                    compareTolerance == null ? 0 : compareTolerance);
            if (there != null && compareTolerance != null) {
                ExistingResults.failOnDrift(data, there, results.toAbsolutePath()
                        .resolveSibling(io.github.qmr.outputs.report.HtmlReport.FILE));
            }
        } catch (ConfigurationException | MapFailedException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new MojoExecutionException("cannot write the report: " + e.getMessage(), e);
        }
    }
}
