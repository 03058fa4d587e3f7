package io.github.qmr.runtime.workdir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionDirDeleteTest {
    @TempDir
    Path workDir;

    @Test
    void onceDeletionBeganALateWorkerCannotClaimAChunkWhoseFilesAreStillThere() throws Exception {
        SessionDir dir = SessionDir.create(workDir);
        dir.claims().prepareWorker(1);
        dir.claims().writeTicket(1);
        Path shard = dir.claimFile(0).getParent();
        Files.createDirectories(shard);
        SessionDir late = SessionDir.open(dir.path()); // a worker's view of the session, opened by its path
        Path gone = dir.moveAway();
        assertFalse(Files.exists(dir.path()));
        assertTrue(Files.isDirectory(gone.resolve(dir.path().relativize(shard))), "the chunk folder awaits the walk");
        assertThrows(UncheckedIOException.class, () -> late.claims().claim(0, 1));
        try (Stream<Path> files = Files.walk(gone)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".claim")), "no claim was made");
        }
    }

    @Test
    void deleteLeavesNothingOfTheSessionRenamedOrNot() throws Exception {
        SessionDir dir = SessionDir.create(workDir);
        dir.claims().prepareWorker(1);
        dir.claims().writeTicket(1);
        dir.delete();
        try (Stream<Path> left = Files.list(workDir)) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void deleteRemovesNestedFoldersAndFilesButNeverFollowsALinkOutOfTheSession() throws Exception {
        SessionDir dir = SessionDir.create(workDir.resolve("work"));
        for (int ichunk : new int[] {0, 1, 1500}) { // two shard folders
            dir.prepareChunk(ichunk);
            Files.writeString(dir.tasksFile(ichunk), "t");
            Files.writeString(dir.resultFile(ichunk), "r");
        }
        dir.claims().prepareWorker(1);
        Path outside = Files.createDirectories(workDir.resolve("outside"));
        Files.writeString(outside.resolve("keep.txt"), "mine");
        Files.createSymbolicLink(dir.shard(0).resolve("link-to-outside"), outside);
        Files.createSymbolicLink(dir.path().resolve("file-link"), outside.resolve("keep.txt"));
        dir.delete();
        try (Stream<Path> left = Files.list(workDir.resolve("work"))) {
            assertEquals(List.of(), left.toList());
        }
        assertEquals("mine", Files.readString(outside.resolve("keep.txt")), "a link is removed, not followed");
    }
}
