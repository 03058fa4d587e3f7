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

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("qmr:report is skipped (<skip> / -Dqmr.skip=true)");
            return;
        }
        try {
            new ExistingResults(buildLog()).report(resultsFile(), projectClasspath(),
                    io.github.qmr.maven.report.Replicates.parse(replicates));
        } catch (ConfigurationException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new MojoExecutionException("cannot write the report: " + e.getMessage(), e);
        }
    }
}
