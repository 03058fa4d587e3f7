package io.github.qmr.maven;

import io.github.qmr.outputs.JUnitReport;
import io.github.qmr.outputs.report.Replicates;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the goal writes beside the results, and what it compares them with.
 *
 * @param replicates the parameters that are replicates in the report; null: those named like one
 *     ({@link Replicates})
 * @param compareResults another run's results file the report compares with; null: none
 * @param compareTolerance the comparison's relative tolerance; null: the report shows the comparison and the build
 *     does not fail on drift. Set, a drift beyond it fails the build as {@code qmr:compare} does
 * @param junit the JUnit report's cases
 * @param stepSummary where GitHub Actions collects a Markdown summary of the step; null: none
 */
record ReportSettings(List<String> replicates, Path compareResults, Double compareTolerance, JUnitReport.Mode junit,
        Path stepSummary) {
    /** The defaults: replicates by name, no comparison, JUnit cases {@code auto}, no step summary. */
    static final ReportSettings DEFAULTS = new ReportSettings(null, null, null, JUnitReport.Mode.AUTO, null);

    /**
     * Checked: replicates among the sweep's parameters, the other run's results there, a tolerance of 0 or more, a
     * JUnit mode qmr knows.
     *
     * @param sweep the sweep's parameters and values; null when the tasks are not a sweep
     * @param compareWith {@code <compareWith>}, relative to {@code basedir}; null: none
     */
    static ReportSettings of(String replicates, File compareWith, Double compareTolerance, String junitReport,
            String stepSummary, Map<String, String> sweep, Path basedir) throws ConfigurationException {
        JUnitReport.Mode junit;
        try {
            junit = JUnitReport.Mode.parse(junitReport == null ? "auto" : junitReport);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("junitReport", "<junitReport> '" + junitReport + "' is not a setting;"
                    + " use auto (one test case per task up to 10000 tasks, then one per chunk), tasks, chunks or off");
        }
        List<String> declared = Replicates.parse(replicates);
        if (sweep != null && declared != null && !sweep.keySet().containsAll(declared)) {
            List<String> unknown = declared.stream().filter(n -> !sweep.containsKey(n)).toList();
            throw new ConfigurationException("replicates", "<replicates> names " + String.join(", ", unknown)
                    + ", not a parameter of the sweep (" + String.join(", ", sweep.keySet()) + "); name the"
                    + " sweep's parameters that are repeats (e.g. seed), or none");
        }
        Path other = null;
        if (compareWith != null) {
            Path p = compareWith.toPath();
            other = ExistingResults.otherRun(p.isAbsolute() ? p : basedir.resolve(p));
            if (compareTolerance != null) {
                ExistingResults.checkTolerance(compareTolerance);
            }
        }
        return new ReportSettings(declared, other, compareTolerance, junit,
                Pairs.isBlank(stepSummary) ? null : Path.of(stepSummary));
    }
}
