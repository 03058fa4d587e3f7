package io.github.qmr.maven;

import io.github.qmr.outputs.OutputFiles;
import io.github.qmr.maven.classpath.ProjectClassLoader;
import io.github.qmr.maven.classpath.WorkerClasspath;

import io.github.qmr.outputs.JUnitReport;
import io.github.qmr.outputs.RunFacts;
import io.github.qmr.outputs.TaskRow;
import io.github.qmr.outputs.report.Comparison;
import io.github.qmr.outputs.report.ComparisonPage;
import io.github.qmr.outputs.report.ReportData;
import io.github.qmr.runtime.Reducer;
import io.github.qmr.runtime.ResultsFile;
import io.github.qmr.runtime.codec.CodecException;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What {@code qmr:report} and {@code qmr:reduce} do: read the {@code results.qmr} of an earlier map (and the
 * {@code run.json} beside it) and write its report and tables, or reduce it again, running no task. Plain Java, like
 * {@link MapRunner}.
 */
public final class ExistingResults {
    private final BuildLog log;

    public ExistingResults(BuildLog log) {
        this.log = log;
    }

    /**
     * The results file to read: {@code results} if set, else the named execution's under {@code outputDirectory}, else
     * the most recently written one there (the last map run).
     */
    public static Path locate(Path results, String execution, Path outputDirectory) throws ConfigurationException {
        if (results != null) {
            if (!Files.isRegularFile(results)) {
                throw new ConfigurationException("results", "<results> " + results + " is not a file; name a"
                        + " results.qmr written by qmr:map, e.g. -Dqmr.results=target/qmr/sweep/results.qmr");
            }
            return results;
        }
        if (execution != null && !execution.isBlank()) {
            Path file = outputDirectory.resolve(execution.strip()).resolve(MapRunner.RESULTS);
            if (!Files.isRegularFile(file)) {
                throw new ConfigurationException("execution", "execution '" + execution + "' has no results: " + file
                        + " does not exist. Run qmr:map for it first (mvn verify), or name another with"
                        + " -Dqmr.execution=ID");
            }
            return file;
        }
        try (Stream<Path> dirs = Files.isDirectory(outputDirectory) ? Files.list(outputDirectory) : Stream.empty()) {
            return dirs.map(d -> d.resolve(MapRunner.RESULTS)).filter(Files::isRegularFile)
                    .max(Comparator.comparing(ExistingResults::modified))
                    .orElseThrow(() -> new ConfigurationException("execution", "no results under " + outputDirectory
                            + ": run qmr:map first (mvn verify), or name a file with -Dqmr.results=PATH"));
        } catch (IOException e) {
            throw new ConfigurationException("outputDirectory", "cannot list " + outputDirectory + ": " + e, e);
        }
    }

    private static java.nio.file.attribute.FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
        }
    }

    /**
     * Every execution's results under {@code outputDirectory}: the {@code results.qmr} of each folder that holds one,
     * by folder name (the execution id); none when the folder does not exist.
     */
    public static List<Path> all(Path outputDirectory) throws ConfigurationException {
        if (!Files.isDirectory(outputDirectory)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(outputDirectory)) {
            return dirs.map(d -> d.resolve(MapRunner.RESULTS)).filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(p -> p.getParent().getFileName().toString())).toList();
        } catch (IOException e) {
            throw new ConfigurationException("outputDirectory", "cannot list " + outputDirectory + ": " + e, e);
        }
    }

    /**
     * What {@code report.html} of {@code results} shows (counts, failure groups, wall time), read with the project's
     * classes; writes nothing and runs no task.
     */
    public ReportData summary(Path results, WorkerClasspath.Composed classpath)
            throws ConfigurationException, IOException {
        try (URLClassLoader loader = ProjectClassLoader.of(classpath.project(), classpath.qmrFiles())) {
            long tasks;
            try (ResultsFile.Reader in = ResultsFile.open(results, loader)) {
                tasks = in.size();
            }
            RunFacts facts = RunFacts.read(results.toAbsolutePath().getParent(), tasks);
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                return OutputFiles.read(results, facts, loader);
            } finally {
                thread.setContextClassLoader(previous);
            }
        } catch (CodecException e) {
            throw unreadable(results, e);
        }
    }

    /** Writes results.csv, results.jsonl and report.html beside {@code results}; replicates by name. */
    public ReportData report(Path results, WorkerClasspath.Composed classpath) throws ConfigurationException, IOException {
        return report(results, classpath, null);
    }

    /**
     * As {@link #report(Path, WorkerClasspath.Composed)}, with the parameters that are replicates.
     *
     * @param replicates as {@code <replicates>} gives them ({@link io.github.qmr.outputs.report.Replicates#parse});
     *     null to take them by name
     */
    public ReportData report(Path results, WorkerClasspath.Composed classpath, List<String> replicates)
            throws ConfigurationException, IOException {
        return report(results, classpath, replicates, null, 0);
    }

    /**
     * As {@link #report(Path, WorkerClasspath.Composed, List)}, the report comparing these results with another run's
     * as {@code qmr:compare} does ({@code <compareWith>}).
     *
     * @param compareWith the other run's {@code results.qmr}, or the folder holding it; null: no comparison
     * @param tolerance the comparison's relative tolerance
     */
    public ReportData report(Path results, WorkerClasspath.Composed classpath, List<String> replicates,
            Path compareWith, double tolerance) throws ConfigurationException, IOException {
        Path there = compareWith == null ? null : otherRun(compareWith);
        checkTolerance(tolerance);
        Path dir = results.toAbsolutePath().getParent();
        try (URLClassLoader loader = ProjectClassLoader.of(classpath.project(), classpath.qmrFiles())) {
            long tasks;
            try (ResultsFile.Reader in = ResultsFile.open(results, loader)) {
                tasks = in.size();
            }
            RunFacts facts = RunFacts.read(dir, tasks);
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            ReportData data;
            try {
                data = OutputFiles.write(results, facts, dir,
                        new OutputFiles.Options(JUnitReport.Mode.OFF, null, null, null, replicates)
                                .comparingWith(there, tolerance), loader);
            } finally {
                thread.setContextClassLoader(previous);
            }
            log.info("Report: " + dir.resolve("report.html") + " (and " + OutputFiles.CSV + ", " + OutputFiles.JSONL
                    + ") from " + results + ": " + data.tasks() + " tasks, " + data.failed() + " failed"
                    + (data.notRun() > 0 ? ", " + data.notRun() + " not run" : "") + "; no task was run");
            logComparison(log, data, results, there);
            return data;
        } catch (CodecException e) {
            throw unreadable(results, e);
        }
    }

    /**
     * Compares the results of this run with another's ({@code qmr:compare}): pairs the tasks by parameters, writes
     * {@value io.github.qmr.outputs.report.ComparisonPage#FILE} beside {@code results} and logs what changed.
     *
     * @param other the other run's {@code results.qmr}, or the folder that holds it
     * @param tolerance relative: a number is unchanged within {@code tolerance * max(|a|, |b|)}
     */
    public Comparison compare(Path results, Path other, double tolerance, WorkerClasspath.Composed classpath)
            throws ConfigurationException, MapFailedException, IOException {
        Path there = otherRun(other);
        checkTolerance(tolerance);
        try (URLClassLoader loader = ProjectClassLoader.of(classpath.project(), classpath.qmrFiles())) {
            List<TaskRow> here = withLoader(loader, () -> OutputFiles.rows(results, loader));
            List<TaskRow> those;
            try {
                those = withLoader(loader, () -> OutputFiles.rows(there, loader));
            } catch (CodecException e) {
                throw new ConfigurationException("compareWith", OutputFiles.unreadable(there, e), e);
            }
            Comparison c = Comparison.of(here, those, tolerance);
            Path page = results.toAbsolutePath().resolveSibling(ComparisonPage.FILE);
            ComparisonPage.write(c, results, there, page);
            log(log, c, results, there);
            log.info("Comparison: " + page);
            return c;
        } catch (CodecException e) {
            throw unreadable(results, e);
        }
    }

    /** What a comparison found, for the build log: the paired tasks, the time, each component's changes. */
    static void log(BuildLog log, Comparison c, Path results, Path there) {
        log.info("Compared " + results + " with " + there + ": " + c.paired() + " tasks paired by parameters;"
                + " task time " + String.format(java.util.Locale.ROOT, "%.1f s here, %.1f s there", c.secondsHere(),
                        c.secondsThere()));
        for (Comparison.Component k : c.components()) {
            log.info("  " + k.name() + ": " + k.exact() + " equal, " + k.within() + " within the tolerance, "
                    + k.changed() + " changed of " + k.compared() + (k.worst() == null ? ""
                            : "; largest: " + k.worst()));
        }
    }

    /** What the report's comparison found ({@code <compareWith>}), or why there is none; nothing if none was asked. */
    static void logComparison(BuildLog log, ReportData data, Path results, Path there) {
        if (data.comparison() != null) {
            log(log, data.comparison(), results, there);
        } else if (data.comparisonNote() != null) {
            log.warn("no comparison in the report: " + data.comparisonNote());
        }
    }

    /**
     * With a tolerance set ({@code <compareTolerance>} on {@code qmr:map} or {@code qmr:report}), the build fails as
     * {@code qmr:compare}'s does: when the results drifted from the other run's, or when those cannot be read.
     *
     * @param there the other run's results file
     * @param report the report that shows the comparison
     */
    static void failOnDrift(ReportData data, Path there, Path report) throws MapFailedException {
        if (data.comparisonNote() != null) {
            throw new MapFailedException("no comparison with the tolerance set: " + data.comparisonNote(),
                    report.getParent(), null);
        }
        if (data.comparison() != null && data.comparison().drifted()) {
            throw new MapFailedException(data.comparison().failure(there, report), report.getParent(), null);
        }
    }

    /** The other run's results file: {@code other} itself, or the {@code results.qmr} in the folder it names. */
    public static Path otherRun(Path other) throws ConfigurationException {
        Path there = Files.isDirectory(other) ? other.resolve(MapRunner.RESULTS) : other;
        if (!Files.isRegularFile(there)) {
            throw new ConfigurationException("compareWith", "<compareWith> " + other + " is neither a results.qmr nor"
                    + " a folder holding one; name the other run's target/qmr/<execution id>/results.qmr");
        }
        return there;
    }

    static void checkTolerance(double tolerance) throws ConfigurationException {
        if (!(tolerance >= 0)) {
            throw new ConfigurationException("compareTolerance", "<compareTolerance> must be 0 or more (a relative"
                    + " difference, e.g. 1e-9), got " + tolerance);
        }
    }

    /**
     * Feeds every succeeded task's result, in task order, to a new {@code reducer} and writes its result as
     * {@code reduced.qmr} and {@code reduced.json} beside {@code results}.
     *
     * @return the reduced file
     */
    public Path reduce(Path results, String reducerClass, WorkerClasspath.Composed classpath)
            throws ConfigurationException, MapFailedException, IOException {
        if (Pairs.isBlank(reducerClass)) {
            throw new ConfigurationException("reducer", "<reducer> is not set: name a class implementing"
                    + " io.github.qmr.runtime.Reducer, e.g. -Dqmr.reducer=com.example.Mean");
        }
        Path dir = results.toAbsolutePath().getParent();
        try (URLClassLoader loader = ProjectClassLoader.of(classpath.project(), classpath.qmrFiles())) {
            Reducer<Object, Object, Object> reducer = ProjectClasses.reducer(reducerClass, loader);
            Object reduced = withLoader(loader, () -> {
                long added = 0;
                try (ResultsFile.Reader in = ResultsFile.open(results, loader)) {
                    while (in.hasNext()) {
                        ResultsFile.Entry e = in.next();
                        if (e.result().succeeded()) {
                            try {
                                reducer.add(e.task(), e.result().value());
                            } catch (Exception | LinkageError x) {
                                throw new MapFailedException("the reducer " + reducerClass + " failed on itask "
                                        + e.result().itask() + ": " + x + "; nothing was written", dir, x);
                            }
                            added++;
                        }
                    }
                }
                try {
                    Object r = reducer.result();
                    log.info("Reduced " + added + " results of " + results + " with " + reducerClass
                            + "; no task was run");
                    return r;
                } catch (Exception | LinkageError x) {
                    throw new MapFailedException("the reducer " + reducerClass + " failed giving its result: " + x,
                            dir, x);
                }
            });
            Path file = OutputFolder.writeReduced(dir, reduced);
            String text = String.valueOf(reduced);
            log.info("Reduced: " + (text.length() > 200 ? text.substring(0, 200) + "..." : text));
            log.info("Output: " + file + ", " + dir.resolve(MapRunner.REDUCED_JSON));
            return file;
        } catch (CodecException e) {
            throw unreadable(results, e);
        }
    }

    private static ConfigurationException unreadable(Path results, CodecException e) {
        return new ConfigurationException("results", "cannot read " + results + ": " + e.getMessage()
                + ". Run qmr:map again to write it anew", e);
    }

    private interface Work<T> {
        T run() throws ConfigurationException, MapFailedException, IOException;
    }

    /** The project's classes (tasks, values, reducer) are looked up through the context loader, as during a map. */
    private static <T> T withLoader(ClassLoader loader, Work<T> work)
            throws ConfigurationException, MapFailedException, IOException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return work.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
