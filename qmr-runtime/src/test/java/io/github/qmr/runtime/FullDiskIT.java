package io.github.qmr.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.fixtures.Bulky;
import io.github.qmr.runtime.fixtures.Square;
import io.github.qmr.runtime.workdir.SessionDir;
import io.github.qmr.runtime.workdir.StorageFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A work dir on a full disk: a small tmpfs mounted by the test (as root), so the disk really fills up. */
class FullDiskIT {
    @TempDir
    Path tmp;

    private Path mounted;

    /** Mounts a tmpfs of {@code size} at a fresh folder, or skips the test saying why it cannot. */
    private Path smallDisk(String size) throws Exception {
        Path point = Files.createDirectory(tmp.resolve("disk"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs",
                point.toString()).redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = mount.waitFor();
        Assumptions.assumeTrue(exit == 0, "skipped: this test mounts a " + size + " tmpfs to fill a disk for real,"
                + " which needs root (CI's containers run the suite as root); mount said: " + output.strip());
        mounted = point;
        return point;
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null) {
            new ProcessBuilder("umount", "-l", mounted.toString()).inheritIO().start().waitFor();
        }
    }

    private static List<Path> leftovers(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().contains(".tmp")).toList();
        }
    }

    @Test
    void aWorkerThatCannotWriteItsResultSaysNoSpaceLeftOnThePathAndLeavesNoTempFile() throws Exception {
        Path workDir = smallDisk("1m");
        MapException e;
        // a storage failure is retried after the grace period, within maxResubmissions: once here, then it fails.
        // One worker at a time: with two, one's partial result can fill the space the other frees for its exit note
        try (Pool pool = Pool.builder().workDir(workDir).chunkSize(1).maxWorkers(1).classDataArchive(false)
                .maxResubmissions(1)
                .resultGracePeriod(java.time.Duration.ofMillis(500)).build()) {
            // each result is twice the whole disk
            e = assertThrows(MapException.class, () -> pool.map(Bulky.class, List.of(2 << 20, 2 << 20)));
        }
        assertEquals(2, e.chunkFailures().size(), e.getMessage());
        SessionDir session = SessionDir.open(e.keptWorkDir());
        for (ChunkFailure failure : e.chunkFailures()) {
            Path result = session.resultFile(failure.ichunk());
            assertTrue(failure.reason().startsWith(StorageFailure.NOTE_PREFIX + "no space left on " + result + " ("),
                    failure.reason());
            assertTrue(failure.reason().contains("No space left on device); the worker removed its partial result"
                    + " file"), failure.reason());
            assertTrue(failure.reason().endsWith("; no resubmission left (1 done; raise maxResubmissions to allow"
                    + " more)"), "run again once before it failed: " + failure.reason());
            assertEquals(StorageFailure.EXIT_CODE, failure.exitCode());
            assertTrue(StorageFailure.isStorageNote(Files.readString(session.exitFile(failure.ichunk()))),
                    "the exit note is recognisable for the engine");
            assertTrue(Files.readString(session.stderrFile(failure.ichunk())).contains("no space left on " + result),
                    "the worker says so on its stderr too");
        }
        assertTrue(e.getMessage().contains("no space left on " + session.resultFile(0)), e.getMessage());
        assertEquals(List.of(), leftovers(workDir), "no temporary file keeps the disk full");
    }

    @Test
    void theProcessNodeRefusesAWorkDirThatCannotHoldTheMapBeforeStaging() throws Exception {
        Path workDir = smallDisk("256k");
        Files.write(workDir.resolve("filler"), new byte[224 * 1024]); // someone else's data: 32 KiB stay free
        List<Integer> tasks = IntStream.range(0, 20_000).boxed().toList();
        InvalidInputException e;
        try (Pool pool = Pool.builder().workDir(workDir).chunkSize(1000).classDataArchive(false).build()) {
            e = assertThrows(InvalidInputException.class, () -> pool.map(Square.class, tasks));
        }
        assertTrue(e.getMessage().matches("no space left on " + java.util.regex.Pattern.quote(workDir.toString())
                + "/qmr-[^:]+: \\d+ bytes free, but the task and result files of 20000 tasks in 20 chunks need at"
                + " least \\d+ bytes; free space there or choose another work dir.*"), e.getMessage());
        try (Stream<Path> left = Files.list(workDir)) {
            assertEquals(List.of(workDir.resolve("filler")), left.toList(), "nothing was staged or left behind");
        }
    }
}
