package io.github.qmr.runtime;

import io.github.qmr.runtime.codec.CodecException;
import io.github.qmr.runtime.codec.FileKind;
import io.github.qmr.runtime.codec.RecordReader;
import io.github.qmr.runtime.codec.RecordWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A map's tasks and results kept after the map, in qmr's record format (CRC-checked, classes listed in the file):
 * what a host such as the Maven plugin writes as its typed output and any program reads back with the same types.
 *
 * <pre>{@code
 * try (ResultsFile.Reader in = ResultsFile.open(Path.of("target/qmr/sweep/results.qmr"))) {
 *     while (in.hasNext()) { ResultsFile.Entry e = in.next(); ... e.task() ... e.result().value() ... }
 * }
 * }</pre>
 */
public final class ResultsFile {
    private ResultsFile() {}

    /** One task and its outcome. */
    public record Entry(Object task, TaskResult<Object> result) {}

    /** Starts a file; entries appear under {@code file} only when {@link Writer#finish()} completes it. */
    public static Writer create(Path file) {
        return new Writer(RecordWriter.create(file, FileKind.OUTPUT, 0, 0));
    }

    /** Opens a file for reading with this thread's context class loader (which must see the task and value types). */
    public static Reader open(Path file) {
        return open(file, Thread.currentThread().getContextClassLoader());
    }

    public static Reader open(Path file, ClassLoader loader) {
        return new Reader(RecordReader.open(file, FileKind.OUTPUT, loader));
    }

    /** Every entry of a file, in task order. */
    public static List<Entry> readAll(Path file, ClassLoader loader) {
        List<Entry> all = new ArrayList<>();
        try (Reader in = open(file, loader)) {
            in.forEachRemaining(all::add);
        }
        return all;
    }

    /** Writes entries in task order. Not thread-safe. */
    public static final class Writer implements AutoCloseable {
        private final RecordWriter out;

        private Writer(RecordWriter out) {
            this.out = out;
        }

        /**
         * Adds one task's entry. Throws {@link CodecException} if the task or value cannot be written; the file is
         * then unusable (abandon it by closing without {@link #finish()}).
         */
        @SuppressWarnings("unchecked")
        public void add(Object task, TaskResult<?> result) {
            out.writeObject(new Entry(task, (TaskResult<Object>) result));
        }

        /** Completes the file and moves it to its name atomically. */
        public void finish() {
            out.finish();
        }

        /** Drops the file unless it was finished. */
        @Override
        public void close() {
            out.close();
        }
    }

    /** Reads the entries of a file in task order; checked (CRC, kind) before the first one is decoded. */
    public static final class Reader implements Iterator<Entry>, AutoCloseable {
        private final RecordReader in;

        private Reader(RecordReader in) {
            this.in = in;
        }

        /** How many entries the file holds. */
        public long size() {
            return in.records();
        }

        @Override
        public boolean hasNext() {
            return in.hasNext();
        }

        @Override
        public Entry next() {
            if (!hasNext()) {
                throw new NoSuchElementException("all " + size() + " entries were read");
            }
            return (Entry) in.readObject();
        }

        @Override
        public void close() {
            in.close();
        }
    }
}
