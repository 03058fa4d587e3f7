package io.github.qmr.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.fixtures.JarClasspath;
import io.github.qmr.runtime.fixtures.Square;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workers' class-data archive: made once per classpath, reused, and never the reason a map fails. */
class ClassDataArchiveIT {
    @TempDir
    Path tmp;

    private List<Path> jars;
    private final List<MapEvent> events = new ArrayList<>();
    private final List<Integer> tasks = List.of(1, 2, 3, 4);
    private final List<Long> squares = List.of(1L, 4L, 9L, 16L);

    /** This JVM's classpath with each folder packed as a jar: CDS takes jars only. */
    @BeforeEach
    void jarClasspath() throws IOException {
        jars = JarClasspath.packedInto(tmp.resolve("cp"));
    }

    private Pool.Builder pool() {
        return Pool.builder().workDir(tmp.resolve("work")).classpath(jars).chunkSize(2).listener(events::add);
    }

    private List<Path> archives() throws IOException {
        Path cds = tmp.resolve("work/cds");
        if (!Files.isDirectory(cds)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cds)) {
            return files.toList();
        }
    }

    @Test
    void withAClasspathOfJarsTheArchiveIsMadeOnceAndUsedByEveryLaterWorker() throws Exception {
        try (Pool pool = pool().keepWorkDir(true).build()) {
            assertEquals(squares, pool.map(Square.class, tasks));
            List<Path> made = archives();
            assertEquals(1, made.size(), made.toString());
            assertTrue(made.get(0).getFileName().toString().matches("qmr-[0-9a-f]{24}\\.jsa"), made.toString());
            long modified = Files.getLastModifiedTime(made.get(0)).toMillis();
            assertEquals(squares, pool.map(Square.class, tasks));
            assertEquals(made, archives(), "the second map reuses it");
            assertEquals(modified, Files.getLastModifiedTime(made.get(0)).toMillis());
            try (Stream<Path> sessions = Files.list(tmp.resolve("work"))) {
                for (Path session : sessions.filter(p -> p.getFileName().toString().startsWith("qmr-")).toList()) {
                    assertTrue(Files.readString(session.resolve("worker.args")).contains("-XX:SharedArchiveFile="
                            + made.get(0)), session.toString());
                }
            }
        }
        assertEquals(List.of(), events.stream().filter(e -> e instanceof MapEvent.Notice n && n.warning()
                && !n.text().contains("work dir kept")).toList());
    }

    @Test
    void anUnusableArchiveDoesNotFailTheMap() throws Exception {
        try (Pool pool = pool().build()) {
            pool.map(Square.class, tasks);
            Path archive = archives().get(0);
            Files.write(archive, new byte[] {1, 2, 3}); // garbage where the archive is: the JVM runs without it
            assertEquals(squares, pool.map(Square.class, tasks));
        }
    }

    @Test
    void whenTheArchiveCannotBeMadeTheWorkersStartWithoutOneAndANoticeSaysWhy() throws Exception {
        // a java that fails the training run only
        Path java = tmp.resolve("java");
        Files.writeString(java, "#!/bin/sh\ncase \"$*\" in *ArchiveClassesAtExit*) echo 'no archive here' >&2;"
                + " exit 3;; esac\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        try (Pool pool = pool().java(java).build()) {
            assertEquals(squares, pool.map(Square.class, tasks));
            assertEquals(squares, pool.map(Square.class, tasks));
        }
        List<String> notices = events.stream().filter(e -> e instanceof MapEvent.Notice n && n.warning())
                .map(Object::toString).toList();
        assertEquals(1, notices.size(), "said once per pool: " + notices);
        assertTrue(notices.get(0).contains("the workers start without a class-data archive, which could not be made"
                + " in " + tmp.resolve("work/cds") + ": the training run failed"), notices.get(0));
        assertTrue(notices.get(0).contains("no archive here"), notices.get(0));
        assertEquals(List.of(), archives());
    }

    @Test
    void aFolderOnTheClasspathMeansNoArchiveAndANoticeOnlyWhenOneWasAskedFor() throws Exception {
        List<Path> withFolder = new ArrayList<>(jars);
        withFolder.add(Files.createDirectory(tmp.resolve("classes")));
        try (Pool pool = pool().classpath(withFolder).build()) {
            assertEquals(squares, pool.map(Square.class, tasks));
        }
        assertEquals(List.of(), events.stream().filter(e -> e instanceof MapEvent.Notice n
                && n.toString().contains("class-data")).toList());
        try (Pool pool = pool().classpath(withFolder).classDataArchive(true).build()) {
            assertEquals(squares, pool.map(Square.class, tasks));
        }
        assertTrue(events.stream().anyMatch(e -> e.toString().contains("the workers start without a class-data"
                + " archive: their classpath holds " + tmp.resolve("classes") + ", which is not a jar")),
                events.toString());
        assertEquals(List.of(), archives());
    }

    /** The archive a map made, then planted: made writable by others, or handed to another user. */
    private void assertAPlantedArchiveIsRefusedAndNotMapped(java.util.function.Consumer<Path> plant, String why)
            throws Exception {
        Path archive;
        try (Pool pool = pool().build()) {
            assertEquals(squares, pool.map(Square.class, tasks));
            archive = archives().get(0);
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(archive.getParent())),
                "the cds folder is made owner-only");
        plant.accept(archive);
        events.clear();
        try (Pool pool = pool().keepWorkDir(true).build()) {
            assertEquals(squares, pool.map(Square.class, tasks));
        }
        List<String> notices = events.stream().filter(e -> e instanceof MapEvent.Notice n && n.warning())
                .map(Object::toString).filter(n -> n.contains("class-data")).toList();
        assertEquals(1, notices.size(), events.toString());
        assertTrue(notices.get(0).contains("the workers start without a class-data archive: qmr does not use "
                + archive + ": " + why), notices.get(0));
        try (Stream<Path> sessions = Files.list(tmp.resolve("work"))) {
            for (Path session : sessions.filter(p -> p.getFileName().toString().startsWith("qmr-")).toList()) {
                assertTrue(!Files.readString(session.resolve("worker.args")).contains("SharedArchiveFile"),
                        "no worker maps the planted archive");
            }
        }
    }

    @Test
    void anArchiveOthersMayWriteIsRefusedWithAMessageAndNotMapped() throws Exception {
        assertAPlantedArchiveIsRefusedAndNotMapped(archive -> {
            try {
                Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-rw-rw-"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "others may write to it (mode rw-rw-rw-)");
    }

    @Test
    void anArchiveOwnedBySomeoneElseIsRefusedWithAMessageAndNotMapped() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "giving a file"
                + " to another user needs root; this test runs where the suite runs as root (CI's containers)");
        assertAPlantedArchiveIsRefusedAndNotMapped(archive -> {
            try {
                Files.setAttribute(archive, "unix:uid", 4242);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "it is owned by 4242, not by you (uid 0)");
    }

    @Test
    void aCdsFolderOthersMayWriteIsRefused() throws Exception {
        Files.createDirectories(tmp.resolve("work/cds"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(tmp.resolve("work/cds"), PosixFilePermissions.fromString("rwxrwxrwx"));
        try (Pool pool = pool().build()) {
            assertEquals(squares, pool.map(Square.class, tasks));
        }
        assertTrue(events.stream().anyMatch(e -> e.toString().contains("the workers start without a class-data"
                + " archive: qmr does not use " + tmp.resolve("work/cds") + ": others may write to it (mode"
                + " rwxrwxrwx)")), events.toString());
        assertEquals(List.of(), archives());
    }
}
