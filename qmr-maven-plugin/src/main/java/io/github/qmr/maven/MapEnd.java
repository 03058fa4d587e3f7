package io.github.qmr.maven;

import io.github.qmr.outputs.OutputFiles;
import io.github.qmr.outputs.Counts;
import io.github.qmr.outputs.RunFacts;
import io.github.qmr.outputs.RunFactsCollector;
import io.github.qmr.outputs.report.HtmlReport;
import io.github.qmr.outputs.report.ReportData;
import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.Request;
import io.github.qmr.runtime.queue.ResourceKill;
import io.github.qmr.runtime.policy.FailurePolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The end of a map: its outputs written from {@value MapRunner#RESULTS} (run facts, tables, report, JUnit,
 * provenance), the build's verdict on its failures, and the summary and failures in the log.
 */
final class MapEnd {
    private static final String RULE = "------------------------------------------------------------------------";

    private MapEnd() {}

    /**
     * @throws MapFailedException more tasks failed than {@code <maxFailedTasks>} allows, the reducer threw, or the
     *     results drifted from the compared run's beyond {@code <compareTolerance>}
     */
    static MapRunner.Outcome finish(MapGoal goal, PreparedMap map, PoolRun.Tally tally, RunFactsCollector facts,
            BuildLog log) throws IOException, MapFailedException {
        Path out = map.out();
        List<?> tasks = map.tasks();
        int chunks = tally.chunks();
        BatchQueue queue = map.queue();
        RunFacts run = facts.facts(goal.executionId(), tally.sessionId(), goal.function(), queue.name(),
                tally.plan().modeSummary(), tally.start(), Instant.now(), tasks.size(), chunks,
                chunks == 0 ? 1 : (map.toRun().size() + chunks - 1) / chunks);
        if (map.rerun().kept() > 0) {
            run = run.withKept(kept(map));
        }
        run.write(out);
        Request site = queue.siteRequest();
        ReportSettings report = goal.report();
        ReportData data = OutputFiles.write(map.resultsFile(), run, out, new OutputFiles.Options(report.junit(),
                map.junitFile(goal), map.suite(goal), report.stepSummary(), report.replicates(), site.memoryBytes(),
                queue.requestText(ResourceKill.Kind.MEMORY, site))
                .comparingWith(report.compareResults(), report.compareTolerance() == null ? 0
                        : report.compareTolerance()), map.loader());
        Duration elapsed = Duration.between(tally.start(), Instant.now());
        ProvenanceRecord.of(goal, map, tally, elapsed, data.resources(), run.schedulerUsage()).write(out.resolve(MapRunner.PROVENANCE));
        FailurePolicy.Decision end = FailurePolicy.decide(new FailurePolicy.Counts(tasks.size(), tally.ok(),
                tally.failed(), tally.notRun(), true), goal.threshold().rule());
        boolean fails = end.action() == FailurePolicy.Action.FAIL;
        summary(goal, map, tally, fails, elapsed, log);
        ExistingResults.logComparison(log, data, map.resultsFile(), report.compareResults());
        // failures within <maxFailedTasks> leave the build green, so they are warnings then
        FailureLog.write(fails ? log::error : log::warn, tally, tasks, map.junitFile(goal));
        Path keptWorkDir = tally.keptWorkDir();
        if (fails) {
            throw new MapFailedException(end.reason() + (tally.notRun() > 0 ? " (" + tally.notRunReason() + ")" : "")
                    + "; the failures are listed above, every task is in " + out.resolve(MapRunner.TABLE) + " and "
                    + map.junitFile(goal) + (keptWorkDir != null ? ", and the work dir is kept at " + keptWorkDir : "")
                    + ". " + goal.threshold().fix(tally.notRun() > 0), out, null);
        }
        if (tally.reducerFailure() != null) {
            throw new MapFailedException("the reducer " + goal.reducer() + " failed"
                    + (tally.reducerItask() >= 0 ? " on itask " + tally.reducerItask() : " giving its result") + ": "
                    + tally.reducerFailure() + "; the map's results are in " + map.resultsFile() + " and "
                    + out.resolve(MapRunner.TABLE), out, tally.reducerFailure());
        }
        if (report.compareTolerance() != null) {
            ExistingResults.failOnDrift(data, report.compareResults(), out.resolve(HtmlReport.FILE));
        }
        return new MapRunner.Outcome(goal.executionId(), tasks.size(), tally.failed(), out, map.resultsFile(),
                keptWorkDir, tally.reducedFile());
    }

    /** The tasks that take a kept result, as the run's facts say them. */
    static RunFacts.Kept kept(PreparedMap map) {
        return new RunFacts.Kept(map.rerun().kept(), map.rerun().fromEarlierFunction(), map.rerun().runs());
    }

    private static void summary(MapGoal goal, PreparedMap map, PoolRun.Tally tally, boolean fails, Duration elapsed,
            BuildLog log) {
        Path out = map.out();
        long tasks = map.tasks().size();
        int chunks = tally.chunks();
        long kept = map.rerun().kept();
        Object reduced = tally.reduced();
        log.info(RULE);
        log.info("qmr map '" + goal.executionId() + "': " + goal.function());
        log.info(RULE);
        // "Not run" only when some were, so the line of a map that ran every task reads as it always did
        String counts = "Tasks: " + tasks + ", Succeeded: " + tally.ok() + ", Failed: " + tally.failed()
                + (tally.notRun() > 0 ? ", Not run: " + tally.notRun() : "") + " (of " + chunks
                + (chunks == 1 ? " chunk" : " chunks") + " on the " + map.queue().name() + " queue, "
                + ProgressLog.seconds(elapsed) + ")";
        if (fails) {
            log.error(counts);
        } else if (tally.failed() > 0) {
            log.warn(counts);
        } else {
            log.info(counts);
        }
        if (kept > 0) {
            log.info(Counts.keptLine(tasks, kept) + (kept == tasks
                    ? "; no task was run, the outputs were written again" : ""));
        }
        if (reduced != null) {
            String text = String.valueOf(reduced);
            log.info("Reduced: " + (text.length() > 200 ? text.substring(0, 200) + "... (see "
                    + MapRunner.REDUCED_JSON + ")" : text));
        }
        log.info("Report: " + out.resolve(HtmlReport.FILE));
        log.info("Output: " + out + " (" + MapRunner.TABLE + ", " + OutputFiles.JSONL + ", " + MapRunner.RESULTS
                + ", " + RunFacts.FILE + (reduced != null ? ", " + MapRunner.REDUCED + ", " + MapRunner.REDUCED_JSON
                : "") + ", " + MapRunner.PROVENANCE + (map.junitFile(goal).toFile().isFile() ? ", "
                + map.junitFile(goal).getFileName() : "") + ")");
        if (tally.keptWorkDir() != null) {
            log.info("Work dir kept: " + tally.keptWorkDir());
        }
        log.info(RULE);
    }
}
