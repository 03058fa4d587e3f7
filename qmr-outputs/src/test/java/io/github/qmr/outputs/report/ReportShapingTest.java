package io.github.qmr.outputs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.qmr.outputs.Json;
import io.github.qmr.outputs.RunFacts;
import io.github.qmr.outputs.RunFactsCollector;
import io.github.qmr.outputs.TaskRow;
import io.github.qmr.runtime.MapListener;
import io.github.qmr.runtime.TaskFailure;
import io.github.qmr.runtime.TaskResult;
import io.github.qmr.runtime.TaskRun;
import io.github.qmr.runtime.params.Params;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's data shaping, as pure functions: replicates, axes, default lines, grouping, columns, reduced. */
class ReportShapingTest {
    private static final Instant T0 = Instant.parse("2026-12-07T05:00:00Z");

    record Giant(double giant) {}

    @Test
    void parametersNamedLikeARepeatAreReplicatesUnlessDeclaredOtherwise() {
        List<String> params = List.of("n", "c", "seed", "Rep", "runs", "runtime", "seedling");
        assertEquals(List.of("seed", "Rep", "runs"), Replicates.of(params, null));
        assertEquals(List.of("c"), Replicates.of(params, Replicates.parse("c")));
        assertEquals(List.of("n", "seed"), Replicates.of(params, Replicates.parse(" seed, n ")));
        assertEquals(List.of(), Replicates.of(params, Replicates.parse("none")));
        assertNull(Replicates.parse(" "));
    }

    @Test
    void anEmptyValueLeavesANumericAxisNumericAndPositiveValuesOverDecadesAreLog() {
        assertEquals(Axis.LINEAR, Axis.of(List.of("", "0.5", "1.5", "2")), "an empty value is left out");
        assertEquals(Axis.LOG, Axis.of(List.of("", "0.01", "0.1", "1.5", "0.5")), "0.01 to 1.5: two decades");
        assertEquals(Axis.LINEAR, Axis.of(List.of("0", "10", "1000")), "zero has no logarithm");
        assertEquals(Axis.LINEAR, Axis.of(List.of("1", "1000")), "two values are a line, not a log scale");
        assertEquals(Axis.CATEGORY, Axis.of(List.of("1", "ten")));
        assertEquals(Axis.CATEGORY, Axis.of(List.of("", " ")), "nothing numeric");
        assertEquals(List.of("0.01", "0.1", "0.5", "1.5"), PlotData.ordered(List.of("", "0.01", "0.1", "1.5", "0.5"),
                Axis.LOG), "in numeric order, without the empty value");
        assertEquals(List.of("b", "a"), PlotData.ordered(List.of("b", "a"), Axis.CATEGORY), "as they came");
    }

    @Test
    void theParameterWithMostValuesIsXAndTheNextTheColour() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("n", 3);
        counts.put("c", 12);
        counts.put("k", 3);
        counts.put("fixed", 1);
        assertEquals(List.of("c", "n"), PlotData.defaults(counts), "most values first; a tie in their order");
        assertEquals(List.of("c"), PlotData.defaults(Map.of("c", 12, "fixed", 1)));
    }

    @Test
    void mergedStatisticsEqualThoseOfAllTheNumbers() {
        double[] all = {1, 2, 4, 8, 16, 3};
        Stats whole = new Stats();
        Arrays.stream(all).forEach(whole::add);
        Stats a = new Stats();
        Stats b = new Stats();
        Arrays.stream(all, 0, 2).forEach(a::add);
        Arrays.stream(all, 2, 6).forEach(b::add);
        a.merge(b);
        assertEquals(whole.n, a.n);
        assertEquals(whole.mean, a.mean, 1e-12);
        assertEquals(whole.sd(), a.sd(), 1e-12);
        assertEquals(1, a.min);
        assertEquals(16, a.max);
    }

    /** n x c x seed, seed a replicate: a cell per (n, c) with the statistics over the seeds; failed tasks none. */
    @Test
    void cellsGroupTheTasksOverTheReplicatesAndAxesHoldOnlySucceededValues() {
        RunFacts facts = new RunFactsCollector(MapListener.none()).facts("sweep", "s", "example.Model", "local",
                "pull", T0, T0.plusSeconds(30), 12, 1, 12);
        ReportData d = new ReportData(facts, List.of("n", "c", "seed"), List.of("giant"));
        long itask = 0;
        for (String n : List.of("10", "100")) {
            for (String c : List.of("0.5", "1.5")) {
                for (int seed = 1; seed <= 3; seed++) {
                    double giant = Double.parseDouble(n) * Double.parseDouble(c) + seed;
                    TaskRun run = new TaskRun(T0, T0.plusMillis(500), "node1", null, Duration.ofMillis(400));
                    d.add(TaskRow.of(Params.of("n", n, "c", c, "seed", Integer.toString(seed)),
                            new TaskResult<>(itask, new Giant(giant), null, null, 500_000_000L, run), 0, 1));
                    itask++;
                }
            }
        }
        TaskFailure thrown = new TaskFailure(itask, 0, "java.lang.IllegalStateException", "no", "trace");
        d.add(TaskRow.of(Params.of("n", "1000", "c", "9", "seed", "1"), new TaskResult<>(itask, null, thrown, null,
                1_000_000_000L, new TaskRun(T0, T0.plusSeconds(1), "node1", null)), 0, 1));
        assertEquals(List.of("seed"), d.replicates);
        assertEquals(List.of("n", "c"), d.grouping);
        assertEquals(List.of("n", "c"), d.swept(), "never the replicate");
        assertFalse(d.distinctOk.get("n").contains("1000"), "a value only a failed task had is on no result's axis");
        Stats cell = d.cells.get(List.of("100", "1.5")).values.get("giant");
        assertEquals(3, cell.n);
        assertEquals(152, cell.mean, 1e-12, "150 + the seeds 1, 2, 3");
        assertEquals(1, cell.sd(), 1e-12);
        assertEquals(0.4, d.cells.get(List.of("10", "0.5")).costs.get("cpu").mean, 1e-12);
        assertEquals(List.of("seconds", "cpu"), List.copyOf(d.resources));
        assertEquals(1, d.cells.get(List.of("1000", "9")).costs.get("seconds").mean, 1e-12,
                "a task that threw cost its time");
        assertNull(d.cells.get(List.of("1000", "9")).values.get("giant"));

        JsonNode data = PlotData.of(d, d.numeric());
        assertEquals("[\"n\",\"c\"]", names(data.get("params")));
        assertEquals("n", data.get("x").asText(), "counted over the tasks that succeeded: two values each, the"
                + " first is x (with the failed task's, n would have three)");
        assertEquals("c", data.get("colour").asText());
        JsonNode json = data.get("cells").get(3);
        assertEquals("[1,1]", json.get("k").toString(), "n = 100, c = 1.5");
        assertEquals("[[3,152.0,1.0]]", json.get("v").toString(), "n, mean and sd over the three seeds");
    }

    private static String names(JsonNode array) {
        StringBuilder s = new StringBuilder("[");
        array.forEach(o -> s.append(s.length() > 1 ? "," : "").append('"').append(o.get("name").asText()).append('"'));
        return s.append(']').toString();
    }

    @Test
    void theTableShowsColumnsByPriorityWhileTheyFit() {
        List<TableColumns.Column> columns = List.of(new TableColumns.Column("itask", 5, 0),
                new TableColumns.Column("wide result", 100, 3), new TableColumns.Column("status", 6, 2),
                new TableColumns.Column("host", 10, 6));
        // 5*7+17 + 6*7+17 + 10*7+17 = 198; the wide one (717) does not fit in 400
        assertEquals(List.of("itask", "status", "host"), List.copyOf(TableColumns.shown(columns, 400)));
        assertEquals(List.of("itask", "status", "wide result", "host"),
                List.copyOf(TableColumns.shown(columns, 2000)));
    }

    @Test
    void theReducedResultIsATableOfValuesATablePerMapAndAPlotWhereItIsNumericByNumber() throws Exception {
        JsonNode reduced = Json.mapper().readTree("{\"runs\": 117, \"mean\": 0.5, \"byBeta\": {\"0.2\": 3.5,"
                + " \"0.1\": 1.5, \"0.3\": 4}, \"byName\": {\"a\": {\"x\": 1, \"y\": \"p\"}, \"b\": {\"x\": 2,"
                + " \"y\": \"q\"}}, \"deep\": [[1, 2], [3]]}");
        List<ReducedView.Part> parts = ReducedView.parts(reduced);
        ReducedView.Values values = (ReducedView.Values) parts.get(0);
        assertEquals(List.of("runs", "mean"), List.copyOf(values.values().keySet()));
        ReducedView.Table byBeta = (ReducedView.Table) parts.get(1);
        assertEquals(List.of("key", "byBeta"), byBeta.header());
        assertEquals(3, byBeta.rows().size());
        ReducedView.Series series = (ReducedView.Series) parts.get(2);
        assertEquals("[0.1, 0.2, 0.3]", Arrays.toString(series.xs()), "in key order");
        assertEquals("[1.5, 3.5, 4.0]", Arrays.toString(series.ys().get("byBeta")));
        ReducedView.Table byName = (ReducedView.Table) parts.get(3);
        assertEquals(List.of("key", "x", "y"), byName.header(), "a map of records: a column per component");
        assertTrue(parts.get(4) instanceof ReducedView.Text text && text.name().equals("deep"), "nested: its JSON");
        assertEquals(5, parts.size(), "no plot by the names a and b");
    }

    @Test
    void costsAreTheTimeAndEveryNumberTheRunMeasured() {
        TaskRun run = new TaskRun(T0, T0.plusSeconds(2), "node1", "7", Duration.ofMillis(1500));
        TaskRow ok = TaskRow.of(Params.of("n", "1"), new TaskResult<>(0, 1L, null, null, 2_000_000_000L, run), 0, 1);
        assertEquals(Map.of("seconds", 2.0, "cpu", 1.5), Resources.of(ok));
        TaskRow unmeasured = TaskRow.of(Params.of("n", "1"), new TaskResult<>(0, 1L, null, null, 2_000_000_000L,
                new TaskRun(T0, T0.plusSeconds(2), "node1", "7")), 0, 1);
        assertEquals(Map.of("seconds", 2.0), Resources.of(unmeasured), "no cpu where it was not measured");
    }
}
