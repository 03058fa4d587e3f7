package io.github.qmr.maven;

import io.github.qmr.outputs.report.HtmlReport;
import io.github.qmr.maven.SitePage;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.doxia.sink.Sink;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.reporting.AbstractMavenReport;
import org.apache.maven.reporting.MavenReportException;

/**
 * The {@code mvn site} pages of the maps' last runs: a page {@code qmr.html} listing every execution found under
 * {@code target/qmr}, and per execution a page {@code qmr-<execution id>.html} with its summary (tasks, succeeded,
 * failed, not run, wall time, queue), its failures by cause, and a link to its full {@code report.html}, copied into
 * the site ({@code qmr/<execution id>/report.html}) so the link works there and wherever the site is published. Runs
 * no task and rewrites none of the map's outputs: run the maps first ({@code mvn verify site}).
 *
 * <pre>{@code
 * <reporting>
 *   <plugins>
 *     <plugin>
 *       <groupId>io.github.qmr</groupId>
 *       <artifactId>qmr-maven-plugin</artifactId>
 *       <reportSets>
 *         <reportSet>
 *           <reports>
 *             <report>site-report</report>
 *           </reports>
 *         </reportSet>
 *       </reportSets>
 *     </plugin>
 *   </plugins>
 * </reporting>
 * }</pre>
 *
 * @since 0.2.0
 */
@Mojo(name = "site-report", requiresDependencyResolution = ResolutionScope.TEST, threadSafe = true)
public class SiteReportMojo extends AbstractMavenReport {
    /** The index page's name; the executions' pages are {@code qmr-<execution id>.html}. */
    static final String PAGE = "qmr";

    /**
     * Where {@code qmr:map} wrote its outputs, one folder per execution: {@code qmr:map}'s {@code outputDirectory}
     * ({@code -Dqmr.outputDirectory} sets both).
     *
     * @since 0.2.0
     */
    @Parameter(property = "qmr.outputDirectory", defaultValue = "${project.build.directory}/qmr")
    private File resultsDirectory;

    /** The plugin's own dependencies; qmr-runtime and Kryo among them read the results. */
    @Parameter(defaultValue = "${plugin.artifacts}", readonly = true, required = true)
    private List<Artifact> pluginArtifacts;

    @Parameter(defaultValue = "${plugin.version}", readonly = true, required = true)
    private String pluginVersion;

    private boolean told;

    @Override
    public String getOutputName() {
        return PAGE;
    }

    @Override
    public String getName(Locale locale) {
        return "qmr results";
    }

    @Override
    public String getDescription(Locale locale) {
        return "The last run of each qmr:map execution: its counts, failures by cause and full report.";
    }

    /** No page without results: a module that ran no map gets none. */
    @Override
    public boolean canGenerateReport() {
        try {
            if (!ExistingResults.all(resultsDirectory.toPath()).isEmpty()) {
                return true;
            }
        } catch (ConfigurationException e) {
            getLog().warn("qmr:site-report: " + e.getMessage());
            return false;
        }
        if (!told) {
            told = true;
            getLog().info("qmr:site-report: no map results under " + resultsDirectory + " (no results.qmr in a"
                    + " folder there): no qmr page. Run the maps in the same build first: mvn verify site");
        }
        return false;
    }

    @Override
    protected void executeReport(Locale locale) throws MavenReportException {
        Path site = getReportOutputDirectory().toPath();
        boolean pages = getSinkFactory() != null; // the site plugin gives one; a standalone run has a single page
        List<SitePage.Execution> runs = new ArrayList<>();
        try {
            io.github.qmr.maven.classpath.WorkerClasspath.Composed classpath = ProjectClasspath.of(project,
                    "test", pluginArtifacts, pluginVersion);
            for (Path results : ExistingResults.all(resultsDirectory.toPath())) {
                runs.add(execution(results, site, pages, classpath));
            }
        } catch (ConfigurationException e) {
            throw new MavenReportException(e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new MavenReportException("cannot write the qmr site page into " + site + ": " + e.getMessage(), e);
        }
        Sink sink = getSink();
        open(sink, "qmr results");
        SitePage.index(sink, "qmr results", project.getBasedir().toPath().relativize(resultsDirectory.toPath()
                .toAbsolutePath()).toString(), runs);
        if (!pages) {
            runs.forEach(e -> SitePage.execution(sink, e, 2));
        }
        close(sink);
        if (pages) {
            for (SitePage.Execution e : runs) {
                Sink page;
                try {
                    page = getSinkFactory().createSink(site.toFile(), e.page());
                } catch (IOException x) {
                    throw new MavenReportException("cannot create the site page " + site.resolve(e.page()) + ": "
                            + x.getMessage(), x);
                }
                open(page, "qmr: " + e.id());
                SitePage.execution(page, e, 1);
                close(page);
                page.close();
            }
        }
    }

    /** One execution: its report copied into the site, its counts read from its results. */
    private SitePage.Execution execution(Path results, Path site, boolean pages,
            io.github.qmr.maven.classpath.WorkerClasspath.Composed classpath)
            throws IOException, ConfigurationException {
        Path dir = results.toAbsolutePath().getParent();
        String id = dir.getFileName().toString();
        String safe = id.replaceAll("[^A-Za-z0-9._-]", "_");
        String page = pages ? PAGE + "-" + safe + ".html" : "#" + safe;
        Path report = dir.resolve(HtmlReport.FILE);
        String link = null;
        String note = null;
        if (Files.isRegularFile(report)) {
            Path copy = site.resolve(PAGE).resolve(safe).resolve(HtmlReport.FILE);
            Files.createDirectories(copy.getParent());
            Files.copy(report, copy, StandardCopyOption.REPLACE_EXISTING);
            link = PAGE + "/" + safe + "/" + HtmlReport.FILE;
        } else {
            note = "There is no " + report + ": write it with mvn qmr:report -Dqmr.execution=" + id;
        }
        try {
            return SitePage.Execution.of(id, page, link, note, new ExistingResults(BuildLog.of(getLog()))
                    .summary(results, classpath));
        } catch (ConfigurationException e) {
            if (!"results".equals(e.parameter())) {
                throw e;
            }
            // results written with classes that changed since: the page says so, the report still holds them
            getLog().warn("qmr:site-report: " + e.getMessage());
            return SitePage.Execution.unread(id, page, link, e.getMessage() + (note == null ? "" : ". " + note));
        }
    }

    private static void open(Sink sink, String title) {
        sink.head();
        sink.title();
        sink.text(title);
        sink.title_();
        sink.head_();
        sink.body();
    }

    private static void close(Sink sink) {
        sink.body_();
        sink.flush();
    }
}
