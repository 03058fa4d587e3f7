package io.github.qmr.maven.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.qmr.runtime.TaskFailure;
import io.github.qmr.runtime.TaskResult;
import io.github.qmr.runtime.params.Params;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which tasks of a rerun run (one pure decision), and how their results merge back into task order. */
class RerunPlanTest {
    private static final String F1 = "f1";
    private static final String F2 = "f2";
    private final TaskId.Maker ids = new TaskId.Maker(getClass().getClassLoader());

    @TempDir
    Path dir;

    private static TaskResult<Object> ok(long itask, Object value) {
        return new TaskResult<>(itask, value, null, null, 1_000);
    }

    private TaskId id(String seed) {
        return ids.of(Params.of("beta", "0.2", "seed", seed));
    }

    /** Seeds 1..4 kept under {@code key}. */
    private Map<TaskId, RerunPlan.Kept> kept(String key) {
        Map<TaskId, RerunPlan.Kept> kept = new HashMap<>();
        for (int seed = 1; seed <= 4; seed++) {
            kept.put(id(Integer.toString(seed)), new RerunPlan.Kept(ok(seed - 1, "r" + seed), key));
        }
        return kept;
    }

    @Test
    void theSameParametersHaveTheSameIdAndOthersAnother() {
        assertEquals(id("1"), ids.of(Params.of("beta", "0.2", "seed", "1")));
        assertNotEquals(id("1"), id("2"));
        // the value as written: 0.20 is not 0.2 (the function may read it as text)
        assertNotEquals(id("1"), ids.of(Params.of("beta", "0.20", "seed", "1")));
        assertNotEquals(ids.of(List.of(1, 2)), ids.of(List.of(2, 1)));
    }

    @Test
    void aGrownSweepRunsOnlyTheNewTasks() {
        // seeds 1..8 now; 1..4 were computed by the same function
        List<TaskId> tasks = new ArrayList<>();
        for (int seed = 1; seed <= 8; seed++) {
            tasks.add(id(Integer.toString(seed)));
        }
        RerunPlan plan = RerunPlan.decide(tasks, kept(F1), Set.of(), F1, Rerun.CHANGED);
        assertEquals(List.of(4, 5, 6, 7), plan.toRun());
        assertEquals(4, plan.kept());
        assertEquals(List.of(0L, 4L, 4L), plan.runs(), "none computed, 4 kept, 4 computed");
        assertEquals(0, plan.fromEarlierFunction());
    }

    @Test
    void aChangedFunctionRunsEveryTaskUnlessOnlyTheFailedOnesAreAskedFor() {
        List<TaskId> tasks = List.of(id("1"), id("2"), id("5"), id("3"));
        RerunPlan changed = RerunPlan.decide(tasks, kept(F1), Set.of(), F2, Rerun.CHANGED);
        assertEquals(List.of(0, 1, 2, 3), changed.toRun());
        RerunPlan failed = RerunPlan.decide(tasks, kept(F1), Set.of(id("5")), F2, Rerun.FAILED);
        assertEquals(List.of(2), failed.toRun());
        assertEquals(3, failed.fromEarlierFunction());
        // seed 5 failed last time: the pre-flight does not try it, the queue does
        assertEquals(Set.of(2), failed.failedBefore());
        assertEquals(List.of(), failed.toRunNotFailedBefore());
        assertEquals(List.of(0, 1, 2, 3), changed.toRunNotFailedBefore());
    }

    @Test
    void aTaskThatCannotBeIdentifiedRuns() {
        RerunPlan plan = RerunPlan.decide(Arrays.asList(id("1"), null), kept(F1), Set.of(), F1, Rerun.CHANGED);
        assertEquals(List.of(1), plan.toRun());
    }

    @Test
    void theMergeIsInTaskOrderAndNumbersEachResultByItsPlaceInTheWholeMap() {
        List<TaskId> tasks = List.of(id("9"), id("1"), id("8"), id("2"));
        RerunPlan plan = RerunPlan.decide(tasks, kept(F1), Set.of(), F1, Rerun.CHANGED);
        assertEquals(List.of(0, 2), plan.toRun());
        assertEquals(List.of(1L, 1L, 1L, 1L), plan.runs());
        // the map ran the two tasks as its tasks 0 and 1; the second threw
        List<TaskResult<Object>> computed = List.of(ok(0, "new9"), new TaskResult<>(1, null,
                new TaskFailure(1, 0, "java.lang.IllegalStateException", "boom", "at x"), null, 5));
        List<TaskResult<Object>> merged = new ArrayList<>();
        plan.merge(computed.iterator()).forEachRemaining(merged::add);
        assertEquals(List.of(0L, 1L, 2L, 3L), merged.stream().map(TaskResult::itask).toList());
        assertEquals(Arrays.asList("new9", "r1", null, "r2"), merged.stream().map(TaskResult::value).toList());
        assertEquals(2, merged.get(2).failure().itask());
        assertEquals("boom", merged.get(2).failure().message());
    }

    @Test
    void aMapThatGaveTooFewResultsIsAnErrorNotAShortOutput() {
        RerunPlan plan = RerunPlan.all(2);
        Iterator<TaskResult<Object>> merged = plan.merge(List.of(ok(0, "a")).iterator());
        merged.next();
        assertThrows(IllegalStateException.class, merged::next);
    }

    @Test
    void theKeysOfTheResultsAreKeptInRunsAndReadBackPerTask() throws IOException {
        List<String> keys = new ArrayList<>(Collections.nCopies(1000, F1));
        keys.addAll(Collections.nCopies(3, F2));
        keys.add(F1);
        Path file = dir.resolve(ResultKeys.FILE);
        ResultKeys.write(file, keys);
        assertEquals(keys, ResultKeys.read(file));
        assertEquals(6, Files.readAllLines(file).size(), "a comment, two keys, three runs");
        Files.writeString(file, "key 0 f1\nrun 1 5\n");
        assertNull(ResultKeys.read(file), "a run of a key not listed: nothing is kept");
    }
}
