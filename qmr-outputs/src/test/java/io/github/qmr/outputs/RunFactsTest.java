package io.github.qmr.outputs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/** A rerun's chunks number only the tasks it computed; the tasks that took kept results ran in no chunk. */
class RunFactsTest {
    @Test
    void chunksCountOnlyTheComputedTasks() {
        // 10 tasks: 0..1 computed, 2..4 kept, 5..8 computed, 9 kept; 6 computed in chunks of 2
        RunFacts facts = new RunFacts("sweep", "s", "F", "local", "m", null, null, 10, 3, 2, null, null)
                .withKept(new RunFacts.Kept(4, 0, List.of(2L, 3L, 4L, 1L)));
        int[] expected = {0, 0, -1, -1, -1, 1, 1, 2, 2, -1};
        for (int itask = 0; itask < expected.length; itask++) {
            assertEquals(expected[itask], facts.chunkOf(itask), "itask " + itask);
        }
        assertEquals(4, facts.keptTasks());
        RunFacts all = new RunFacts("sweep", "s", "F", "local", "m", null, null, 10, 5, 2, null, null);
        assertEquals(4, all.chunkOf(9));
        assertEquals(0, all.keptTasks());
    }

    @Test
    void theKeptTasksAreReadBackFromRunJsonForQmrReport(@TempDir Path dir) throws IOException {
        new RunFacts("sweep", "s", "F", "local", "m", null, null, 10, 3, 2, null, null)
                .withKept(new RunFacts.Kept(4, 1, List.of(2L, 3L, 4L, 1L))).write(dir);
        RunFacts read = RunFacts.read(dir, 10);
        assertEquals(new RunFacts.Kept(4, 1, List.of(2L, 3L, 4L, 1L)), read.kept());
        assertEquals(-1, read.chunkOf(9));
        new RunFacts("sweep", "s", "F", "local", "m", null, null, 10, 5, 2, null, null).write(dir);
        assertEquals(null, RunFacts.read(dir, 10).kept());
    }
}
