package io.github.qmr.maven.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.ResultsFile;
import io.github.qmr.runtime.TaskFailure;
import io.github.qmr.runtime.TaskResult;
import io.github.qmr.runtime.params.Params;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The results a rerun can take: the succeeded ones of the last run's results.qmr, with their function keys. */
class KeptResultsTest {
    @TempDir
    Path dir;

    private final ClassLoader loader = getClass().getClassLoader();

    private Path results() {
        Path file = dir.resolve("results.qmr");
        try (ResultsFile.Writer w = ResultsFile.create(file)) {
            w.add(Params.of("seed", "1"), new TaskResult<>(0, 10L, null, null, 1));
            w.add(Params.of("seed", "2"), new TaskResult<>(1, null, new TaskFailure(1, 0, "E", "boom", ""), null, 1));
            w.add(Params.of("seed", "3"), new TaskResult<>(2, 30L, null, null, 1));
            w.finish();
        }
        return file;
    }

    @Test
    void onlySucceededResultsAreKeptEachWithTheKeyOfItsFunction() throws IOException {
        Path file = results();
        ResultKeys.write(dir.resolve(ResultKeys.FILE), List.of("f1", "f1", "f2"));
        TaskId.Maker ids = new TaskId.Maker(loader);
        KeptResults kept = KeptResults.read(file, ids, loader);
        assertNull(kept.problem());
        assertEquals(2, kept.byTask().size());
        RerunPlan.Kept one = kept.byTask().get(ids.of(Params.of("seed", "1")));
        assertEquals(10L, one.result().value());
        assertEquals("f1", one.functionKey());
        assertEquals("f2", kept.byTask().get(ids.of(Params.of("seed", "3"))).functionKey());
        assertNull(kept.byTask().get(ids.of(Params.of("seed", "2"))), "a failed task runs again");
        assertEquals(java.util.Set.of(ids.of(Params.of("seed", "2"))), kept.failed());
    }

    @Test
    void withoutTheKeysOrWithKeysOfAnotherRunNothingIsKeptAndTheLogSaysWhy() throws IOException {
        Path file = results();
        TaskId.Maker ids = new TaskId.Maker(loader);
        KeptResults none = KeptResults.read(file, ids, loader);
        assertTrue(none.byTask().isEmpty());
        assertTrue(none.problem().contains(ResultKeys.FILE + " is missing"), none.problem());
        ResultKeys.write(dir.resolve(ResultKeys.FILE), List.of("f1", "f1"));
        KeptResults mismatch = KeptResults.read(file, ids, loader);
        assertTrue(mismatch.byTask().isEmpty());
        assertTrue(mismatch.problem().contains("lists 2 tasks"), mismatch.problem());
        assertEquals(KeptResults.NONE, KeptResults.read(dir.resolve("none.qmr"), ids, loader));
    }
}
