package io.github.qmr.outputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.qmr.runtime.TaskFailure;
import io.github.qmr.runtime.TaskResult;
import io.github.qmr.runtime.TaskRun;
import io.github.qmr.runtime.params.Params;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** results.csv and results.jsonl as pandas, R or jq would read them, and the flattening behind both. */
class OutputWritersTest {
    @TempDir
    Path dir;

    record Stats(double mean, double sd) {}

    record Outcome(int peakInfected, double dayOfPeak, Stats stats, List<Integer> series, Map<String, Integer> byAge,
            Kind kind) {}

    enum Kind { MILD, SEVERE }

    /** A plain class, no getters: flattened by its fields as Kryo sends them. */
    static final class Plain {
        final String label;
        final long count;

        Plain(String label, long count) {
            this.label = label;
            this.count = count;
        }
    }

    private static final TaskRun RUN = new TaskRun(Instant.parse("2026-11-27T10:00:00Z"),
            Instant.parse("2026-11-27T10:00:01.500Z"), "node7", "320.4", java.time.Duration.ofMillis(1234),
            (long) (1.5 * 1024 * 1024 * 1024));
    /** A worker that measured neither CPU nor memory (not Linux). */
    private static final TaskRun UNMEASURED = new TaskRun(Instant.parse("2026-11-27T10:00:00Z"),
            Instant.parse("2026-11-27T10:00:01.500Z"), "node7", "320.4");

    private List<TaskRow> rows() {
        List<TaskRow> rows = new ArrayList<>();
        Outcome o = new Outcome(348, 98.25, new Stats(1.5, 0.25), List.of(1, 2, 3), Map.of("young", 7), Kind.SEVERE);
        rows.add(TaskRow.of(Params.of("beta", "0.30", "seed", "7"), new TaskResult<>(0, o, null, null, 1_500_000_000L,
                RUN), 0, 1));
        TaskFailure f = new TaskFailure(1, 0, "java.lang.IllegalStateException", "diverged, \"badly\"\nat step 3",
                "java.lang.IllegalStateException: diverged\n\tat example.Model.run(Model.java:9)\n");
        rows.add(TaskRow.of(Params.of("beta", "0.5", "seed", "8"), new TaskResult<>(1, null, f, null, 2_000_000L,
                UNMEASURED), 0, 2));
        return rows;
    }

    @Test
    void recordsAreFlattenedIntoOneColumnPerComponentNestedWithDots() {
        Map<String, Object> cols = Flattener.flatten(new Outcome(1, 2.5, new Stats(3, 4), List.of(5), Map.of("a", 6),
                Kind.MILD));
        assertEquals(List.of("peakInfected", "dayOfPeak", "stats.mean", "stats.sd", "series", "byAge", "kind"),
                List.copyOf(cols.keySet()));
        assertEquals("[5]", Flattener.cell(cols.get("series")), "a list is one JSON value");
        assertEquals("{\"a\":6}", Flattener.cell(cols.get("byAge")), "a map is one JSON value");
        assertEquals("MILD", cols.get("kind"));
        assertEquals(Map.of("label", "x", "count", 3L), Flattener.flatten(new Plain("x", 3)));
        assertEquals(List.of("result"), List.copyOf(Flattener.flatten(2.5).keySet()), "a plain value: one column");
        assertEquals("[1,2]", Flattener.cell(Flattener.flatten(new int[] {1, 2}).get("result")));
    }

    @Test
    void csvHasOneColumnPerParameterAndRecordComponentAndReadsBackWithCommonsCsv() throws Exception {
        Columns columns = new Columns();
        List<TaskRow> rows = rows();
        rows.forEach(columns::see);
        Path file = dir.resolve("results.csv");
        // the scheduler's own figures of job 320.4, as qacct recorded them
        Map<String, RunFacts.Job> jobs = Map.of("320.4", new RunFacts.Job(null, null, 12.5, Math.round(40.18 * 1048576),
                "qacct cpu, maxvmem"));
        try (ResultCsv csv = new ResultCsv(file, columns, jobs)) {
            for (TaskRow r : rows) {
                csv.add(r);
            }
        }
        List<CSVRecord> records;
        List<String> header;
        try (Reader in = Files.newBufferedReader(file);
                var parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
            header = parser.getHeaderNames();
            records = parser.getRecords();
        }
        assertEquals(List.of("itask", "beta", "seed", "peakInfected", "dayOfPeak", "stats.mean", "stats.sd", "series",
                "byAge", "kind", "status", "error", "attempt", "seconds", "start", "host", "job", "cpu_seconds",
                "peak_mib", "job_cpu_seconds", "job_mem_mib"), header);
        CSVRecord ok = records.get(0);
        assertEquals("0.30", ok.get("beta"), "a decimal parameter keeps its digits");
        assertEquals("348", ok.get("peakInfected"));
        assertEquals("98.25", ok.get("dayOfPeak"));
        assertEquals("1.5", ok.get("stats.mean"));
        assertEquals("[1,2,3]", ok.get("series"));
        assertEquals("ok", ok.get("status"));
        assertEquals("1", ok.get("attempt"));
        assertEquals("1.500", ok.get("seconds"));
        assertEquals("2026-11-27T10:00:00Z", ok.get("start"));
        assertEquals("node7", ok.get("host"));
        assertEquals("320.4", ok.get("job"));
        assertEquals("1.234", ok.get("cpu_seconds"));
        assertEquals("1536.0", ok.get("peak_mib"));
        assertEquals("12.500", ok.get("job_cpu_seconds"), "the scheduler's figure of the task's job");
        assertEquals("40.2", ok.get("job_mem_mib"));
        CSVRecord failed = records.get(1);
        assertEquals("12.500", failed.get("job_cpu_seconds"), "the same job's figures: they are the job's");
        assertEquals("", failed.get("cpu_seconds"), "not measured: empty");
        assertEquals("", failed.get("peak_mib"));
        assertEquals("failed", failed.get("status"));
        assertEquals("java.lang.IllegalStateException: diverged, \"badly\"\nat step 3", failed.get("error"),
                "quotes, commas and line breaks survive the round trip");
        assertEquals("", failed.get("peakInfected"));
        assertEquals("2", failed.get("attempt"));
    }

    @Test
    void jsonLinesAreTypedOneObjectPerLine() throws Exception {
        Columns columns = new Columns();
        List<TaskRow> rows = rows();
        rows.forEach(columns::see);
        Path file = dir.resolve("results.jsonl");
        try (ResultJsonLines out = new ResultJsonLines(file, columns)) {
            for (TaskRow r : rows) {
                out.add(r);
            }
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        ObjectMapper m = new ObjectMapper();
        JsonNode ok = m.readTree(lines.get(0));
        assertTrue(ok.get("beta").isNumber(), "numbers stay numbers: " + ok);
        assertTrue(lines.get(0).contains("\"beta\":0.30,"), "a decimal keeps its digits: " + lines.get(0));
        assertTrue(ok.get("seed").isIntegralNumber());
        assertEquals(348, ok.get("peakInfected").asInt());
        assertEquals(1.5, ok.get("stats.mean").asDouble());
        assertTrue(ok.get("series").isArray());
        assertEquals(7, ok.get("byAge").get("young").asInt());
        assertEquals("SEVERE", ok.get("kind").asText());
        assertTrue(ok.get("error").isNull());
        assertEquals(1, ok.get("attempt").asInt());
        assertEquals("node7", ok.get("host").asText());
        assertEquals(1.234, ok.get("cpu_seconds").asDouble());
        assertEquals(1536.0, ok.get("peak_mib").asDouble());
        JsonNode failed = m.readTree(lines.get(1));
        assertTrue(failed.get("cpu_seconds").isNull() && failed.get("peak_mib").isNull(), "not measured: " + failed);
        assertTrue(ok.get("job_cpu_seconds").isNull() && ok.get("job_mem_mib").isNull(),
                "the scheduler recorded nothing (no accounting): null, never made up: " + ok);
        assertEquals("failed", failed.get("status").asText());
        assertTrue(failed.get("peakInfected").isNull(), "a failed task's result keys are null");
        assertTrue(failed.get("error").asText().contains("\"badly\"\nat step 3"));
    }

    @Test
    void tasksThatAreRecordsGiveParameterColumnsAndOthersOneTaskColumn() {
        assertEquals(Map.of("mean", 1.0, "sd", 2.0), TaskRow.params(new Stats(1, 2)));
        assertEquals(Map.of("task", "abc"), TaskRow.params("abc"));
        assertEquals("beta=0.30, seed=7", rows().get(0).label());
        assertNull(TaskRow.typed(null));
        assertEquals(7L, TaskRow.typed("7"));
        assertEquals("x7", TaskRow.typed("x7"));
    }

    @Test
    void stepSummaryIsAppendedAsMarkdown() throws Exception {
        Path file = dir.resolve("summary.md");
        Files.writeString(file, "earlier step\n");
        StepSummary.append(file, "sweep", 200, 3, 40, 1, 12.5, List.of(new StepSummary.Group(
                "java.lang.IllegalStateException", "java.lang.IllegalStateException: diverged | badly", 3,
                List.of("itask 1 (beta=0.5, seed=8)", "itask 4 (beta=0.5, seed=9)")), new StepSummary.Group(
                TaskRow.NOT_RUN, "the map stopped early, as 3 of the 50 ...", 40, List.of("itask 160 (beta=0.9,"
                + " seed=1)"))), Path.of("/x/report.html"), List.of("CPU 0.52 h of 1.03 h of task time"), 0);
        String md = Files.readString(file);
        assertTrue(md.startsWith("earlier step\n### qmr: sweep had failures\n"), md);
        assertTrue(md.contains("| tasks | succeeded | failed | not run | chunks resubmitted | wall time |\n"), md);
        assertTrue(md.contains("| 200 | 157 | 3 | 40 | 1 | 12.5 s |"), md);
        int cause = md.indexOf("| 3 | `java.lang.IllegalStateException` | java.lang.IllegalStateException: diverged"
                + " \\| badly | itask 1 (beta=0.5, seed=8); itask 4 (beta=0.5, seed=9) |");
        int notRun = md.indexOf("| 40 | `not-run` | the map stopped early, as 3 of the 50 ... | itask 160"
                + " (beta=0.9, seed=1); ... |");
        assertTrue(cause > 0 && notRun > cause, "the real cause above the tasks not run: " + md);
        assertTrue(md.contains("Report: `/x/report.html`"), md);
        assertFalse(md.contains("| 12.5 s |\n| failures"), "a blank line separates the tables");
        assertTrue(md.contains("| 12.5 s |\n\nCPU 0.52 h of 1.03 h of task time\n\n| failures"), md);
    }

    @Test
    void theMapsUseIsTotalledWithSlotTimeHeldQueueWaitAndPeakMemory() throws Exception {
        Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
        // job 320.4 submitted at t0, its two tasks run from t0+10s to t0+30s, seen to end at t0+32s
        java.util.Map<String, RunFacts.Job> jobs = new java.util.TreeMap<>(Map.of("320.4",
                new RunFacts.Job(t0, t0.plusSeconds(32))));
        RunFacts facts = new RunFacts("sweep", "s", "example.F", "sge", "jobs", t0, t0.plusSeconds(40), 2, 1, 2,
                null, jobs);
        io.github.qmr.outputs.report.ReportData data = new io.github.qmr.outputs.report.ReportData(facts,
                List.of("seed"), List.of("result"));
        long gib = 1L << 30;
        data.add(TaskRow.of(Params.of("seed", "1"), new TaskResult<>(0, 5, null, null, 10_000_000_000L, new TaskRun(
                t0.plusSeconds(10), t0.plusSeconds(20), "node7", "320.4", java.time.Duration.ofSeconds(6), gib)), 0,
                1));
        data.add(TaskRow.of(Params.of("seed", "2"), new TaskResult<>(1, 6, null, null, 10_000_000_000L, new TaskRun(
                t0.plusSeconds(20), t0.plusSeconds(30), "node7", "320.4", java.time.Duration.ofSeconds(9), 2 * gib)),
                0, 1));

        io.github.qmr.outputs.report.ReportData.Resources r = data.resources();
        assertEquals(15 / 3600.0, r.cpuHours(), 1e-9);
        assertEquals(20 / 3600.0, r.taskHours(), 1e-9);
        assertEquals(22 / 3600.0, r.heldSlotHours(), 1e-9, "from the first task's start to the job's end");
        assertEquals(15 / 22.0, r.efficiency(), 1e-9);
        assertEquals(10.0, r.queueWaitSeconds(), 1e-9);
        assertEquals(2 * gib, r.maxPeakBytes());
        assertEquals(1, r.maxPeakItask());
        assertEquals("CPU 0.00 h of 0.01 h of task time; 0.01 slot-hours held, 68 % computing; queue wait 10.0 s per"
                + " job; peak memory 2.00 GiB (itask 1)", StepSummary.usage(r));
        assertEquals("the largest task's worker held 2.00 GiB at its peak (itask 1); h_vmem=8G holds 4.0x that: a"
                + " smaller request may start sooner and leaves room to others",
                StepSummary.memorySuggestion(2 * gib, 1, 8 * gib, "h_vmem=8G"));
        assertEquals("the largest task's worker held 2.00 GiB at its peak (itask 1); --mem=2200M holds 1.1x that:"
                + " close to the limit; raise it, or let qmr escalate (<escalateMemory>)",
                StepSummary.memorySuggestion(2 * gib, 1, 2200L << 20, "--mem=2200M"));
        assertNull(StepSummary.memorySuggestion(2 * gib, 1, 3 * gib, "h_vmem=3G"),
                "1.5x fits: nothing to say");
        assertNull(StepSummary.memorySuggestion(2 * gib, 1, null, null));
    }

    /** The scheduler's figures reach run.json's jobs, their totals and the step summary's line; none: no line. */
    @Test
    void theSchedulersFiguresOfEachJobAreCollectedSummedAndSaidBesideTheWorkersMeasures() {
        RunFactsCollector collector = new RunFactsCollector(e -> { });
        Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
        for (String id : List.of("320.1", "320.2", "321")) {
            collector.onEvent(new io.github.qmr.runtime.MapEvent.JobSubmitted("s", id, t0));
            collector.onEvent(new io.github.qmr.runtime.MapEvent.JobEnded("s", id, t0.plusSeconds(60)));
        }
        collector.onEvent(new io.github.qmr.runtime.MapEvent.JobUsage("s", "320.1", java.time.Duration.ofSeconds(1800),
                1L << 30, "qacct cpu, maxvmem"));
        collector.onEvent(new io.github.qmr.runtime.MapEvent.JobUsage("s", "320.2", java.time.Duration.ofSeconds(5400),
                3L << 29, "qacct cpu, maxvmem"));
        RunFacts facts = collector.facts("e", "s", "f", "sge", "pull", t0, t0.plusSeconds(60), 10, 3, 4);
        assertEquals(new RunFacts.Job(t0, t0.plusSeconds(60), 1800.0, 1L << 30, "qacct cpu, maxvmem"),
                facts.jobs().get("320.1"));
        assertEquals(new RunFacts.Job(t0, t0.plusSeconds(60)), facts.jobs().get("321"), "no record: no figures");
        assertEquals(new RunFacts.SchedulerUsage(2, 2.0, 3L << 29, "qacct cpu, maxvmem"), facts.schedulerUsage());
        assertEquals("the scheduler's own figures (qacct cpu, maxvmem) of 2 jobs: CPU 2.00 h, the largest job's memory"
                + " 1.50 GiB", StepSummary.schedulerUsage(facts.schedulerUsage()));
        RunFacts none = new RunFactsCollector(e -> { }).facts("e", "s", "f", "slurm", "pull", t0, t0, 1, 1, 1);
        assertNull(none.schedulerUsage());
        assertNull(StepSummary.schedulerUsage(none.schedulerUsage()));
    }
}
