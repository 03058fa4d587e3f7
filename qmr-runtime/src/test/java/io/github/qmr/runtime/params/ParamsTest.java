package io.github.qmr.runtime.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.codec.FileKind;
import io.github.qmr.runtime.codec.RecordReader;
import io.github.qmr.runtime.codec.RecordWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParamsTest {
    @TempDir
    Path dir;

    @Test
    void typedGettersReadTheValuesAsWritten() {
        Params p = Params.of("alpha", "0.25", "seed", "7", "name", "x y", "big", "12345678901", "on", "TRUE");
        assertEquals(0.25, p.getDouble("alpha"));
        assertEquals(new BigDecimal("0.25"), p.getDecimal("alpha"));
        assertEquals(7, p.getInt("seed"));
        assertEquals(12345678901L, p.getLong("big"));
        assertEquals("x y", p.getString("name"));
        assertTrue(p.getBoolean("on"));
        assertEquals(List.of("alpha", "seed", "name", "big", "on"), p.names());
        assertEquals("alpha=0.25, seed=7, name=x y, big=12345678901, on=TRUE", p.toString());
    }

    @Test
    void mistakesNameTheParameterAndTheTask() {
        Params p = Params.of("seed", "abc");
        IllegalArgumentException notInt = assertThrows(IllegalArgumentException.class, () -> p.getInt("seed"));
        assertEquals("parameter 'seed' is 'abc', which is not an int (seed=abc)", notInt.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> p.get("alpha"));
        assertEquals("this task has no parameter 'alpha'; it has seed (seed=abc)", missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Params.of("a", "1", "a", "2"));
        assertThrows(IllegalArgumentException.class, () -> Params.of("a"));
        assertThrows(IllegalArgumentException.class, () -> Params.of("on", "yes").getBoolean("on"));
    }

    @Test
    void keepsTheMapOrderAndCompares() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("z", "1");
        m.put("a", "2");
        Params p = Params.of(m);
        assertEquals(List.of("z", "a"), p.names());
        assertEquals(m, p.asMap());
        assertEquals(Params.of("z", "1", "a", "2"), p);
        assertEquals(Params.of("z", "1", "a", "2").hashCode(), p.hashCode());
        assertFalse(p.equals(Params.of("a", "2", "z", "1")));
        assertEquals(Params.of("z", "1", "a", "3", "b", "4"), p.with("a", "3").with("b", "4"));
    }

    @Test
    void travelsThroughTheCodec() {
        io.github.qmr.runtime.workdir.SessionDir session = io.github.qmr.runtime.workdir.SessionDir.create(dir);
        session.prepareChunk(0);
        Path file = session.tasksFile(0); // a session's task file, sealed with its secret
        Params p = Params.of("alpha", "0.1", "seed", "3");
        try (RecordWriter w = RecordWriter.create(file, FileKind.TASKS, 0, 0)) {
            w.writeObject(p);
            w.writeObject(Params.of());
            w.finish();
        }
        try (RecordReader r = RecordReader.open(file, FileKind.TASKS)) {
            assertEquals(p, r.readObject());
            assertEquals(Params.of(), r.readObject());
        }
    }
}
