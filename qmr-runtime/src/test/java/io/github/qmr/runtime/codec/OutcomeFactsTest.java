package io.github.qmr.runtime.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutcomeFactsTest {
    @TempDir
    Path workDir;
    /** A chunk folder of a session: result files are sealed with the session's secret. */
    Path dir;

    @org.junit.jupiter.api.BeforeEach
    void createSession() {
        io.github.qmr.runtime.workdir.SessionDir session = io.github.qmr.runtime.workdir.SessionDir.create(workDir);
        session.prepareChunk(0);
        dir = session.tasksFile(0).getParent();
    }

    @Test
    void eachOutcomeCarriesItsStartAndTheWorkerRecordedOnceBeforeIt() {
        Path file = dir.resolve("000000003.result");
        try (RecordWriter w = RecordWriter.create(file, FileKind.RESULTS, 3, 30)) {
            w.writeWorker("node7", "320.4");
            w.writeSuccess(1_700_000_000_123L, 5_000_000, "first");
            w.writeFailure(1_700_000_000_200L, 7, "java.lang.IllegalStateException", "boom", "trace");
            w.finish();
        }
        try (RecordReader r = RecordReader.open(file, FileKind.RESULTS)) {
            assertEquals(2, r.records(), "the worker record is not counted as an outcome");
            Outcome ok = r.readOutcome();
            assertEquals("first", ok.value());
            assertEquals(1_700_000_000_123L, ok.startMillis());
            assertEquals(5_000_000, ok.nanos());
            assertEquals("node7", ok.host());
            assertEquals("320.4", ok.jobId());
            Outcome failed = r.readOutcome();
            assertEquals("boom", failed.message());
            assertEquals(1_700_000_000_200L, failed.startMillis());
            assertEquals("node7", failed.host());
        }
    }

    @Test
    void aFileWithoutWorkerRecordReadsWithoutHostOrJob() {
        Path file = dir.resolve("000000000.result");
        try (RecordWriter w = RecordWriter.create(file, FileKind.RESULTS, 0, 0)) {
            w.writeSuccess(9, 42);
            w.finish();
        }
        try (RecordReader r = RecordReader.open(file, FileKind.RESULTS)) {
            Outcome o = r.readOutcome();
            assertEquals(42, o.value());
            assertEquals(0, o.startMillis());
            assertNull(o.host());
            assertNull(o.jobId());
        }
    }
}
