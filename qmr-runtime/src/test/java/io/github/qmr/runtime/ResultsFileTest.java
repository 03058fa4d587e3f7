package io.github.qmr.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.codec.CodecException;
import io.github.qmr.runtime.params.Params;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsFileTest {
    @TempDir
    Path dir;

    record Point(int x, int y) {}

    @Test
    void entriesComeBackWithTheirTypes() {
        Path file = dir.resolve("results.qmr");
        TaskFailure failure = new TaskFailure(1, 0, "java.lang.IllegalStateException", "boom", "trace");
        ChunkFailure chunk = new ChunkFailure(1, 2, 1, "42", 3, "worker exited with code 3", "tail");
        try (ResultsFile.Writer w = ResultsFile.create(file)) {
            w.add(Params.of("x", "1"), new TaskResult<>(0, new Point(1, 2), null, null, 5));
            w.add(Params.of("x", "2"), new TaskResult<>(1, null, failure, null, 6));
            w.add(Params.of("x", "3"), new TaskResult<>(2, null, null, chunk, 0));
            w.finish();
        }
        List<ResultsFile.Entry> back = ResultsFile.readAll(file, getClass().getClassLoader());
        assertEquals(3, back.size());
        assertEquals(Params.of("x", "1"), back.get(0).task());
        assertEquals(new Point(1, 2), back.get(0).result().value());
        assertTrue(back.get(0).result().succeeded());
        assertEquals(5, back.get(0).result().nanos());
        assertEquals(failure, back.get(1).result().failure());
        assertNull(back.get(1).result().value());
        assertEquals(chunk, back.get(2).result().chunkFailure());
        assertFalse(back.get(2).result().succeeded());
    }

    @Test
    void anUnfinishedFileIsNeverThere() {
        Path file = dir.resolve("results.qmr");
        try (ResultsFile.Writer w = ResultsFile.create(file)) {
            w.add("t", new TaskResult<>(0, 1, null, null, 1));
        }
        assertFalse(Files.exists(file));
        assertThrows(CodecException.class, () -> ResultsFile.open(file));
    }
}
