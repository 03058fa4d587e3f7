package io.github.qmr.maven;

import io.github.qmr.runtime.workdir.ClasspathStager;
import io.github.qmr.outputs.Provenance;
import io.github.qmr.outputs.WorkerCommandLine;
import io.github.qmr.outputs.report.ReportData;
import io.github.qmr.runtime.Limits;
import io.github.qmr.runtime.Plan;
import io.github.qmr.runtime.Scheduling;
import io.github.qmr.runtime.workdir.SessionDir;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What a map ran with and came to, for {@value MapRunner#PROVENANCE}: a default run records values, not nulls. */
final class ProvenanceRecord {
    private ProvenanceRecord() {}

    /** The record of a finished map; {@code elapsed} from its start to its outputs, {@code used} from the report. */
    static Provenance of(MapGoal goal, PreparedMap map, PoolRun.Tally tally, Duration elapsed,
            ReportData.Resources used, io.github.qmr.outputs.RunFacts.SchedulerUsage scheduler) {
        Plan plan = tally.plan();
        long tasks = map.tasks().size();
        int chunks = tally.chunks();
        Map<String, Object> queueInfo = goal.queue().provenance(map.queue(), goal.jobRequest());
        // the settings the map ran with, resolved for the queue: a default run records values, not nulls
        Scheduling scheduling = plan.scheduling();
        Limits limits = plan.limits();
        queueInfo.put("chunkSize", plan.chunkSize(tasks));
        queueInfo.put("numChunks", chunks);
        queueInfo.put("maxResubmissions", limits.maxResubmissions());
        queueInfo.put("maxPendingTime", limits.maxPendingTime() == null ? null : limits.maxPendingTime().toString());
        queueInfo.put("outageTolerance", limits.outageTolerance().toString());
        queueInfo.put("heartbeatTimeout", limits.heartbeatTimeout().toString());
        queueInfo.put("mode", scheduling.mode().name().toLowerCase(Locale.ROOT));
        queueInfo.put("maxWorkers", plan.maxWorkers());
        queueInfo.put("workerTimeBudget", scheduling.workerTimeBudget().toString());
        queueInfo.put("jobArrays", scheduling.jobArrays());
        queueInfo.put("pollInterval", scheduling.pollInterval().toString());
        Boolean archive = plan.worker().classDataArchive();
        queueInfo.put("classDataArchive", archive == null ? "auto" : archive.toString());
        List<Object> jars = new ArrayList<>();
        for (ClasspathStager.Staged s : map.classpath()) {
            Map<String, Object> jar = new LinkedHashMap<>();
            jar.put("source", s.source().toString());
            jar.put("sha256", s.sha256());
            jars.add(jar);
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("session", tally.sessionId());
        run.put("tasks", tasks);
        run.put("chunks", chunks);
        run.put("succeeded", tally.ok());
        run.put("failed", tally.failed());
        run.put("fromKeptResults", map.rerun().kept());
        run.put("fromKeptResultsOfAnEarlierFunction", map.rerun().fromEarlierFunction());
        run.put("functionKey", map.functionKey());
        run.put("seconds", elapsed.toSeconds());
        return new Provenance()
                .put("qmrVersion", goal.qmrVersion())
                .put("project", goal.project())
                .put("execution", goal.executionId())
                .put("createdAt", Instant.now().toString())
                .putGit(goal.basedir())
                .put("function", goal.function())
                .put("tasks", goal.tasks().origin())
                .put("reducer", goal.reducer())
                .put("run", run)
                .put("queue", queueInfo)
                .put("java", plan.worker().java().toString())
                .put("jvmOptions", tally.workerJvmOptions())
                .put("jvmOptionsConfigured", goal.jvmOptionsConfigured())
                .put("classDataArchive", tally.workerJvmOptions() == null ? null
                        : WorkerCommandLine.classDataArchive(tally.workerJvmOptions()))
                .put("workDir", goal.workDir().toString())
                .put("classpath", jars)
                .put("resources", resources(used))
                .put("scheduler", scheduler(scheduler));
    }

    /**
     * The scheduler's own figures (qacct, sacct) beside the workers' measures, for provenance.json; null when it
     * recorded none (no accounting to ask).
     */
    static Map<String, Object> scheduler(io.github.qmr.outputs.RunFacts.SchedulerUsage s) {
        if (s == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", s.source());
        m.put("jobs", s.jobs());
        m.put("cpuHours", number(s.cpuHours()));
        m.put("maxJobMemoryMib", s.maxMemoryBytes() < 0 ? null : Math.round(s.maxMemoryBytes() / 1048576.0 * 10)
                / 10.0);
        return m;
    }

    /** What the map used, for provenance.json: NaN and -1 (unknown) as null. */
    static Map<String, Object> resources(ReportData.Resources r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpuHours", number(r.cpuHours()));
        m.put("taskHours", number(r.taskHours()));
        m.put("heldSlotHours", number(r.heldSlotHours()));
        m.put("efficiency", number(r.efficiency()));
        m.put("queueWaitSeconds", number(r.queueWaitSeconds()));
        m.put("peakMemoryMib", r.maxPeakBytes() < 0 ? null : Math.round(r.maxPeakBytes() / 1048576.0 * 10) / 10.0);
        m.put("peakMemoryItask", r.maxPeakItask() < 0 ? null : r.maxPeakItask());
        return m;
    }

    private static Double number(double x) {
        return Double.isNaN(x) ? null : Math.round(x * 1e6) / 1e6;
    }

    /** Read back from the session's argument file while the session folder exists (it goes on success). */
    static List<String> workerJvmOptions(Path workDir, String sessionId, BuildLog log) {
        try {
            return WorkerCommandLine.jvmOptions(SessionDir.open(workDir.resolve(sessionId)).argsFile());
        } catch (IOException | RuntimeException e) {
            log.debug("cannot read the workers' JVM options for provenance.json: " + e);
            return null;
        }
    }
}
