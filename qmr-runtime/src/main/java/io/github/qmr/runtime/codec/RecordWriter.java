package io.github.qmr.runtime.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * Writes one qmr record file: header, records, trailer. The file appears under its final name only when
 * complete (written to a temporary sibling, then renamed atomically), so a reader never sees half a file.
 *
 * <p>Layout: {@code "QMR1" kind(1) ichunk(int) firstItask(long)}, the records, then a trailer with the number of
 * records, the classes this file registered beyond the base ({@code id, name} each), the CRC32 of everything
 * before the trailer, and a footer {@code trailerOffset(long) "QMRE"}; a session's files (tasks, results, function)
 * end instead with {@code trailerOffset(long) keyId(long) hmac(32) "QMRS"}, sealed with the session's secret (see
 * {@link Seal}). Readers check the CRC and the seal before decoding.
 */
public final class RecordWriter implements AutoCloseable {
    static final int MAGIC = 0x514D5231; // "QMR1"
    static final int END_MAGIC = 0x514D5245; // "QMRE"
    static final int FOOTER_BYTES = 12;

    private final Path target;
    private final FileKind kind;
    private final Path temp;
    /** Written under its final name (see {@link #createInPlace}): {@link #temp} is the target. */
    private final boolean inPlace;
    private final CheckedOutputStream checked;
    /** The file itself, below the checksum, digest and MAC: where the seal goes. */
    private final OutputStream file;
    private final Seal seal;
    private final javax.crypto.Mac mac;
    private final java.security.MessageDigest digest;
    private byte[] bodyDigest;
    private final Output output;
    private final List<Class<?>> learned = new ArrayList<>();
    private final Kryo kryo;
    private final Output scratch = new Output(1024, -1);
    /** Where each outcome is also saved as it is written; null: nowhere. */
    private PartialFile partial;
    /** How many of the learned classes the partial file names already. */
    private int partialClasses;
    /** A worker record written since the last outcome: it goes into the partial file with the next outcome. */
    private final Output pendingForPartial = new Output(256, -1);
    private long records;
    private boolean finished;
    private boolean released;
    /** The trailer is a few dozen bytes unless many classes were learned; a larger one takes more writes. */
    private static final int TRAILER_BUFFER = 512;

    private RecordWriter(Path target, FileKind kind, int ichunk, long firstItask, ClassLoader loader,
            boolean inPlace) {
        this.target = target;
        this.kind = kind;
        this.inPlace = inPlace;
        // unique per writer: two attempts of a chunk may write at once, on hosts whose pids can coincide
        this.temp = inPlace ? target : target.resolveSibling(target.getFileName() + ".tmp-"
                + ProcessHandle.current().pid() + "-"
                + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()));
        this.seal = kind.sealed ? Seal.forWriting(target) : null;
        this.mac = seal == null ? null : seal.mac();
        try {
            FileChannel channel = FileChannel.open(temp, inPlace
                    ? java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
                    : java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                            StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            this.file = Channels.newOutputStream(channel);
            OutputStream sealed = mac == null ? file : Seal.macing(file, mac);
            // tasks and the function are digested as written, for the session key; results need no digest
            this.digest = kind == FileKind.RESULTS ? null : sha256();
            this.checked = new CheckedOutputStream(digest == null ? sealed
                    : new java.security.DigestOutputStream(sealed, digest), new CRC32());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + temp + ": " + e.getMessage()
                    + "; check that the work dir is writable", e);
        }
        // small: most files are a few hundred bytes, and a process node writing thousands of them would otherwise
        // make a 64 KiB buffer of garbage for each; a large file costs only more write calls
        this.output = new Output(checked, 8192);
        this.kryo = Codec.forWriting(loader, learned);
        output.writeInt(MAGIC);
        output.writeByte(kind.code);
        output.writeInt(ichunk);
        output.writeLong(firstItask);
    }

    public static RecordWriter create(Path target, FileKind kind, int ichunk, long firstItask) {
        return create(target, kind, ichunk, firstItask, Thread.currentThread().getContextClassLoader());
    }

    public static RecordWriter create(Path target, FileKind kind, int ichunk, long firstItask, ClassLoader loader) {
        return new RecordWriter(target, kind, ichunk, firstItask, loader, false);
    }

    /**
     * A file written under its final name, which must not exist yet, for a file nobody reads before it is complete
     * (a session's task files, staged before any worker is submitted): one call to a network file system's server
     * fewer than a temporary file and a rename. A file left torn (the process died while writing it) is still never
     * used: the reader refuses it by its footer, checksum and seal; {@link #abort()} removes it.
     */
    public static RecordWriter createInPlace(Path target, FileKind kind, int ichunk, long firstItask) {
        if (kind == FileKind.RESULTS) {
            throw new IllegalArgumentException("a result file appears only when complete (" + target + ")");
        }
        return new RecordWriter(target, kind, ichunk, firstItask, Thread.currentThread().getContextClassLoader(), true);
    }

    /**
     * Writes one value with its class. On failure the output may hold part of the value, so the whole file must be
     * abandoned: the caller reports the {@link CodecException} (it names the class) and {@link #abort()}s.
     */
    public void writeObject(Object value) {
        try {
            kryo.writeClassAndObject(output, value);
        } catch (RuntimeException | StackOverflowError e) {
            if (WriteFailures.ioCause(e) != null) {
                throw WriteFailures.storage(target, e);
            }
            throw new CodecException(WriteFailures.unserializable(value, e), e);
        }
        records++;
    }

    /**
     * Records the worker's host and queue-job for the outcomes that follow: once per results file (not per task, to
     * keep files small), before the first outcome. Not counted as a record.
     */
    public void writeWorker(String host, String jobId) {
        scratch.reset();
        scratch.writeByte(Outcome.WORKER);
        scratch.writeString(host);
        scratch.writeString(jobId);
        emit(0, null);
    }

    /**
     * Records the worker JVM's peak resident memory so far for the outcomes that follow (write it before the outcome
     * of the task it ended with, and only when it grew). Not counted as a record.
     */
    public void writePeakMemory(long bytes) {
        scratch.reset();
        scratch.writeByte(Outcome.PEAK);
        scratch.writeVarLong(Math.max(0, bytes), true);
        emit(0, null);
    }

    /**
     * Saves each outcome written from now on in {@code partial} too, as it is written (null: no longer), so a worker
     * killed mid-chunk loses only the task it was in. The partial file must hold what this file holds so far.
     */
    public void saveEachOutcomeIn(PartialFile partial) {
        this.partial = partial;
    }

    /**
     * Starts this file with the outcomes an earlier attempt saved (see {@link PartialFile#read}): their classes get
     * the ids they had there, so their bytes are copied as they are, undecoded.
     */
    public void carryOver(PartialFile.Saved saved) {
        if (records != 0 || !learned.isEmpty()) {
            throw new IllegalStateException("carryOver must come before anything else is written to " + target);
        }
        Codec.LearningClassResolver resolver = (Codec.LearningClassResolver) kryo.getClassResolver();
        for (Class<?> type : saved.classes()) {
            resolver.registerImplicit(type);
        }
        output.writeBytes(saved.outcomes());
        records += saved.records();
        partialClasses = learned.size();
    }

    /** As {@link #writeSuccess(long, long, Object)} without a start time. */
    public void writeSuccess(long nanos, Object value) {
        writeSuccess(0, nanos, value);
    }

    /** As {@link #writeSuccess(long, long, long, Object)} without the CPU time. */
    public void writeSuccess(long startMillis, long nanos, Object value) {
        writeSuccess(startMillis, nanos, -1, value);
    }

    /**
     * Writes the outcome of one task that started at {@code startMillis} (epoch ms), ran {@code nanos} (wall time)
     * using {@code cpuNanos} of CPU time (-1: not measured) and returned {@code value}. The outcome is encoded into a
     * scratch buffer first, so a value that cannot be serialized leaves the file intact and the caller can record a
     * failure instead.
     */
    public void writeSuccess(long startMillis, long nanos, long cpuNanos, Object value) {
        scratch.reset();
        scratch.writeByte(Outcome.OK);
        scratch.writeVarLong(nanos, true);
        scratch.writeVarLong(startMillis, true);
        scratch.writeVarLong(cpuNanos, false);
        try {
            kryo.writeClassAndObject(scratch, value);
        } catch (RuntimeException | StackOverflowError e) {
            throw new CodecException(WriteFailures.unserializable(value, e), e);
        }
        emit(1, null);
    }

    /** As {@link #writeFailure(long, long, String, String, String)} without a start time. */
    public void writeFailure(long nanos, String exceptionClass, String message, String stackTrace) {
        writeFailure(0, nanos, exceptionClass, message, stackTrace);
    }

    /** As {@link #writeFailure(long, long, long, String, String, String)} without the CPU time. */
    public void writeFailure(long startMillis, long nanos, String exceptionClass, String message, String stackTrace) {
        writeFailure(startMillis, nanos, -1, exceptionClass, message, stackTrace);
    }

    /**
     * Writes the outcome of one task that started at {@code startMillis} (epoch ms), ran {@code nanos} (wall time)
     * using {@code cpuNanos} of CPU time (-1: not measured) and threw.
     */
    public void writeFailure(long startMillis, long nanos, long cpuNanos, String exceptionClass, String message,
            String stackTrace) {
        scratch.reset();
        scratch.writeByte(Outcome.FAILED);
        scratch.writeVarLong(nanos, true);
        scratch.writeVarLong(startMillis, true);
        scratch.writeVarLong(cpuNanos, false);
        scratch.writeString(exceptionClass);
        scratch.writeString(message);
        scratch.writeString(stackTrace);
        emit(1, message == null ? exceptionClass : exceptionClass + ": " + message); // as Throwable.toString
    }

    /**
     * Writes the record in the scratch buffer to the file and, for an outcome, to the partial file (with what came
     * before it since the last outcome, e.g. the worker's record).
     */
    private void emit(int outcomes, String failure) {
        try {
            output.writeBytes(scratch.getBuffer(), 0, scratch.position());
        } catch (com.esotericsoftware.kryo.KryoException e) {
            throw WriteFailures.ioCause(e) != null ? WriteFailures.storage(target, e) : e;
        }
        records += outcomes;
        if (partial == null) {
            return;
        }
        if (outcomes == 0) { // held until the next outcome: a frame always holds one
            pendingForPartial.writeBytes(scratch.getBuffer(), 0, scratch.position());
            return;
        }
        byte[] bytes = scratch.getBuffer();
        int length = scratch.position();
        if (pendingForPartial.position() > 0) {
            pendingForPartial.writeBytes(bytes, 0, length);
            bytes = pendingForPartial.getBuffer();
            length = pendingForPartial.position();
        }
        partial.append(outcomes, failure, learned.subList(partialClasses, learned.size()), bytes, 0, length);
        partialClasses = learned.size();
        pendingForPartial.reset();
    }

    public long records() {
        return records;
    }

    /**
     * Completes the file and gives it its final name atomically. A results file is published only if none is there
     * yet (a hard link fails if the name exists), so a late duplicate attempt of a chunk can never replace a good
     * result; other kinds replace what is there.
     *
     * @return false when a results file was already there and this one was dropped
     */
    public boolean finish() {
        try {
            output.flush();
            long trailerOffset = output.total();
            long crc = checked.getChecksum().getValue();
            if (digest != null) {
                bodyDigest = digest.digest(); // header and records only, like the CRC
            }
            DataOutputStream trailer = new DataOutputStream(
                    new java.io.BufferedOutputStream(rawStream(), TRAILER_BUFFER));
            trailer.writeLong(records);
            trailer.writeInt(learned.size());
            int id = Registrations.FIRST_LEARNED_ID;
            for (Class<?> type : learned) {
                trailer.writeInt(id++);
                trailer.writeUTF(type.getName());
            }
            trailer.writeLong(crc);
            trailer.writeLong(trailerOffset);
            if (seal == null) {
                trailer.writeInt(END_MAGIC);
                trailer.flush();
            } else {
                trailer.writeLong(seal.id());
                trailer.flush(); // everything so far has passed through the MAC
                DataOutputStream footer = new DataOutputStream(file);
                footer.write(mac.doFinal());
                footer.writeInt(Seal.END_MAGIC);
                footer.flush();
            }
            output.close();
            finished = true;
            releaseKryo();
            if (kind == FileKind.RESULTS) {
                return publishOnce();
            }
            if (!inPlace) {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return true;
        } catch (IOException | com.esotericsoftware.kryo.KryoException e) {
            IOException io = WriteFailures.ioCause(e);
            if (io == null) {
                throw (RuntimeException) e;
            }
            throw new UncheckedIOException("cannot complete " + target + ": " + io.getMessage(), io);
        }
    }

    private boolean publishOnce() throws IOException {
        try {
            Files.createLink(target, temp);
            return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            // no hard links on this file system: an atomic rename, which may replace a duplicate's result
            if (Files.exists(target)) {
                return false;
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } finally {
            // java.io.File#delete: one unlink, where Files.deleteIfExists looks first (a call more to a network file
            // system's server for every chunk); a leftover temporary file is never read as a result
            temp.toFile().delete();
        }
    }

    /** SHA-256 of the header and records, after {@link #finish()}; tasks and function files only. */
    public byte[] bodyDigest() {
        if (bodyDigest == null) {
            throw new IllegalStateException("no digest: the file is not finished, or it holds results");
        }
        return bodyDigest.clone();
    }

    private static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private OutputStream rawStream() {
        // Bytes written past the CRC'd part go around the checksum, which covers header and records only.
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                checked.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                checked.write(b, off, len);
            }
        };
    }

    private void releaseKryo() {
        if (!released) {
            released = true;
            Codec.releaseWriter(kryo);
        }
    }

    /** Drops the temporary file; the final name is never created. */
    public void abort() {
        try {
            output.close();
        } catch (RuntimeException e) {
            // a full disk fails the last flush again; the file is dropped anyway, but its space is freed only once
            // it is closed, and the worker's exit note needs that space
            try {
                file.close();
            } catch (IOException ignored) {
                // closing a channel whose writes failed; nothing is kept
            }
        }
        releaseKryo();
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // Best effort: a leftover .tmp file is never read as a result.
        }
    }

    @Override
    public void close() {
        if (!finished) {
            abort();
        }
    }
}
