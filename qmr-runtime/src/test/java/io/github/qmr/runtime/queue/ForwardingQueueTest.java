package io.github.qmr.runtime.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.qmr.runtime.queue.local.LocalQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A test queue built on ForwardingQueue takes job arrays when the queue under it does, instead of dropping them. */
class ForwardingQueueTest {
    @TempDir
    Path dir;

    @Test
    void jobArraysReachTheQueueUnderneath() throws Exception {
        Path script = Files.writeString(dir.resolve("element.sh"), "exit 0\n");
        try (ForwardingQueue queue = new ForwardingQueue("watched", new LocalQueue(1, 3)) {}) {
            assertEquals("watched", queue.name());
            assertEquals(3, queue.maxArraySize());
            List<String> ids = queue.submitArray(new ArrayJobSpec("arr", script, List.of(), 2, dir.resolve("out"),
                    dir.resolve("err"), dir));
            assertEquals(2, ids.size(), ids.toString());
            long deadline = System.nanoTime() + 60_000_000_000L;
            Map<String, JobStatus> states = queue.poll(ids);
            while (!states.values().stream().allMatch(s -> s.state() == JobState.FINISHED)
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
                states = queue.poll(ids);
            }
            for (String id : ids) {
                assertEquals(JobState.FINISHED, states.get(id).state(), states.toString());
                assertEquals(Integer.valueOf(0), states.get(id).exitCode(), states.toString());
            }
        }
    }
}
