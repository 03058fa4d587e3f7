package io.github.qmr.maven.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaleClassesTest {
    @TempDir
    Path dir;

    private Path file(String name, long millis) throws IOException {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, name);
        Files.setLastModifiedTime(f, FileTime.fromMillis(millis));
        return f;
    }

    @Test
    void aSourceEditedAfterCompilingIsReportedWithTheCommandToRun() throws IOException {
        Path source = file("src/example/Power.java", 2_000_000);
        Path compiled = file("classes/example/Power.class", 1_000_000);
        file("src/example/Fresh.java", 1_000_000);
        file("classes/example/Fresh.class", 2_000_000);
        file("src/example/package-info.java", 3_000_000);
        List<StaleClasses.Stale> stale = StaleClasses.find(List.of(dir.resolve("src")), dir.resolve("classes"));
        assertEquals(List.of(new StaleClasses.Stale(source, compiled)), stale);
        assertEquals("classes older than their sources: " + source + " is newer than " + compiled + "; qmr:map runs"
                + " the compiled classes as they are: run mvn compile qmr:map", StaleClasses.warning(stale));
    }

    @Test
    void aSourceNeverCompiledCountsAndCompiledClassesDoNot() throws IOException {
        Path source = file("src/example/New.java", 1_000);
        file("src/example/Old.java", 1_000);
        file("classes/example/Old.class", 2_000);
        List<StaleClasses.Stale> stale = StaleClasses.find(List.of(dir.resolve("src")), dir.resolve("classes"));
        assertEquals(List.of(source), stale.stream().map(StaleClasses.Stale::source).toList());
        assertNull(StaleClasses.warning(List.of()));
    }
}
