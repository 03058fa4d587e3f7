package io.github.qmr.outputs;

import io.github.qmr.outputs.Columns;
import io.github.qmr.outputs.JUnitReport;
import io.github.qmr.outputs.Json;
import io.github.qmr.outputs.ResultCsv;
import io.github.qmr.outputs.ResultJsonLines;
import io.github.qmr.outputs.RunFacts;
import io.github.qmr.outputs.StepSummary;
import io.github.qmr.outputs.TaskRow;
import io.github.qmr.outputs.report.Comparison;
import io.github.qmr.outputs.report.HtmlReport;
import io.github.qmr.outputs.report.ReportData;
import io.github.qmr.outputs.report.Replicates;
import io.github.qmr.runtime.ResultsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the files people and tools read from a map's {@code results.qmr} and {@code run.json}: {@value #CSV},
 * {@value #JSONL}, {@code report.html}, the JUnit XML, and (where {@code GITHUB_STEP_SUMMARY} names a file) a Markdown
 * summary. Two passes over the results file: the first finds every column, so the tables' headers are complete, the
 * second writes. Used after {@code qmr:map} and by {@code qmr:report}, which runs nothing.
 */
public final class OutputFiles {
    public static final String CSV = "results.csv";
    public static final String JSONL = "results.jsonl";
    /** The reducer's result as JSON, flattened like the table. */
    public static final String REDUCED_JSON = "reduced.json";

    private OutputFiles() {}

    /**
     * What to write besides the tables and the report.
     *
     * @param replicates the parameters declared replicates ({@code <replicates>}, {@link Replicates#parse}); null to
     *     take them by name
     * @param memoryRequestBytes the jobs' memory request (h_vmem, --mem), for the step summary's suggestion; null if
     *     none or unknown
     * @param memoryRequestText that request as the queue's own option, e.g. {@code h_vmem=8G}
     * @param compareWith another run's {@code results.qmr} to compare these results with in the report; null: none
     * @param compareTolerance the comparison's relative tolerance ({@link Comparison})
     */
    public record Options(JUnitReport.Mode junit, Path junitFile, String suite, Path stepSummary,
            List<String> replicates, Long memoryRequestBytes, String memoryRequestText, Path compareWith,
            double compareTolerance) {
        public Options(JUnitReport.Mode junit, Path junitFile, String suite, Path stepSummary) {
            this(junit, junitFile, suite, stepSummary, null, null, null);
        }

        public Options(JUnitReport.Mode junit, Path junitFile, String suite, Path stepSummary,
                List<String> replicates, Long memoryRequestBytes, String memoryRequestText) {
            this(junit, junitFile, suite, stepSummary, replicates, memoryRequestBytes, memoryRequestText, null, 0);
        }

        /** These options, the report comparing the results with {@code other}'s ({@code null}: with none). */
        public Options comparingWith(Path other, double tolerance) {
            return new Options(junit, junitFile, suite, stepSummary, replicates, memoryRequestBytes,
                    memoryRequestText, other, tolerance);
        }

        public Options(JUnitReport.Mode junit, Path junitFile, String suite, Path stepSummary,
                List<String> replicates) {
            this(junit, junitFile, suite, stepSummary, replicates, null, null);
        }
    }

    /**
     * @param results the typed results ({@code results.qmr}); its tasks' and values' classes must be visible to
     *     {@code loader}
     * @return what the report gathered: counts and failure groups, for the build log
     */
    public static ReportData write(Path results, RunFacts facts, Path dir, Options options, ClassLoader loader)
            throws IOException {
        Columns columns = new Columns();
        try (ResultsFile.Reader in = ResultsFile.open(results, loader)) {
            while (in.hasNext()) {
                columns.see(row(in.next(), facts));
            }
        }
        ReportData data = new ReportData(facts, columns.params(), columns.values(), options.replicates());
        reduced(results, dir, data);
        List<TaskRow> there = other(options.compareWith(), loader, data);
        List<TaskRow> here = there == null ? null : new java.util.ArrayList<>();
        boolean junit = options.junit() != JUnitReport.Mode.OFF && options.junitFile() != null;
        try (ResultsFile.Reader in = ResultsFile.open(results, loader);
                ResultCsv csv = new ResultCsv(dir.resolve(CSV), columns, facts.jobs());
                ResultJsonLines jsonl = new ResultJsonLines(dir.resolve(JSONL), columns, facts.jobs());
                JUnitReport report = junit ? new JUnitReport(options.junitFile(), options.junit(), options.suite(),
                        facts.function(), facts) : null) {
            while (in.hasNext()) {
                TaskRow row = row(in.next(), facts);
                csv.add(row);
                jsonl.add(row);
                data.add(row);
                if (here != null) {
                    here.add(row);
                }
                if (report != null) {
                    report.add(row);
                }
            }
            if (report != null) {
                report.finish();
            }
        }
        if (there != null) {
            data.compared(Comparison.of(here, there, options.compareTolerance()), options.compareWith().toString());
        }
        Path html = dir.resolve(HtmlReport.FILE);
        HtmlReport.write(data, html);
        if (options.stepSummary() != null) {
            ReportData.Resources used = data.resources();
            List<String> usage = new java.util.ArrayList<>(List.of(StepSummary.usage(used)));
            String suggestion = StepSummary.memorySuggestion(used.maxPeakBytes(), used.maxPeakItask(),
                    options.memoryRequestBytes(), options.memoryRequestText());
            if (suggestion != null) {
                usage.add(suggestion);
            }
            String scheduler = StepSummary.schedulerUsage(facts.schedulerUsage());
            if (scheduler != null) {
                usage.add(scheduler);
            }
            StepSummary.append(options.stepSummary(), facts.execution(), data.tasks(), data.failed(), data.notRun(),
                    facts.resubmittedChunks(), data.wallSeconds(), data.groups(), html.toAbsolutePath(), usage,
                    facts.keptTasks());
        }
        return data;
    }

    /**
     * What {@link #write} would show in {@code report.html} (counts, failure groups, wall time), gathered from
     * {@code results} without writing anything: for {@code qmr:site-report}, which leaves a map's outputs as they are.
     */
    public static ReportData read(Path results, RunFacts facts, ClassLoader loader) throws IOException {
        Columns columns = new Columns();
        try (ResultsFile.Reader in = ResultsFile.open(results, loader)) {
            while (in.hasNext()) {
                columns.see(row(in.next(), facts));
            }
        }
        ReportData data = new ReportData(facts, columns.params(), columns.values());
        try (ResultsFile.Reader in = ResultsFile.open(results, loader)) {
            while (in.hasNext()) {
                data.add(row(in.next(), facts));
            }
        }
        return data;
    }

    /**
     * The rows of the run to compare with ({@code other}); null when there is none, or when it cannot be read with
     * these classes, which the report then says (the map's own outputs are written all the same).
     */
    private static List<TaskRow> other(Path other, ClassLoader loader, ReportData data) {
        if (other == null) {
            return null;
        }
        try {
            return rows(other, loader);
        } catch (IOException | java.io.UncheckedIOException | io.github.qmr.runtime.codec.CodecException e) {
            data.notCompared(other.toString(), unreadable(other, e));
            return null;
        }
    }

    /** Why the other run's results cannot be compared with these: both must be readable with the classes of now. */
    public static String unreadable(Path other, Exception e) {
        return "cannot read " + other + " with this project's classes: " + e.getMessage() + ". Both runs' tasks and"
                + " results must be readable with the classes compiled now; compare their results.csv otherwise";
    }

    /** Every row of {@code results}, with the {@code run.json} beside it: a run to compare with. */
    public static List<TaskRow> rows(Path results, ClassLoader loader) throws IOException {
        long tasks;
        try (ResultsFile.Reader in = ResultsFile.open(results, loader)) {
            tasks = in.size();
        }
        RunFacts facts = RunFacts.read(results.toAbsolutePath().getParent(), tasks);
        List<TaskRow> out = new java.util.ArrayList<>();
        try (ResultsFile.Reader in = ResultsFile.open(results, loader)) {
            while (in.hasNext()) {
                out.add(row(in.next(), facts));
            }
        }
        return out;
    }

    /**
     * Gives the report {@code reduced.json} when the reducer wrote it for these results: one older than
     * {@code results.qmr} is from an earlier run (this one had no reducer, or its reducer failed), so it is not shown
     * as this run's.
     */
    private static void reduced(Path results, Path dir, ReportData data) {
        Path file = dir.resolve(REDUCED_JSON);
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            if (Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(results)) < 0) {
                data.reduced(null, file + " is older than " + results.getFileName() + ": it is from an earlier run,"
                        + " not shown; mvn qmr:reduce -Dqmr.reducer=... reduces these results again");
                return;
            }
            data.reduced(Json.mapper().readTree(file.toFile()), null);
        } catch (IOException e) {
            data.reduced(null, "cannot read " + file + ": " + e.getMessage());
        }
    }

    static TaskRow row(ResultsFile.Entry e, RunFacts facts) {
        int ichunk = ichunk(e.result(), facts);
        return TaskRow.of(e.task(), e.result(), ichunk, facts.attempt(ichunk));
    }

    /** The chunk a result came from: its failure's, else its task's ({@link RunFacts#chunkOf}: -1 if kept). */
    public static int ichunk(io.github.qmr.runtime.TaskResult<?> r, RunFacts facts) {
        return r.failure() != null ? r.failure().ichunk()
                : r.chunkFailure() != null ? r.chunkFailure().ichunk() : facts.chunkOf(r.itask());
    }
}
