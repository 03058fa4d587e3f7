package io.github.qmr.runtime;

import io.github.qmr.runtime.codec.FileKind;
import io.github.qmr.runtime.codec.RecordReader;
import io.github.qmr.runtime.codec.RecordWriter;
import java.nio.file.Path;

/**
 * One value kept after a map, typically a {@link Reducer}'s result, in qmr's record format (CRC-checked, classes
 * listed in the file): what the Maven plugin attaches as {@code reduced.qmr} and any program reads back typed.
 *
 * <pre>{@code
 * Summary s = (Summary) ReducedFile.read(Path.of("target/qmr/sweep/reduced.qmr"));
 * }</pre>
 */
public final class ReducedFile {
    private ReducedFile() {}

    /** Writes {@code value}; the file appears under its name only when complete. */
    public static void write(Path file, Object value) {
        try (RecordWriter out = RecordWriter.create(file, FileKind.VALUE, 0, 0)) {
            out.writeObject(value);
            out.finish();
        }
    }

    /** Reads the value with this thread's context class loader (which must see its classes). */
    public static Object read(Path file) {
        return read(file, Thread.currentThread().getContextClassLoader());
    }

    public static Object read(Path file, ClassLoader loader) {
        try (RecordReader in = RecordReader.open(file, FileKind.VALUE, loader)) {
            return in.readObject();
        }
    }
}
