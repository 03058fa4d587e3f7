package io.github.qmr.runtime.codec;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;

/**
 * A chunk's outcomes saved as its tasks finish, so a worker that is killed loses only the task it was in and the next
 * attempt runs only the missing tasks. Append-only: a header, then one frame per finished task, each sealed on its
 * own, so a frame torn by a kill (or altered) is detected and dropped with everything after it, and never read.
 *
 * <p>Layout: {@code "QMRP" ichunk(int) firstItask(long) keyId(long)}, then frames {@code length(int) body mac(32)}.
 * A body is {@code records(varint) failures(varint) [failure(string)] newClasses(varint) name...} (a failure's
 * {@code exception class: message}, so the chunk's failure note can name it) and then the outcome bytes exactly as the chunk's
 * {@link RecordWriter} wrote them to its result file (with the same class ids: the names are the classes that writer
 * learned since the previous frame), so a later attempt copies them into its result file without decoding them. The
 * seal of frame k is {@code HMAC(key, mac(k-1) || length || body)}, with {@code mac(-1) = HMAC(key, header)}: a chain,
 * so frames cannot be reordered, dropped from the middle or moved between chunks or files unnoticed.
 *
 * <p>The chunk's result file is still what makes a chunk complete: it is written alongside (as before) and appears
 * atomically; this file is only a saving of work, deleted once the result is there.
 */
public final class PartialFile implements AutoCloseable {
    static final int MAGIC = 0x514D5250; // "QMRP"
    private static final int HEADER_BYTES = 4 + 4 + 8 + 8;

    /**
     * Frames are written through a memory map (the file grows by a region at a time, zeros after the last frame,
     * which a reader takes as the end): a write call per task cost 7-8 us here, more than most tiny tasks, and a
     * process that is killed loses nothing it put in a shared map (the kernel holds the pages, as it would hold a
     * write's). Regions start at 64 KiB (about 1,300 tiny tasks' frames; zeroing that costs a few microseconds) and
     * double up to this.
     */
    private static final int MAX_REGION_BYTES = 1 << 20;
    private static final int FIRST_REGION_BYTES = 64 << 10;
    private int regionBytes = FIRST_REGION_BYTES;

    private final Path path;
    private final FileChannel channel;
    private final Mac mac;
    /** The seal of the last frame (of the header before the first), overwritten by each frame's: no allocation. */
    private final byte[] chain;
    private final Output frame = new Output(256, -1);
    private java.nio.MappedByteBuffer region;
    /** Where {@link #region} starts in the file. */
    private long regionStart;

    private PartialFile(Path path, FileChannel channel, Mac mac, byte[] chain, long end) {
        this.path = path;
        this.channel = channel;
        this.mac = mac;
        this.chain = chain.clone();
        this.regionStart = end;
    }

    /**
     * What an earlier attempt saved: a valid prefix of its frames.
     *
     * @param bytes the file's valid part (header and whole frames), to be carried over byte for byte
     * @param chain the seal of its last frame (of the header if none), which the next frame chains on
     * @param records how many outcomes it holds: those of the chunk's first tasks
     * @param failures how many of them are failures of their task
     * @param firstFailure the first of those, {@code itask N: class: message}; null if none
     * @param classes the classes its outcome bytes use beyond the base, in id order
     * @param outcomes the outcome bytes, as a result file holds them
     * @param dropped bytes after the valid part that were dropped (a frame torn by a kill, or an altered one)
     */
    public record Saved(byte[] bytes, byte[] chain, long records, long failures, String firstFailure,
            List<Class<?>> classes, byte[] outcomes, long dropped) {}

    /**
     * Reads what an earlier attempt saved in {@code path}; null if there is no such file. Frames are read up to the
     * first that is incomplete or whose seal does not match: that one and the rest are dropped.
     *
     * @throws CodecException if the file is not a partial file of this chunk of this session (its header or first
     *     seal is wrong), or names a class that cannot be loaded: the caller starts the chunk afresh
     */
    public static Saved read(Path path, int ichunk, long firstItask, ClassLoader loader) {
        byte[] file;
        try {
            file = readAll(path);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new CodecException("cannot read " + path + ": " + e, e);
        }
        if (file.length < HEADER_BYTES) {
            throw new CodecException("cannot read " + path + ": its header is torn (" + file.length + " bytes)");
        }
        ByteBuffer header = ByteBuffer.wrap(file, 0, HEADER_BYTES);
        if (header.getInt() != MAGIC || header.getInt() != ichunk || header.getLong() != firstItask) {
            throw new CodecException("cannot read " + path + ": it is not the partial file of chunk " + ichunk);
        }
        long keyId = header.getLong();
        Seal seal = Seal.forReading(path).stream().filter(s -> s.id() == keyId).findFirst().orElseThrow(() ->
                new CodecException("cannot read " + path + ": it is sealed with a secret this session does not hold"));
        Mac mac = seal.mac();
        mac.update(file, 0, HEADER_BYTES);
        byte[] chain = mac.doFinal();
        int end = HEADER_BYTES;
        long records = 0;
        long failures = 0;
        String firstFailure = null;
        List<String> names = new ArrayList<>();
        ByteArrayOutputStream outcomes = new ByteArrayOutputStream();
        while (file.length - end >= 4) {
            int length = ByteBuffer.wrap(file, end, 4).getInt();
            if (length <= 0 || (long) end + 4 + length + Seal.MAC_BYTES > file.length) {
                break; // torn by a kill while it was written
            }
            mac.update(chain);
            mac.update(file, end, 4 + length);
            byte[] expected = mac.doFinal();
            if (!java.security.MessageDigest.isEqual(expected,
                    java.util.Arrays.copyOfRange(file, end + 4 + length, end + 4 + length + Seal.MAC_BYTES))) {
                break; // torn in a way that kept the length, or altered
            }
            Input body = new Input(file, end + 4, length);
            int frameRecords = body.readVarInt(true);
            int frameFailures = body.readVarInt(true);
            if (frameFailures > 0) {
                String failure = body.readString();
                if (failures == 0) {
                    firstFailure = "itask " + (firstItask + records + frameRecords - 1) + ": " + failure;
                }
            }
            records += frameRecords;
            failures += frameFailures;
            int newClasses = body.readVarInt(true);
            for (int i = 0; i < newClasses; i++) {
                names.add(body.readString());
            }
            int bodyEnd = end + 4 + length;
            outcomes.write(file, body.position(), bodyEnd - body.position());
            chain = expected;
            end = bodyEnd + Seal.MAC_BYTES;
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String name : names) {
            classes.add(loadClass(path, name, loader));
        }
        int written = file.length;
        while (written > end && file[written - 1] == 0) {
            written--; // the unused rest of the last mapped region
        }
        return new Saved(java.util.Arrays.copyOf(file, end), chain, records, failures, firstFailure, classes,
                outcomes.toByteArray(), written - end);
    }

    private static Class<?> loadClass(Path path, String name, ClassLoader loader) {
        Class<?> type;
        try {
            type = Class.forName(name, false, loader); // not initialized: no static code runs
        } catch (ClassNotFoundException | LinkageError e) {
            throw new CodecException("cannot read " + path + ": it holds values of class " + name
                    + ", which is not on this JVM's classpath", e);
        }
        String refusal = ClassPolicy.refusal(type);
        if (refusal != null) {
            throw new CodecException("cannot read " + path + ": it names class " + name + ", which qmr refuses to"
                    + " decode because " + refusal);
        }
        return type;
    }

    private static byte[] readAll(Path path) throws IOException {
        try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = in.size();
            if (size > Integer.MAX_VALUE - 16) {
                throw new IOException("it is larger than 2 GiB");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            while (buffer.hasRemaining() && in.read(buffer) >= 0) {
                // read on
            }
            return java.util.Arrays.copyOf(buffer.array(), buffer.position());
        }
    }

    /**
     * Starts the chunk's partial file at {@code path} when there is none, the first attempt at a chunk: made under its
     * own name at once (a look for an earlier file, a temporary name and a rename would be three calls to a network
     * file system's server instead of one). Returns null when a file is there already: an earlier attempt's, which
     * the caller reads and carries over with {@link #create}. A worker killed before the header is written leaves a
     * file too short to use, which the next attempt says and replaces.
     */
    public static PartialFile createNew(Path path, int ichunk, long firstItask) {
        Seal seal = Seal.forWriting(path);
        Mac mac = seal.mac();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
            byte[] chain = writeHeader(channel, mac, ichunk, firstItask, seal);
            return new PartialFile(path, channel, mac, chain, HEADER_BYTES);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return null;
        } catch (IOException e) {
            if (channel != null) {
                closeQuietly(channel);
                path.toFile().delete(); // its header failed (a full disk): the next attempt need not read it
            }
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    /** Writes a new file's header; returns its seal, which the first frame chains on. */
    private static byte[] writeHeader(FileChannel channel, Mac mac, int ichunk, long firstItask, Seal seal)
            throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.putInt(MAGIC).putInt(ichunk).putLong(firstItask).putLong(seal.id()).flip();
        mac.update(header.array());
        byte[] chain = mac.doFinal();
        writeFully(channel, header);
        return chain;
    }

    /**
     * Starts the chunk's partial file at {@code path}, carrying over what an earlier attempt saved (null: nothing).
     * The file is made under a temporary name and renamed into place, so the earlier file stays whole until its
     * copy is: a worker killed meanwhile loses nothing. An earlier attempt that is somehow still running goes on
     * writing to the file it has open, which no longer has the name; its result file is still taken if it comes
     * first.
     */
    public static PartialFile create(Path path, int ichunk, long firstItask, Saved saved) {
        Seal seal = Seal.forWriting(path);
        Mac mac = seal.mac();
        Path temp = path.resolveSibling(path.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
                + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()));
        FileChannel channel = null;
        try {
            channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
            byte[] chain;
            long end;
            if (saved != null) {
                writeFully(channel, ByteBuffer.wrap(saved.bytes()));
                chain = saved.chain();
                end = saved.bytes().length;
            } else {
                chain = writeHeader(channel, mac, ichunk, firstItask, seal);
                end = HEADER_BYTES;
            }
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new PartialFile(path, channel, mac, chain, end);
        } catch (IOException e) {
            closeQuietly(channel);
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the failure below is what matters; a leftover temporary file is never read
            }
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Appends one frame: {@code records} outcomes, the last of them a failure if {@code failure} (its words) is not
     * null (and any worker record before them) in {@code bytes}, and the
     * classes they use that no earlier frame named. Put into the file's memory map, not forced to disk: a killed
     * process loses nothing the kernel holds.
     */
    void append(int records, String failure, List<Class<?>> newClasses, byte[] bytes, int offset, int length) {
        frame.reset();
        frame.writeInt(0); // the length, set below
        frame.writeVarInt(records, true);
        frame.writeVarInt(failure == null ? 0 : 1, true);
        if (failure != null) {
            frame.writeString(failure);
        }
        frame.writeVarInt(newClasses.size(), true);
        for (Class<?> type : newClasses) {
            frame.writeString(type.getName());
        }
        frame.writeBytes(bytes, offset, length);
        byte[] buffer = frame.getBuffer();
        int bodyLength = frame.position() - 4;
        buffer[0] = (byte) (bodyLength >>> 24); // big-endian, as the reader's ByteBuffer reads it
        buffer[1] = (byte) (bodyLength >>> 16);
        buffer[2] = (byte) (bodyLength >>> 8);
        buffer[3] = (byte) bodyLength;
        mac.update(chain);
        mac.update(buffer, 0, 4 + bodyLength);
        try {
            mac.doFinal(chain, 0);
        } catch (javax.crypto.ShortBufferException e) {
            throw new IllegalStateException("an HMAC-SHA256 is " + Seal.MAC_BYTES + " bytes", e);
        }
        frame.writeBytes(chain);
        int frameLength = frame.position();
        try {
            if (region == null || region.remaining() < frameLength) {
                if (region != null) {
                    regionStart += region.position();
                    unmap(region);
                }
                int size = Math.max(regionBytes, frameLength);
                regionBytes = Math.min(MAX_REGION_BYTES, regionBytes * 2);
                // zeros written first: a full disk or quota then fails this write with an IOException (a storage
                // failure the process node may retry), not a later store into the map with SIGBUS
                writeFully(channel, ByteBuffer.allocate(size), regionStart);
                region = channel.map(FileChannel.MapMode.READ_WRITE, regionStart, size);
            }
            region.put(frame.getBuffer(), 0, frameLength);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        } catch (InternalError e) { // the JVM's word for a fault (SIGBUS) in a store into a mapped file
            throw new UncheckedIOException("cannot write " + path, new IOException("input/output error writing"
                    + " through its memory map (the storage failed under it: " + e.getMessage() + ")", e));
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer, position + buffer.position());
        }
    }

    /**
     * Unmaps at once rather than when the buffer is collected: a worker runs many chunks, and each map counts
     * against the process's limit of maps. Best effort: where the JDK does not allow it, the collector does it.
     */
    private static void unmap(java.nio.MappedByteBuffer buffer) {
        try {
            if (unsafe == null) { // looked up once: a worker unmaps a few regions per chunk
                java.lang.reflect.Field field = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
                field.setAccessible(true);
                Object instance = field.get(null);
                invokeCleaner = instance.getClass().getMethod("invokeCleaner", ByteBuffer.class);
                unsafe = instance;
            }
            invokeCleaner.invoke(unsafe, buffer);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // left to the garbage collector
        }
    }

    private static volatile Object unsafe;
    private static volatile java.lang.reflect.Method invokeCleaner;

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        if (region != null) {
            unmap(region);
            region = null;
        }
        closeQuietly(channel);
    }
}
