package io.github.qmr.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.fixtures.JarClasspath;
import io.github.qmr.runtime.fixtures.JvmArguments;
import io.github.qmr.runtime.fixtures.Square;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workers' class-data archive: made once per classpath in the background while the first workers start, used by
 * the workers that start after it is in place, and never the reason a map fails.
 */
class ClassDataArchiveIT {
    private static final String OPTION = "-XX:SharedArchiveFile=";

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

    /** Everything in the work dir's cds folder. */
    private List<Path> archives() throws IOException {
        Path cds = tmp.resolve("work/cds");
        if (!Files.isDirectory(cds)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cds)) {
            return files.toList();
        }
    }

    /**
     * The archive a closed pool started, once its maker is done: closing waits for the maker only a while (30 s), and
     * on a loaded machine it can take longer, so a test that needs the whole archive waits for the folder to hold it
     * alone (no lock, no training folder).
     */
    private Path madeArchive() throws InterruptedException {
        return await(() -> {
            try {
                List<Path> files = archives();
                return files.size() == 1 && files.get(0).toString().endsWith(".jsa") ? files.get(0) : null;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "the archive alone in " + tmp.resolve("work/cds"));
    }

    private List<Path> sessions() throws IOException {
        try (Stream<Path> sessions = Files.list(tmp.resolve("work"))) {
            return sessions.filter(p -> p.getFileName().toString().startsWith("qmr-")).toList();
        }
    }

    private List<String> warnings() {
        return events.stream().filter(e -> e instanceof MapEvent.Notice n && n.warning()
                && !n.text().contains("work dir kept")).map(Object::toString).toList();
    }

    /** A java whose training run (and nothing else) waits until {@code gate} exists. */
    private Path gatedJava(Path gate) throws IOException {
        Path java = tmp.resolve("gated-java");
        Files.writeString(java, "#!/bin/sh\ncase \"$*\" in *ArchiveClassesAtExit*) while [ ! -e '" + gate + "' ];"
                + " do sleep 0.05; done;; esac\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        return java;
    }

    /** The processes of this test whose command line holds {@code text}. */
    private List<ProcessHandle> processes(String text) {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .filter(c -> c.contains(text) && c.contains(tmp + "/")).isPresent()).toList();
    }

    private static <T> T await(Supplier<T> found, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2); // a bound against a hang, not a timing
        T value;
        while ((value = found.get()) == null) {
            assertTrue(System.nanoTime() < deadline, "waited two minutes for " + what);
            Thread.sleep(20);
        }
        return value;
    }

    @Test
    void theFirstMapDoesNotWaitForItsArchiveAndItsLaterWorkersMapItOnceItIsThere() throws Exception {
        Path gate = tmp.resolve("gate");
        Path cds = tmp.resolve("work/cds");
        // one slot, one job per chunk: chunk 1's worker starts after chunk 0's has ended. Chunk 0's worker lets the
        // training run go on and waits for the archive, which only a worker started before the archive was made can do
        try (Pool pool = pool().queue(Queues.local(1)).mode(Mode.JOBS).chunkSize(1).java(gatedJava(gate))
                .keepWorkDir(true).build()) {
            List<String> first = pool.map(JvmArguments.class, List.of(gate + "\n" + cds, ""));
            List<Path> made = archives().stream().filter(p -> p.toString().endsWith(".jsa")).toList();
            assertEquals(1, made.size(), archives().toString());
            Path archive = made.get(0);
            assertTrue(archive.getFileName().toString().matches("qmr-[0-9a-f]{24}\\.jsa"), archive.toString());
            assertFalse(first.get(0).contains(OPTION), "the first worker started before the archive: " + first.get(0));
            assertTrue(first.get(1).contains(OPTION + archive), "a later worker of the same map maps it: "
                    + first.get(1));

            List<String> later = pool.map(JvmArguments.class, List.of("", ""));
            for (String arguments : later) {
                assertTrue(arguments.contains(OPTION + archive), "every worker of a later map maps it: " + arguments);
            }
            List<String> argsFiles = new ArrayList<>();
            List<String> launchers = new ArrayList<>();
            for (Path session : sessions()) {
                argsFiles.add(Files.readString(session.resolve("worker.args")));
                launchers.add(Files.readString(session.resolve("launcher.sh")));
            }
            assertEquals(1, argsFiles.stream().filter(a -> a.contains(OPTION + archive)).count(),
                    "the later map names the archive in its JVM options (as provenance reads them): " + argsFiles);
            assertEquals(1, launchers.stream().filter(l -> l.contains("if [ -f '" + archive + "' ]")).count(),
                    "the first map's launcher maps it when it is there: " + launchers);
        }
        assertEquals(List.of(), warnings());
    }

    @Test
    void aLaterPoolReusesTheArchiveAndLeavesNothingElseInTheFolder() throws Exception {
        try (Pool pool = pool().build()) {
            assertEquals(squares, pool.map(Square.class, tasks));
        } // closing waits a while for the archive a short map started
        List<Path> made = List.of(madeArchive());
        assertEquals(1, made.size(), "the archive alone: no lock, training folder or temporary file " + made);
        assertTrue(made.get(0).getFileName().toString().matches("qmr-[0-9a-f]{24}\\.jsa"), made.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(made.get(0))));
        long modified = Files.getLastModifiedTime(made.get(0)).toMillis();
        try (Pool pool = pool().keepWorkDir(true).build()) {
            assertEquals(squares, pool.map(Square.class, tasks));
            assertEquals(squares, pool.map(Square.class, tasks));
            for (Path session : sessions()) {
                assertTrue(Files.readString(session.resolve("worker.args")).contains(OPTION + made.get(0)),
                        session.toString());
            }
        }
        assertEquals(made, archives(), "reused, not made again");
        assertEquals(modified, Files.getLastModifiedTime(made.get(0)).toMillis());
        assertEquals(List.of(), warnings());
    }

    @Test
    void aMakerStoppedMidwayLeavesNoHalfMadeArchiveAndALaterMapMakesIt() throws Exception {
        Path gate = tmp.resolve("gate");
        Path java = gatedJava(gate);
        try (Pool pool = pool().java(java).build()) {
            assertEquals(squares, pool.map(Square.class, tasks)); // done while the training run waits at the gate
            await(() -> processes("ArchiveClassesAtExit").isEmpty() ? null : true, "the training run");
            List<ProcessHandle> makers = processes("worker.ArchiveMaker");
            assertEquals(1, makers.size(), makers.toString());
            makers.get(0).destroy(); // SIGTERM, as when the build is stopped
            makers.get(0).onExit().get(2, TimeUnit.MINUTES);
        }
        assertEquals(List.of(), archives(), "no archive, half-made or whole, and no lock or training folder");
        assertEquals(List.of(), processes("ArchiveClassesAtExit").stream().map(ProcessHandle::info).toList(),
                "the training run was stopped with its maker");
        assertEquals(List.of(), warnings(), "a stop is not a failure");

        Files.createFile(gate);
        try (Pool pool = pool().java(java).build()) {
            assertEquals(squares, pool.map(Square.class, tasks));
        }
        madeArchive();
    }

    /** Makes the archive with a first pool, removes it, and gives its path (the names of its lock and so on follow). */
    private Path archiveMadeThenRemoved() throws Exception {
        try (Pool pool = pool().build()) {
            assertEquals(squares, pool.map(Square.class, tasks));
        }
        Path archive = madeArchive();
        Files.delete(archive);
        return archive;
    }

    @Test
    void whileAnotherProcessMakesTheArchiveAMapStartsNoSecondMakerAndItsWorkersMapItWhenItIsThere() throws Exception {
        Path archive = archiveMadeThenRemoved();
        Path lock = archive.resolveSibling(archive.getFileName().toString().replace(".jsa", ".making"));
        Files.writeString(lock, ""); // held by a maker of another pool, another JVM or another host
        try (Pool pool = pool().keepWorkDir(true).build()) {
            assertEquals(squares, pool.map(Square.class, tasks));
        }
        assertEquals(List.of(lock), archives(), "no second maker");
        Path second = sessions().stream().filter(p -> {
            try {
                return Files.readString(p.resolve("launcher.sh")).contains("if [ -f '" + archive + "' ]");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).findFirst().orElse(null);
        assertTrue(second != null, "the launcher maps the archive once the other maker has put it in place");
        assertEquals(List.of(), warnings());
    }

    @Test
    void aLockLeftLongAgoByAMakerKilledWithItsJvmIsTakenOverAndTheArchiveMade() throws Exception {
        Path archive = archiveMadeThenRemoved();
        String name = archive.getFileName().toString().replace(".jsa", "");
        Path lock = archive.resolveSibling(name + ".making");
        Path training = archive.resolveSibling(name + ".training-1-1");
        Files.createDirectory(training);
        Files.writeString(training.resolve("trained.jsa"), "half made");
        Files.writeString(lock, "");
        Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        try (Pool pool = pool().build()) {
            assertEquals(squares, pool.map(Square.class, tasks));
        }
        // made anew: the dead maker's lock and training folder go, and the archive is left alone in its folder (the
        // maker may outlive the closed pool on a loaded machine, so the test waits for it; a lock never taken over
        // would leave the folder as it was, and the wait would fail)
        assertEquals(archive, madeArchive());
        assertEquals(List.of(), warnings());
    }

    @Test
    void anUnusableArchiveDoesNotFailTheMap() throws Exception {
        try (Pool pool = pool().build()) {
            pool.map(Square.class, tasks);
        }
        Path archive = madeArchive();
        Files.write(archive, new byte[] {1, 2, 3}); // garbage where the archive is: the JVM runs without it
        try (Pool pool = pool().build()) {
            assertEquals(squares, pool.map(Square.class, tasks));
        }
    }

    @Test
    void whenTheArchiveCannotBeMadeTheMapsRunWithoutItAndANoticeSaysWhyOnce() throws Exception {
        // a java that fails the training run only
        Path java = tmp.resolve("java");
        Files.writeString(java, "#!/bin/sh\ncase \"$*\" in *ArchiveClassesAtExit*) echo 'no archive here' >&2;"
                + " exit 3;; esac\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        try (Pool pool = pool().java(java).build()) {
            assertEquals(squares, pool.map(Square.class, tasks));
            assertEquals(squares, pool.map(Square.class, tasks));
        } // said at the next map once the maker has ended, else when the pool closes
        List<String> notices = warnings();
        assertEquals(1, notices.size(), "said once per pool: " + notices);
        assertTrue(notices.get(0).contains("the workers start without a class-data archive, which could not be made"
                + " in " + tmp.resolve("work/cds") + ": the training run failed: exit code 3"), notices.get(0));
        assertTrue(notices.get(0).contains("no archive here"), notices.get(0));
        assertEquals(List.of(), archives(), "nothing left: no archive, lock, record or training folder");
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
        } // closing waits a while for the archive
        archive = madeArchive();
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
        for (Path session : sessions()) {
            assertFalse(Files.readString(session.resolve("worker.args")).contains("SharedArchiveFile"),
                    "no worker maps the planted archive");
            assertFalse(Files.readString(session.resolve("launcher.sh")).contains("SharedArchiveFile"),
                    "nor waits for another one");
        }
        assertEquals(List.of(archive), archives(), "nothing is made over it");
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
