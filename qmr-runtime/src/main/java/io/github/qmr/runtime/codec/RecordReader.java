package io.github.qmr.runtime.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import io.github.qmr.runtime.workdir.SessionDir;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Reads a file made by {@link RecordWriter}. Opening checks the footer, the kind, the CRC of the whole body and, for
 * a session's files, the seal of the session's secret, so a torn, truncated, altered or foreign file is refused with
 * a {@link CodecException} before any value is decoded.
 */
public final class RecordReader implements AutoCloseable {
    private static final int MIN_BUFFER = 256;
    private static final int MAX_BUFFER = 1 << 16;

    /** A read buffer for {@code length} bytes: no larger than the file, most of which are a few hundred bytes. */
    private static int bufferFor(long length) {
        return (int) Math.max(MIN_BUFFER, Math.min(MAX_BUFFER, length));
    }
    private final Path path;
    private final Input input;
    private final Kryo kryo;
    private final int[] learnedIds;
    private boolean closed;
    private final long records;
    private final int ichunk;
    private final long firstItask;
    private final FileKind kind;
    private long read;
    /** The worker's host and queue-job for the outcomes being read (results files). */
    private String host;
    private String jobId;
    private long peakBytes = -1;

    private RecordReader(Path path, FileKind kind, ClassLoader loader) {
        this.path = path;
        this.kind = kind;
        List<Seal> seals = kind.sealed ? Seal.forReading(path) : null;
        int footerBytes = seals == null ? RecordWriter.FOOTER_BYTES : Seal.FOOTER_BYTES;
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            long size = channel.size();
            if (size < 17 + footerBytes) {
                throw corrupt("it is too short (" + size + " bytes)");
            }
            ByteBuffer footer = ByteBuffer.allocate(footerBytes);
            readFully(channel, footer, size - footerBytes);
            long trailerOffset = footer.getLong(0);
            int endMagic = footer.getInt(footerBytes - 4);
            if (seals != null && endMagic == RecordWriter.END_MAGIC) {
                throw corrupt("it carries no seal of a session secret, so it was not written by this session's"
                        + " qmr (an older version, or someone else)");
            }
            if (endMagic != (seals == null ? RecordWriter.END_MAGIC : Seal.END_MAGIC) || trailerOffset < 17
                    || trailerOffset > size - footerBytes) {
                throw corrupt("its footer is missing (a torn or foreign file)");
            }
            Seal seal = null;
            byte[] expectedMac = null;
            if (seals != null) {
                long keyId = footer.getLong(8);
                seal = seals.stream().filter(k -> k.id() == keyId).findFirst().orElseThrow(() -> corrupt("it is"
                        + " sealed with a secret that the session's " + SessionDir.folderOf(path)
                                .resolve(SessionDir.SECRET_FILE) + " does not hold: the file comes from another"
                        + " session or someone else, or the secret file was replaced after the session began"));
                expectedMac = new byte[Seal.MAC_BYTES];
                footer.position(16);
                footer.get(expectedMac);
            }
            ByteBuffer trailerBytes = ByteBuffer.allocate((int) (size - footerBytes - trailerOffset));
            readFully(channel, trailerBytes, trailerOffset);
            DataInputStream trailer = new DataInputStream(new ByteArrayInputStream(trailerBytes.array()));
            this.records = trailer.readLong();
            int learnedCount = trailer.readInt();
            int[] ids = new int[learnedCount];
            String[] names = new String[learnedCount];
            for (int i = 0; i < learnedCount; i++) {
                ids[i] = trailer.readInt();
                names[i] = trailer.readUTF();
            }
            long expectedCrc = trailer.readLong();
            javax.crypto.Mac mac = seal == null ? null : seal.mac();
            long actualCrc = crcAndMac(channel, trailerOffset, mac, size - Seal.MAC_BYTES - 4);
            if (expectedCrc != actualCrc) {
                throw corrupt("its checksum does not match (the file was changed or truncated after it was written)");
            }
            if (mac != null && !java.security.MessageDigest.isEqual(expectedMac, mac.doFinal())) {
                throw corrupt("its seal does not match the session's secret: it was altered after it was written"
                        + " (its checksum was made to match, so not by accident)");
            }
            Class<?>[] learnedTypes = new Class<?>[learnedCount];
            for (int i = 0; i < learnedCount; i++) {
                learnedTypes[i] = loadClass(names[i], loader);
            }
            this.kryo = Codec.forReading(loader);
            for (int i = 0; i < learnedCount; i++) {
                kryo.register(learnedTypes[i], ids[i]);
            }
            this.learnedIds = ids;
            // the body is read from the file just checked: one open, not two (each is a call to a network file
            // system's server), and what is decoded is what passed the checks even if the name is replaced meanwhile
            channel.position(0);
            InputStream body = Channels.newInputStream(channel);
            // sized to the file: most task and result files are a few hundred bytes, and a process node reading
            // thousands of them would otherwise make a 64 KiB buffer of garbage for each
            this.input = new Input(body, bufferFor(size));
            if (input.readInt() != RecordWriter.MAGIC) {
                throw corrupt("it is not a qmr file");
            }
            byte kindCode = input.readByte();
            if (kindCode != kind.code) {
                throw corrupt("it holds " + kindName(kindCode) + ", not " + kind.name().toLowerCase());
            }
            this.ichunk = input.readInt();
            this.firstItask = input.readLong();
            channel = null; // the input owns it now; close() closes it
        } catch (NoSuchFileException e) {
            throw new CodecException("cannot read " + path + ": the file does not exist", e);
        } catch (IOException e) {
            if (java.nio.file.Files.isSymbolicLink(path)) {
                throw new CodecException("cannot read " + path + ": it is a symbolic link, and qmr reads only the"
                        + " files it wrote itself in the session folder; remove the link", e);
            }
            throw new CodecException("cannot read " + path + ": " + e, e);
        } finally {
            if (channel != null) { // refused: the reader is never made, so nobody else closes it
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // a read-only file; why it was refused is what is reported
                }
            }
        }
    }

    public static RecordReader open(Path path, FileKind kind) {
        return open(path, kind, Thread.currentThread().getContextClassLoader());
    }

    public static RecordReader open(Path path, FileKind kind, ClassLoader loader) {
        return new RecordReader(path, kind, loader);
    }

    private static String kindName(byte code) {
        for (FileKind k : FileKind.values()) {
            if (k.code == code) {
                return k.name().toLowerCase();
            }
        }
        return "an unknown kind (" + code + ")";
    }

    private Class<?> loadClass(String name, ClassLoader loader) {
        try {
            Class<?> type = Class.forName(name, false, loader); // not initialized: no static code runs
            String refusal = ClassPolicy.refusal(type);
            if (refusal != null) {
                throw new CodecException("cannot read " + path + ": it names class " + name + ", which qmr refuses"
                        + " to decode because " + refusal + ". qmr never writes such a class, so the file was made"
                        + " or changed by someone else; delete it");
            }
            return type;
        } catch (ClassNotFoundException | LinkageError e) {
            throw new CodecException("cannot read " + path + ": it holds values of class " + name
                    + ", which is not on this JVM's classpath; put the jar or folder that defines it on the classpath"
                    + " of both the process node and the workers", e);
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
        buffer.flip();
    }

    /**
     * One pass over the file: the CRC of its first {@code crcLength} bytes and, with a MAC, the MAC of its first
     * {@code macLength} bytes (everything before the MAC itself).
     */
    private static long crcAndMac(FileChannel channel, long crcLength, javax.crypto.Mac mac, long macLength)
            throws IOException {
        CRC32 crc = new CRC32();
        long length = mac == null ? crcLength : Math.max(crcLength, macLength);
        ByteBuffer buffer = ByteBuffer.allocate(bufferFor(length));
        long position = 0;
        while (position < length) {
            buffer.clear();
            buffer.limit((int) Math.min(buffer.capacity(), length - position));
            int n = channel.read(buffer, position);
            if (n < 0) {
                break;
            }
            buffer.flip();
            if (position < crcLength) {
                crc.update(buffer.array(), 0, (int) Math.min(n, crcLength - position));
            }
            if (mac != null && position < macLength) {
                mac.update(buffer.array(), 0, (int) Math.min(n, macLength - position));
            }
            position += n;
        }
        return crc.getValue();
    }

    /**
     * SHA-256 of a qmr file without its seal: the same for the same content whichever session wrote it (the seal's
     * key differs per session), as the session key needs.
     */
    public static byte[] contentDigest(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = channel.size();
            long length = size;
            if (size >= Seal.FOOTER_BYTES) {
                ByteBuffer magic = ByteBuffer.allocate(4);
                readFully(channel, magic, size - 4);
                if (magic.getInt(0) == Seal.END_MAGIC) {
                    length = size - Seal.SESSION_BYTES;
                }
            }
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(bufferFor(length));
            for (long position = 0; position < length; ) {
                buffer.clear();
                buffer.limit((int) Math.min(buffer.capacity(), length - position));
                int n = channel.read(buffer, position);
                if (n < 0) {
                    break;
                }
                sha.update(buffer.array(), 0, n);
                position += n;
            }
            return sha.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private CodecException corrupt(String why) {
        return new CodecException("cannot read " + path + ": " + why + ". It is not used" + whatNow());
    }

    /** What happens without the file, by what it holds: only a few kinds are ever made again. */
    private String whatNow() {
        return switch (kind) {
            case RESULTS -> "; its chunk is computed again";
            case TASKS, FUNCTION -> ", and the session cannot go on without it (it is written once, when the session"
                    + " starts): delete the session folder " + SessionDir.folderOf(path) + " and run the map again";
            case OUTPUT, VALUE -> "; delete it, and the next run of the map makes it again";
            case MONITOR -> "; the detached map cannot be followed without it: run the same map again, which"
                    + " resumes its session";
        };
    }

    public long records() {
        return records;
    }

    public int ichunk() {
        return ichunk;
    }

    public long firstItask() {
        return firstItask;
    }

    public boolean hasNext() {
        return read < records;
    }

    public Object readObject() {
        try {
            Object value = kryo.readClassAndObject(input);
            read++;
            return value;
        } catch (KryoException | IllegalArgumentException e) {
            throw new CodecException("cannot decode record " + read + " of " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads what {@link RecordWriter#writeSuccess} or {@link RecordWriter#writeFailure} wrote, with the host and
     * queue-job of the last {@link RecordWriter#writeWorker} before it.
     */
    public Outcome readOutcome() {
        int status = input.readByte();
        while (status == Outcome.WORKER || status == Outcome.PEAK) {
            if (status == Outcome.PEAK) {
                peakBytes = input.readVarLong(true);
            } else {
                host = input.readString();
                jobId = input.readString();
            }
            status = input.readByte();
        }
        long nanos = input.readVarLong(true);
        long startMillis = input.readVarLong(true);
        long cpuNanos = input.readVarLong(false);
        if (status == Outcome.OK) {
            return new Outcome(nanos, readObject(), null, null, null, startMillis, host, jobId, cpuNanos, peakBytes);
        }
        if (status != Outcome.FAILED) {
            throw new CodecException("cannot decode record " + read + " of " + path + ": unknown status " + status);
        }
        Outcome failed = new Outcome(nanos, null, input.readString(), input.readString(), input.readString(),
                startMillis, host, jobId, cpuNanos, peakBytes);
        read++;
        return failed;
    }

    @Override
    public void close() {
        input.close();
        if (!closed) {
            closed = true;
            Codec.releaseReader(kryo, learnedIds);
        }
    }
}
