package io.github.qmr.runtime.session;

import io.github.qmr.runtime.codec.RecordReader;
import io.github.qmr.runtime.workdir.SessionDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * What makes two maps the same, so a rerun may reuse the results of a stopped one: SHA-256 over the function file,
 * every task file (digested as it was written), the chunking and the workers' classpath (each file's path, size and modification time: a
 * rebuilt jar counts as changed even when its bytes did not, which only costs a recomputation).
 */
final class SessionKey {
    private SessionKey() {}

    /**
     * @param taskFilesDigest SHA-256 over the task files' digests in chunk order, taken while they were written, so
     *     they are not read again here
     */
    static String of(SessionDir dir, int chunks, int chunkSize, byte[] taskFilesDigest, List<Path> classpath) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            update(sha, "chunks " + chunks + " of " + chunkSize + "\n");
            sha.update(RecordReader.contentDigest(dir.functionFile())); // without its seal, which differs per session
            sha.update(taskFilesDigest);
            for (Path entry : classpath) {
                fingerprint(sha, entry);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fingerprint session " + dir.path() + ": " + e, e);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void fingerprint(MessageDigest sha, Path entry) throws IOException {
        if (!Files.isDirectory(entry)) {
            stamp(sha, entry, entry);
            return;
        }
        try (Stream<Path> files = Files.walk(entry)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                stamp(sha, entry, file);
            }
        }
    }

    private static void stamp(MessageDigest sha, Path root, Path file) throws IOException {
        update(sha, stamp(root + "|" + root.relativize(file), file));
    }

    /** A file's line in a key: {@code name|size|modified millis}; the bytes are not read (keys stay cheap). */
    static String stamp(String name, Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return name + "|" + a.size() + "|" + a.lastModifiedTime().toMillis() + "\n";
    }

    private static void update(MessageDigest sha, String text) {
        sha.update(text.getBytes(StandardCharsets.UTF_8));
    }
}
