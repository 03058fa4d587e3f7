package io.github.qmr.maven.classpath;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClasspathStagerTest {
    @TempDir
    Path tmp;

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void aJarIsStoredUnderItsHashAndReused() throws Exception {
        Path jar = Files.write(tmp.resolve("lib.jar"), new byte[] {1, 2, 3});
        Path workDir = tmp.resolve("work");
        ClasspathStager stager = new ClasspathStager(workDir);
        List<ClasspathStager.Staged> first = stager.stage(List.of(jar));
        assertEquals(1, first.size());
        ClasspathStager.Staged s = first.get(0);
        assertEquals(sha256(jar), s.sha256());
        assertEquals(workDir.resolve("classpath").resolve(s.sha256() + ".jar"), s.jar());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(s.jar()));
        assertFalse(s.reused());
        assertEquals(jar, s.source());

        ClasspathStager.Staged again = stager.stage(List.of(jar)).get(0);
        assertTrue(again.reused());
        assertEquals(s.jar(), again.jar());
        try (var files = Files.list(workDir.resolve("classpath"))) {
            assertEquals(1, files.count()); // no temporary files left behind
        }
    }

    @Test
    void aFolderIsPackedTheSameWayEachTimeUntilItChanges() throws Exception {
        Path classes = Files.createDirectories(tmp.resolve("classes/p"));
        Files.writeString(classes.resolve("A.class"), "a");
        Files.writeString(classes.resolve("B.class"), "b");
        ClasspathStager stager = new ClasspathStager(tmp.resolve("work"));
        ClasspathStager.Staged first = stager.stage(List.of(tmp.resolve("classes"))).get(0);
        try (ZipFile zip = new ZipFile(first.jar().toFile())) {
            assertEquals(List.of("p/A.class", "p/B.class"), zip.stream().map(e -> e.getName()).toList());
        }
        assertEquals(first.sha256(), sha256(first.jar()));

        // a rebuild that writes the same bytes at another time gives the same jar
        Files.setLastModifiedTime(classes.resolve("A.class"), FileTime.fromMillis(0));
        ClasspathStager.Staged same = stager.stage(List.of(tmp.resolve("classes"))).get(0);
        assertEquals(first.sha256(), same.sha256());
        assertTrue(same.reused());

        Files.writeString(classes.resolve("A.class"), "changed");
        ClasspathStager.Staged changed = stager.stage(List.of(tmp.resolve("classes"))).get(0);
        assertNotEquals(first.sha256(), changed.sha256());
        assertFalse(changed.reused());
    }

    @Test
    void duplicatesAppearOnceAndMissingEntriesAreSkipped() throws Exception {
        Path a = Files.write(tmp.resolve("a.jar"), new byte[] {9});
        Path copy = Files.write(tmp.resolve("copy-of-a.jar"), new byte[] {9});
        Path b = Files.write(tmp.resolve("b.jar"), new byte[] {8});
        List<ClasspathStager.Staged> staged = new ClasspathStager(tmp.resolve("work"))
                .stage(List.of(a, tmp.resolve("test-classes"), copy, b));
        assertEquals(List.of(a, b), staged.stream().map(ClasspathStager.Staged::source).toList());
    }
}
