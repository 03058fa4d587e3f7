package io.github.qmr.maven.uptodate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * SHA-256 of what a file or folder holds: a file's bytes; a folder's files by relative name and bytes, in name
 * order. Never paths outside the entry, sizes or times, so copying or rebuilding it byte for byte keeps the digest.
 */
public final class ContentDigest {
    private ContentDigest() {}

    /** The digest of a file or folder, or {@code "missing"} when there is nothing (Maven lists absent folders). */
    public static String of(Path entry) {
        try {
            if (Files.isRegularFile(entry)) {
                return ofFile(entry);
            }
            if (!Files.isDirectory(entry)) {
                return "missing";
            }
            MessageDigest sha = sha256();
            List<Path> files;
            try (Stream<Path> walk = Files.walk(entry)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path f : files) {
                String name = entry.relativize(f).toString().replace('\\', '/');
                sha.update((name + "\n" + Files.size(f) + "\n").getBytes(StandardCharsets.UTF_8));
                update(sha, f);
            }
            return "dir:" + HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + entry + " to tell whether the map is up to date: " + e, e);
        }
    }

    /**
     * SHA-256 of a file's bytes, in hex (the runtime's {@code ClasspathStager.sha256Of} names a staged jar alike).
     * With {@link java.nio.file.LinkOption#NOFOLLOW_LINKS} a link is refused rather than followed.
     */
    public static String ofFile(Path file, OpenOption... options) throws IOException {
        MessageDigest sha = sha256();
        update(sha, file, options);
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void update(MessageDigest sha, Path file, OpenOption... options) throws IOException {
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file, options)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
