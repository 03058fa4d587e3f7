package io.github.qmr.maven.uptodate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputStampTest {
    @TempDir
    Path out;

    private void output() throws IOException {
        Files.writeString(out.resolve("results.qmr"), "typed");
        Files.writeString(out.resolve("results.csv"), "itask,result\n0,1\n");
    }

    @Test
    void anIntactOutputOfTheSameKeyIsUpToDate() throws IOException {
        output();
        OutputStamp.write(out, "k1", 2, 0);
        assertNull(OutputStamp.staleness(out, "k1", "results.qmr"));
        OutputStamp stamp = OutputStamp.read(out);
        assertEquals(2, stamp.tasks());
        assertEquals(0, stamp.failed());
        assertEquals(java.util.List.of("results.csv", "results.qmr"), java.util.List.copyOf(stamp.files().keySet()));
    }

    @Test
    void anotherKeyAnEditedFileOrAMissingFileIsNot() throws IOException {
        output();
        OutputStamp.write(out, "k1aaaaaaaaaaaaaaa", 2, 0);
        assertEquals("the inputs changed (key k1aaaaaaaaaa before, k2bbbbbbbbbb now)",
                OutputStamp.staleness(out, "k2bbbbbbbbbbbbbbb", "results.qmr"));
        Files.writeString(out.resolve("results.csv"), "edited");
        assertEquals("results.csv in " + out + " was changed since the map wrote it",
                OutputStamp.staleness(out, "k1aaaaaaaaaaaaaaa", "results.qmr"));
        Files.delete(out.resolve("results.csv"));
        assertEquals("results.csv is missing from " + out, OutputStamp.staleness(out, "k1aaaaaaaaaaaaaaa",
                "results.qmr"));
    }

    @Test
    void withoutAStampNothingIsUpToDate() throws IOException {
        output();
        assertEquals("no complete earlier output in " + out, OutputStamp.staleness(out, "k1", "results.qmr"));
        assertEquals("no complete earlier output in " + out.resolve("none"),
                OutputStamp.staleness(out.resolve("none"), "k1", "results.qmr"));
    }
}
