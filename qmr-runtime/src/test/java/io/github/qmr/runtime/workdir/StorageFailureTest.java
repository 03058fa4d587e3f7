package io.github.qmr.runtime.workdir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StorageFailureTest {
    @Test
    void fullDiskQuotaAndIoErrorsAreStorageFailuresWhereverTheyAreInTheCauses() {
        assertEquals("no space left", StorageFailure.kind(new RuntimeException("Error writing",
                new IOException("No space left on device"))));
        assertEquals("disk quota exceeded", StorageFailure.kind(new UncheckedIOException("cannot write x",
                new FileSystemException("/w/x.tmp-1", null, "Disk quota exceeded"))));
        assertEquals("input/output error", StorageFailure.kind(new IOException("Input/output error")));
        assertNull(StorageFailure.kind(new IOException("Permission denied")));
        assertNull(StorageFailure.kind(new IllegalStateException("No space left on device"))); // not an I/O failure
    }

    @Test
    void theNoteStartsWithThePrefixAndNamesTheFileTheFailureNames() {
        Path result = Path.of("/w/qmr-1/chunks/000000/000000001.result");
        String note = StorageFailure.note("disk quota exceeded", result, new UncheckedIOException("cannot create",
                new FileSystemException("/w/qmr-1/chunks/000000/000000001.result.tmp-7", null, "Disk quota exceeded")));
        assertTrue(note.startsWith("storage: disk quota exceeded on /w/qmr-1/chunks/000000/000000001.result.tmp-7 ("),
                note);
        assertTrue(StorageFailure.isStorageNote(note + "\n"));
        assertTrue(StorageFailure.note("no space left", result, new IOException("No space left on device"))
                .startsWith("storage: no space left on " + result + " (java.io.IOException: No space left on device)"));
        assertFalse(StorageFailure.isStorageNote("the worker failed: java.lang.IllegalStateException: storage: x"));
    }
}
