package io.github.qmr.runtime.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.workdir.SessionDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A chunk's outcomes saved task by task: sealed frames, a torn or altered tail dropped, carried over undecoded. */
class PartialFileTest {
    @TempDir
    Path workDir;
    SessionDir session;
    Path partial;
    Path result;
    static final ClassLoader LOADER = PartialFileTest.class.getClassLoader();

    record Point(int x, String label) {}

    @BeforeEach
    void createSession() {
        session = SessionDir.create(workDir);
        session.prepareChunk(7);
        partial = session.partialFile(7);
        result = session.resultFile(7);
    }

    /** A first attempt at chunk 7 (itasks 70..): {@code done} outcomes saved, then it is "killed" (never finished). */
    private void firstAttempt(int done) {
        try (RecordWriter w = RecordWriter.create(result, FileKind.RESULTS, 7, 70, LOADER);
                PartialFile p = PartialFile.createNew(partial, 7, 70)) { // a first attempt makes it in place
            w.saveEachOutcomeIn(p);
            w.writeWorker("node1", "11.1");
            for (int i = 0; i < done; i++) {
                if (i == 1) {
                    w.writeFailure(1000 + i, 5, 3, "java.lang.IllegalStateException", "task " + i, "trace");
                } else {
                    w.writeSuccess(1000 + i, 5, 3, new Point(i, "p" + i));
                }
            }
        } // closed without finish: the result file never appears, as when the worker is killed
    }

    /** A second attempt: carries the saved outcomes over and writes the rest, then reads the result back. */
    private List<Outcome> secondAttempt(PartialFile.Saved saved, int total) {
        try (RecordWriter w = RecordWriter.create(result, FileKind.RESULTS, 7, 70, LOADER)) {
            long from = 0;
            if (saved != null) {
                w.carryOver(saved);
                from = saved.records();
            }
            w.writeWorker("node2", "12.1");
            for (long i = from; i < total; i++) {
                w.writeSuccess(2000 + i, 6, List.of((int) i)); // a class the first attempt never used
            }
            w.finish();
        }
        List<Outcome> outcomes = new ArrayList<>();
        try (RecordReader r = RecordReader.open(result, FileKind.RESULTS, LOADER)) {
            assertEquals(total, r.records());
            while (r.hasNext()) {
                outcomes.add(r.readOutcome());
            }
        }
        return outcomes;
    }

    @Test
    void savedOutcomesAreCarriedIntoTheNextAttemptsResultWithTheirHostAndClasses() {
        assertNull(PartialFile.read(partial, 7, 70, LOADER), "nothing saved yet");
        firstAttempt(3);
        assertEquals(List.of(), listResultFiles(), "no result file appears while the chunk is incomplete");
        PartialFile.Saved saved = PartialFile.read(partial, 7, 70, LOADER);
        assertEquals(3, saved.records());
        assertEquals(1, saved.failures());
        assertEquals("itask 71: java.lang.IllegalStateException: task 1", saved.firstFailure());
        assertEquals(0, saved.dropped());
        assertEquals(List.of(Point.class), saved.classes());
        List<Outcome> outcomes = secondAttempt(saved, 5);
        assertEquals(new Point(0, "p0"), outcomes.get(0).value());
        assertEquals("node1", outcomes.get(0).host());
        assertEquals(3, outcomes.get(0).cpuNanos());
        assertEquals("task 1", outcomes.get(1).message());
        assertEquals(new Point(2, "p2"), outcomes.get(2).value());
        assertEquals(List.of(3), outcomes.get(3).value());
        assertEquals("node2", outcomes.get(3).host(), "the new attempt's outcomes carry its own worker");
        assertEquals(2004, outcomes.get(4).startMillis());
    }

    /** The frames written, without the unused zeros of the file's last mapped region. */
    /**
     * The bytes the worker wrote, without the zeros the file is mapped with: the part the reader takes as valid (not
     * found by stripping zero bytes, since a seal may itself end with one).
     */
    private byte[] written() throws Exception {
        return PartialFile.read(partial, 7, 70, LOADER).bytes();
    }

    @Test
    void aTornLastRecordIsDroppedAndNeverReadAsAResult() throws Exception {
        firstAttempt(3);
        byte[] bytes = written();
        long whole = bytes.length;
        for (int cut = 1; cut < 40; cut++) { // a kill can tear the last frame anywhere: its length, body or seal
            Files.write(partial, java.util.Arrays.copyOf(bytes, (int) whole - cut));
            PartialFile.Saved saved = PartialFile.read(partial, 7, 70, LOADER);
            assertEquals(2, saved.records(), "cut " + cut + " bytes: the torn third outcome is dropped");
            // what is counted as dropped leaves out trailing zero bytes (the unused rest of a mapped region), and a
            // torn frame may itself end in zeros: at most the torn bytes, never more
            assertTrue(saved.dropped() >= 0 && saved.dropped() <= whole - cut - saved.bytes().length,
                    "cut " + cut + ": dropped " + saved.dropped());
        }
        // as the map leaves it: the torn frame followed by zeros
        Files.write(partial, java.util.Arrays.copyOf(java.util.Arrays.copyOf(bytes, (int) whole - 5), 4096));
        assertEquals(2, PartialFile.read(partial, 7, 70, LOADER).records());
    }

    @Test
    void anAlteredRecordIsDroppedWithEverythingAfterItEvenWithItsLengthIntact() throws Exception {
        firstAttempt(3);
        byte[] bytes = written();
        PartialFile.Saved one = readWithLength(bytes, 1);
        // flip one byte inside the second frame's body: its seal no longer matches, so it and the third are dropped
        int secondFrame = one.bytes().length;
        bytes[secondFrame + 6] ^= 0x01;
        Files.write(partial, bytes);
        PartialFile.Saved saved = PartialFile.read(partial, 7, 70, LOADER);
        assertEquals(1, saved.records());
        // counted without trailing zero bytes, and the last seal may end in one
        assertTrue(saved.dropped() > 0 && saved.dropped() <= bytes.length - secondFrame, "dropped " + saved.dropped());
        assertEquals(new Point(0, "p0"), secondAttempt(saved, 3).get(0).value());
    }

    /** What reading the first {@code records} frames of {@code bytes} gives (by cutting after them). */
    private PartialFile.Saved readWithLength(byte[] bytes, int records) throws Exception {
        for (int end = bytes.length; end > 0; end--) {
            Files.write(partial, java.util.Arrays.copyOf(bytes, end));
            PartialFile.Saved saved = PartialFile.read(partial, 7, 70, LOADER);
            if (saved.records() == records && saved.dropped() == 0) {
                return saved;
            }
        }
        throw new AssertionError("no prefix of " + records + " frames");
    }

    @Test
    void aNewAttemptCarriesTheSavedFramesOverAndAppendsToThemUnderTheSameChain() {
        firstAttempt(2);
        PartialFile.Saved saved = PartialFile.read(partial, 7, 70, LOADER);
        try (RecordWriter w = RecordWriter.create(result, FileKind.RESULTS, 7, 70, LOADER);
                PartialFile p = PartialFile.create(partial, 7, 70, saved)) {
            w.carryOver(saved);
            w.saveEachOutcomeIn(p);
            w.writeWorker("node2", "12.1");
            w.writeSuccess(3000, 6, 4, "third");
        } // killed again
        PartialFile.Saved again = PartialFile.read(partial, 7, 70, LOADER);
        assertEquals(3, again.records());
        List<Outcome> outcomes = secondAttempt(again, 4);
        assertEquals(new Point(0, "p0"), outcomes.get(0).value());
        assertEquals("third", outcomes.get(2).value());
        assertEquals("node2", outcomes.get(2).host());
        assertEquals(4, outcomes.get(2).cpuNanos());
    }

    @Test
    void framesCannotBeMovedToAnotherChunkOrSessionNorReorderedUnnoticed() throws Exception {
        firstAttempt(2);
        assertThrows(CodecException.class, () -> PartialFile.read(partial, 8, 70, LOADER), "another chunk's");
        // a frame appended twice (replayed): the copy does not chain on itself, so it is dropped
        byte[] bytes = written();
        PartialFile.Saved one = readWithLength(bytes, 1);
        byte[] secondFrame = java.util.Arrays.copyOfRange(bytes, one.bytes().length, bytes.length);
        byte[] replayed = java.util.Arrays.copyOf(bytes, bytes.length + secondFrame.length);
        System.arraycopy(secondFrame, 0, replayed, bytes.length, secondFrame.length);
        Files.write(partial, replayed);
        assertEquals(2, PartialFile.read(partial, 7, 70, LOADER).records());
        // the same file under another session's secret
        SessionDir other = SessionDir.create(workDir);
        other.prepareChunk(7);
        Files.write(other.partialFile(7), bytes);
        assertThrows(CodecException.class, () -> PartialFile.read(other.partialFile(7), 7, 70, LOADER));
    }

    private List<Path> listResultFiles() {
        try (var files = Files.list(result.getParent())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".result")).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aFirstAttemptMakesItsFileInPlaceButNeverOverAnEarlierAttemptsFile() throws Exception {
        firstAttempt(2);
        byte[] earlier = Files.readAllBytes(partial);
        assertNull(PartialFile.createNew(partial, 7, 70), "an earlier attempt's file is there: read it instead");
        assertTrue(java.util.Arrays.equals(earlier, Files.readAllBytes(partial)), "and it is left as it was");
        assertEquals(2, PartialFile.read(partial, 7, 70, LOADER).records());
        try (var names = Files.list(partial.getParent())) {
            assertEquals(List.of(), names.filter(f -> f.getFileName().toString().contains(".tmp")).toList(),
                    "no temporary file is made on the way");
        }
    }

    @Test
    void aFileWhoseHeaderWasNeverWrittenIsRefusedSoTheChunkRunsInFull() throws Exception {
        Files.createFile(partial); // a first attempt killed between making the file and writing its header
        CodecException refused = assertThrows(CodecException.class, () -> PartialFile.read(partial, 7, 70, LOADER));
        assertTrue(refused.getMessage().contains("header is torn"), refused.getMessage());
    }
}
