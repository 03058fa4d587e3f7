package io.github.qmr.maven;

import io.github.qmr.maven.cache.RerunPlan;
import io.github.qmr.maven.cache.ResultKeys;
import io.github.qmr.outputs.RunFacts;
import io.github.qmr.outputs.RunFactsCollector;
import io.github.qmr.outputs.report.HtmlReport;
import io.github.qmr.outputs.report.LiveReport;
import io.github.qmr.runtime.ChunkFailure;
import io.github.qmr.runtime.Plan;
import io.github.qmr.runtime.Pool;
import io.github.qmr.runtime.ResultStream;
import io.github.qmr.runtime.ResultsFile;
import io.github.qmr.runtime.TaskFailure;
import io.github.qmr.runtime.TaskResult;
import io.github.qmr.runtime.workdir.ClasspathStager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a prepared map through {@link Pool}, merged with the kept results in task order: writes {@value
 * MapRunner#RESULTS} and the results' keys, feeds the reducer, and counts what came back. While it runs,
 * {@code report.html} shows the results so far ({@link LiveReport}, every {@code <progressInterval>}).
 */
final class PoolRun {
    /** Task and chunk failures kept for the log; the rest are in the results table. */
    static final int LISTED_FAILURES = 10;

    private PoolRun() {}

    /**
     * What the map's results came to.
     *
     * @param plan the settings the map ran with, resolved for the queue
     * @param sessionId null when no task ran (every task took a kept result)
     * @param workerJvmOptions the workers' effective JVM options, for provenance; null if unknown
     * @param notRunReason why the map stopped, which every chunk not run says alike; null when none
     * @param reduced the reducer's result; null without a reducer or when it failed
     * @param reducerFailure what the reducer threw; null when it did not
     * @param reducerItask the task the reducer failed on; -1 when it failed giving its result
     */
    record Tally(Plan plan, String sessionId, int chunks, List<String> workerJvmOptions, Path keptWorkDir, long ok,
            long failed, long notRun, String notRunReason, List<TaskFailure> taskFailures,
            List<ChunkFailure> chunkFailures, Object reduced, Path reducedFile, Throwable reducerFailure,
            long reducerItask, Instant start) {}

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Tally run(MapGoal goal, PreparedMap map, RunFactsCollector facts, BuildLog log) throws IOException {
        List<?> tasks = map.tasks();
        List<?> toRun = map.toRun();
        RerunPlan rerun = map.rerun();
        Path out = map.out();
        Instant start = Instant.now();
        // none when no task runs: the outputs follow at once
        LiveReport live = toRun.isEmpty() ? null : new LiveReport(out.resolve(HtmlReport.FILE), liveFrame(goal, map,
                start), goal.report().replicates(), facts, goal.progressInterval());
        Pool.Builder builder = Pool.builder()
                .queue(map.queue())
                .workDir(goal.workDir())
                .keepWorkDir(goal.keepWorkDir())
                .scheduling(goal.scheduling())
                .limits(goal.limits())
                .request(goal.jobRequest())
                .escalate(goal.escalation())
                .workerSetup(goal.workerSetup()
                        .withClasspath(map.classpath().stream().map(ClasspathStager.Staged::jar).toList())
                        .withStageClasspath(false) // staged already (Staging)
                        .withEnvironment(goal.environment().policy()))
                .listener(live == null ? facts : live)
                .resultClassLoader(map.loader())
                .taskTime(map.taskTime()); // the pre-flight's: default chunks hold a few minutes of work
        long failed = 0;
        long notRun = 0;
        long ok = 0;
        List<String> keyOfTask = new ArrayList<>(tasks.size());
        List<TaskFailure> taskFailures = new ArrayList<>();
        Map<Integer, ChunkFailure> chunkFailures = new LinkedHashMap<>();
        String notRunReason = null;
        Path keptWorkDir;
        String sessionId;
        int chunks;
        Plan plan;
        List<String> workerJvmOptions;
        Throwable reducerFailure = null;
        long reducerItask = -1;
        // no pool when every task takes a kept result: nothing is submitted, the outputs are written again
        try (LiveReport liveReport = live;
                Pool pool = toRun.isEmpty() ? null : builder.build();
                ResultStream<Object> results = pool == null ? null : pool.stream((Class) map.function(), toRun);
                ResultsFile.Writer binary = ResultsFile.create(map.resultsFile())) {
            plan = pool == null ? map.plan() : pool.plan();
            sessionId = results == null ? null : results.sessionId();
            chunks = results == null ? 0 : results.chunkCount();
            workerJvmOptions = results == null ? null
                    : ProvenanceRecord.workerJvmOptions(goal.workDir(), sessionId, log);
            Iterator<TaskResult<Object>> merged = rerun.merge(results == null
                    ? Collections.emptyIterator() : results);
            while (merged.hasNext()) {
                TaskResult<Object> r = merged.next();
                Object task = tasks.get((int) r.itask());
                RerunPlan.Kept kept = rerun.keptAt().get((int) r.itask());
                keyOfTask.add(kept != null ? kept.functionKey() : map.functionKey());
                binary.add(task, r);
                if (live != null) {
                    live.add(task, r);
                }
                if (r.succeeded()) {
                    ok++;
                    if (map.reducer() != null && reducerFailure == null) {
                        try {
                            map.reducer().add(task, r.value());
                        } catch (Exception | LinkageError e) {
                            reducerFailure = e;
                            reducerItask = r.itask();
                        }
                    }
                } else if (r.notRun()) {
                    notRun++;
                    notRunReason = r.chunkFailure().reason();
                } else {
                    failed++;
                    if (r.failure() != null) {
                        if (taskFailures.size() < LISTED_FAILURES) {
                            taskFailures.add(r.failure());
                        }
                    } else if (chunkFailures.size() < LISTED_FAILURES) {
                        chunkFailures.putIfAbsent(r.chunkFailure().ichunk(), r.chunkFailure());
                    }
                }
            }
            if (live != null) {
                live.complete();
            }
            keptWorkDir = results == null ? null : results.keptWorkDir();
            // the earlier keys go before the new results replace the earlier ones: results never pass with keys
            // that are not theirs (without keys nothing is kept)
            Files.deleteIfExists(out.resolve(ResultKeys.FILE));
            binary.finish();
        }
        ResultKeys.write(out.resolve(ResultKeys.FILE), keyOfTask);
        Object reduced = null;
        Path reducedFile = null;
        if (map.reducer() != null && reducerFailure == null) {
            try {
                reduced = map.reducer().result();
            } catch (Exception | LinkageError e) {
                reducerFailure = e;
            }
            if (reducerFailure == null) {
                reducedFile = OutputFolder.writeReduced(out, reduced);
            }
        }
        return new Tally(plan, sessionId, chunks, workerJvmOptions, keptWorkDir, ok, failed, notRun, notRunReason,
                taskFailures, List.copyOf(chunkFailures.values()), reduced, reducedFile, reducerFailure,
                reducerItask, start);
    }

    /** What the running map's report knows before it starts. */
    private static RunFacts liveFrame(MapGoal goal, PreparedMap map, Instant start) {
        RunFacts frame = LiveReport.frame(goal.executionId(), goal.function(), map.queue().name(),
                map.plan().modeSummary(), start, map.tasks().size());
        return map.rerun().kept() > 0 ? frame.withKept(MapEnd.kept(map)) : frame;
    }
}
