package io.github.qmr.maven.uptodate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapKeyTest {
    @TempDir
    Path dir;

    private static MapKey key(String function, String tasks, List<String> classpath, Map<String, String> settings) {
        return new MapKey("0.1.0", function, null, tasks, classpath, settings);
    }

    @Test
    void aClassFileRewrittenWithTheSameBytesKeepsTheKey() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes/example"));
        Files.write(classes.resolve("Power.class"), new byte[] {1, 2, 3});
        String before = key("example.Power", "sweep x=1..3;", List.of(ContentDigest.of(dir.resolve("classes"))),
                Map.of()).hash();
        // a rebuild: the same bytes, a new modification time
        Files.write(classes.resolve("Power.class"), new byte[] {1, 2, 3});
        Files.setLastModifiedTime(classes.resolve("Power.class"), FileTime.fromMillis(0));
        String after = key("example.Power", "sweep x=1..3;", List.of(ContentDigest.of(dir.resolve("classes"))),
                Map.of()).hash();
        assertEquals(before, after);
    }

    @Test
    void aChangedClassChangesTheKey() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes/example"));
        Files.write(classes.resolve("Power.class"), new byte[] {1, 2, 3});
        String before = key("example.Power", "t", List.of(ContentDigest.of(dir.resolve("classes"))), Map.of()).hash();
        Files.write(classes.resolve("Power.class"), new byte[] {1, 2, 4});
        String after = key("example.Power", "t", List.of(ContentDigest.of(dir.resolve("classes"))), Map.of()).hash();
        assertNotEquals(before, after);
    }

    @Test
    void aJarCopiedElsewhereHasTheSameDigestAndAFolderAndItsFilesDiffer() throws IOException {
        Path a = Files.write(dir.resolve("a.jar"), new byte[] {9, 9});
        Path b = Files.write(Files.createDirectories(dir.resolve("elsewhere")).resolve("b.jar"), new byte[] {9, 9});
        assertEquals(ContentDigest.of(a), ContentDigest.of(b));
        assertNotEquals(ContentDigest.of(dir.resolve("elsewhere")), ContentDigest.of(b));
        assertEquals("missing", ContentDigest.of(dir.resolve("no-such-folder")));
    }

    @Test
    void everyInputThatChangesResultsChangesTheKey() {
        MapKey base = new MapKey("0.1.0", "example.Power", "example.Sum", "sweep x=1..3;", List.of("aa", "bb"),
                Map.of("jvmOptions", "[-Xmx1g]", "maxFailedTasks", "0"));
        List<MapKey> changed = List.of(
                new MapKey("0.2.0", "example.Power", "example.Sum", "sweep x=1..3;", List.of("aa", "bb"),
                        base.settings()),
                new MapKey("0.1.0", "example.Other", "example.Sum", "sweep x=1..3;", List.of("aa", "bb"),
                        base.settings()),
                new MapKey("0.1.0", "example.Power", null, "sweep x=1..3;", List.of("aa", "bb"), base.settings()),
                new MapKey("0.1.0", "example.Power", "example.Sum", "sweep x=1..4;", List.of("aa", "bb"),
                        base.settings()),
                new MapKey("0.1.0", "example.Power", "example.Sum", "sweep x=1..3;", List.of("bb", "aa"),
                        base.settings()),
                new MapKey("0.1.0", "example.Power", "example.Sum", "sweep x=1..3;", List.of("aa", "bb"),
                        Map.of("jvmOptions", "[-Xmx2g]", "maxFailedTasks", "0")));
        for (MapKey k : changed) {
            assertNotEquals(base.hash(), k.hash(), k.toString());
        }
    }

    @Test
    void theOrderSettingsArePutInDoesNotMatter() {
        Map<String, String> one = new java.util.LinkedHashMap<>();
        one.put("a", "1");
        one.put("b", "2");
        Map<String, String> other = new java.util.LinkedHashMap<>();
        other.put("b", "2");
        other.put("a", "1");
        assertEquals(key("f", "t", List.of(), one).hash(), key("f", "t", List.of(), other).hash());
    }

    @Test
    void aValueCannotPassForTwo() {
        assertNotEquals(new MapKey("v", "f", "r", "t", List.of("a\nclasspath 1 b"), Map.of()).hash(),
                new MapKey("v", "f", "r", "t", List.of("a", "b"), Map.of()).hash());
    }
}
