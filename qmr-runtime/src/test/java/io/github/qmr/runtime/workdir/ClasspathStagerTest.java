package io.github.qmr.runtime.workdir;

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
            assertEquals(List.of(s.sha256() + ".jar", "hashes.index"), files.map(f -> f.getFileName().toString())
                    .sorted().toList()); // no temporary files left behind
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

    private static String mode(Path p) throws Exception {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void theFolderIsOwnerOnlyAndItsJarsAndIndexAreNotReadableByOthers() throws Exception {
        Path jar = Files.write(tmp.resolve("lib.jar"), new byte[] {1, 2, 3});
        ClasspathStager.Staged s = new ClasspathStager(tmp.resolve("work")).stage(List.of(jar)).get(0);
        assertEquals("rwx------", mode(tmp.resolve("work/classpath")));
        assertEquals("rw-------", mode(s.jar()));
        assertEquals("rw-------", mode(tmp.resolve("work/classpath/hashes.index")));
    }

    private static String refusal(Runnable stage) {
        return org.junit.jupiter.api.Assertions.assertThrows(java.io.UncheckedIOException.class, stage::run)
                .getMessage();
    }

    @Test
    void aJarPlantedUnderTheHashOfYoursIsRefusedAndNeverUsed() throws Exception {
        Path jar = Files.write(tmp.resolve("lib.jar"), new byte[] {1, 2, 3});
        Path workDir = tmp.resolve("work");
        Path planted = workDir.resolve("classpath").resolve(sha256(jar) + ".jar");
        Files.createDirectories(planted.getParent());
        Files.write(planted, new byte[] {6, 6, 6}); // someone's code under the name your jar will have
        String message = refusal(() -> new ClasspathStager(workDir).stage(List.of(jar)));
        assertEquals("qmr does not use " + planted + ": its content does not match the SHA-256 its name says (it was"
                + " changed after it was staged). qmr trusts only files of the work dir that are your own and writable"
                + " by nobody else, since anyone who can write there could plant one; remove it (qmr makes it again)"
                + " or choose a work dir of your own", message);

        Files.delete(planted);
        ClasspathStager.Staged s = new ClasspathStager(workDir).stage(List.of(jar)).get(0);
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(s.jar()), "staged again from the source");
        // changed after staging (a new size or time): checked again on the next map, and refused
        Files.write(s.jar(), new byte[] {6, 6, 6, 6});
        assertTrue(refusal(() -> new ClasspathStager(workDir).stage(List.of(jar)))
                .contains("its content does not match the SHA-256 its name says"));
    }

    @Test
    void aJarOthersMayWriteOrAFolderOthersMayWriteIsRefused() throws Exception {
        Path jar = Files.write(tmp.resolve("lib.jar"), new byte[] {1, 2, 3});
        Path workDir = tmp.resolve("work");
        ClasspathStager.Staged s = new ClasspathStager(workDir).stage(List.of(jar)).get(0);
        Files.setPosixFilePermissions(s.jar(), java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-r--"));
        assertTrue(refusal(() -> new ClasspathStager(workDir).stage(List.of(jar))).startsWith("qmr does not use "
                + s.jar() + ": others may write to it (mode rw-rw-r--)"));
        Files.delete(s.jar());
        Files.setPosixFilePermissions(workDir.resolve("classpath"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        assertTrue(refusal(() -> new ClasspathStager(workDir).stage(List.of(jar))).startsWith("cannot use "
                + workDir.resolve("classpath") + " for the workers' classpath: qmr does not use "
                + workDir.resolve("classpath") + ": others may write to it (mode rwxrwxrwx)"));
    }

    @Test
    void aJarOwnedBySomeoneElseIsRefused() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "giving a file"
                + " to another user needs root; this test runs where the suite runs as root (CI's containers)");
        Path jar = Files.write(tmp.resolve("lib.jar"), new byte[] {1, 2, 3});
        Path workDir = tmp.resolve("work");
        ClasspathStager.Staged s = new ClasspathStager(workDir).stage(List.of(jar)).get(0);
        Files.setAttribute(s.jar(), "unix:uid", 4242);
        assertTrue(refusal(() -> new ClasspathStager(workDir).stage(List.of(jar))).startsWith("qmr does not use "
                + s.jar() + ": it is owned by 4242, not by you (uid 0)"));
    }
}
