package io.github.qmr.bench;

import io.github.qmr.runtime.TestFiles;
import io.github.qmr.runtime.codec.FileKind;
import io.github.qmr.runtime.codec.RecordReader;
import io.github.qmr.runtime.codec.RecordWriter;
import io.github.qmr.runtime.queue.sge.QstatEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH benchmarks of in-JVM code on the process node and the worker; run by {@link Bench} (scripts/bench.sh), never by
 * the test suite. Times are per whole operation (one qstat listing, one chunk file of 500,000 records).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class InJvmBench {
    static final int RECORDS = 500_000;

    String qstat10k;
    Path root;
    Path dir;
    Path tasks;
    Path results;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        qstat10k = QstatXml.listing(2_000, 8_000);
        // a session folder: task and result files are sealed with its secret
        io.github.qmr.runtime.workdir.SessionDir session =
                io.github.qmr.runtime.workdir.SessionDir.create(root = Files.createTempDirectory("qmr-jmh"));
        session.prepareChunk(0);
        dir = session.tasksFile(0).getParent();
        tasks = session.tasksFile(0);
        results = session.resultFile(0);
        try (RecordWriter w = RecordWriter.create(tasks, FileKind.TASKS, 0, 0)) {
            for (int i = 0; i < RECORDS; i++) {
                w.writeObject(i);
            }
            w.finish();
        }
        writeResults(results);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        TestFiles.deleteTree(root);
    }

    private static void writeResults(Path file) {
        try { // results are published once: drop the old one first
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try (RecordWriter w = RecordWriter.create(file, FileKind.RESULTS, 0, 0)) {
            for (int i = 0; i < RECORDS; i++) {
                w.writeSuccess(100, i + 1);
            }
            w.finish();
        }
    }

    /** Issue 7, target 4: qstat -xml of 10,000 jobs (2,000 running array tasks, 8,000 pending jobs). */
    @Benchmark
    public List<QstatEntry> qstatParse10kJobs() {
        return io.github.qmr.runtime.queue.sge.QstatXml.parse(qstat10k);
    }

    /** The process node staging one chunk: 500,000 Integer tasks written. */
    @Benchmark
    public long codecWriteTasks500k() {
        Path out = dir.resolve("w.tasks");
        try (RecordWriter w = RecordWriter.create(out, FileKind.TASKS, 0, 0)) {
            for (int i = 0; i < RECORDS; i++) {
                w.writeObject(i);
            }
            w.finish();
            return w.records();
        }
    }

    /** The worker: 500,000 tasks read, each result written (Integer + 1). */
    @Benchmark
    public long codecWorkerChunk500k() {
        Path out = dir.resolve("w.result");
        try {
            Files.deleteIfExists(out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try (RecordReader r = RecordReader.open(tasks, FileKind.TASKS);
                RecordWriter w = RecordWriter.create(out, FileKind.RESULTS, 0, 0)) {
            while (r.hasNext()) {
                w.writeSuccess(100, (Integer) r.readObject() + 1);
            }
            w.finish();
            return w.records();
        }
    }

    /** The process node reducing one chunk: 500,000 results read and summed. */
    @Benchmark
    public long codecReadResults500k() {
        long sum = 0;
        try (RecordReader r = RecordReader.open(results, FileKind.RESULTS)) {
            while (r.hasNext()) {
                sum += (Integer) r.readOutcome().value();
            }
        }
        return sum;
    }
}
