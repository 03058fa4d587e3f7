package io.github.qmr.maven.classpath;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Copies the workers' classpath into the work dir, because {@code ~/.m2} and the project's {@code target} are
 * usually not on the storage the worker nodes share. Each entry becomes {@code <workDir>/classpath/<sha256>.jar},
 * named by its content, so an unchanged jar is copied once and reused by every later run; a folder (such as
 * {@code target/classes}) is packed into a jar first, with sorted entries and fixed times, so an unchanged folder
 * gives the same hash too.
 */
public final class ClasspathStager {
    /** Zip entry times are fixed so packing the same folder twice gives the same bytes (and the same hash). */
    private static final FileTime FIXED_TIME = FileTime.fromMillis(315532800000L + 86400000L); // 1980-01-02

    private final Path folder;

    /** @param workDir the work dir; jars go to its {@code classpath} folder */
    public ClasspathStager(Path workDir) {
        this.folder = workDir.resolve("classpath");
    }

    /** One staged entry: where it came from, its hash, and the jar the workers load. */
    public record Staged(Path source, String sha256, Path jar, boolean reused) {}

    /**
     * Stages every entry in order; entries with the same content appear once. Missing entries are skipped (Maven
     * lists {@code target/test-classes} even when a project has no tests).
     */
    public List<Staged> stage(List<Path> classpath) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder + " for the workers' classpath: " + e.getMessage()
                    + "; check that the work dir is writable", e);
        }
        Map<String, Staged> byHash = new LinkedHashMap<>();
        for (Path entry : classpath) {
            Staged staged;
            if (Files.isDirectory(entry)) {
                staged = stageFolder(entry);
            } else if (Files.isRegularFile(entry)) {
                staged = stageFile(entry);
            } else {
                continue;
            }
            byHash.putIfAbsent(staged.sha256(), staged);
        }
        return new ArrayList<>(byHash.values());
    }

    private Staged stageFile(Path jar) {
        String hash;
        try (InputStream in = Files.newInputStream(jar)) {
            MessageDigest digest = sha256();
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            hash = HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath entry " + jar + ": " + e.getMessage(), e);
        }
        Path target = folder.resolve(hash + ".jar");
        if (Files.isRegularFile(target)) {
            return new Staged(jar, hash, target, true);
        }
        Path temp = tempFile();
        try {
            Files.copy(jar, temp, StandardCopyOption.REPLACE_EXISTING);
            return new Staged(jar, hash, moveIntoPlace(temp, target), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + jar + " to " + target + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    private Staged stageFolder(Path dir) {
        Path temp = tempFile();
        try {
            MessageDigest digest = sha256();
            try (OutputStream file = Files.newOutputStream(temp);
                    ZipOutputStream zip = new ZipOutputStream(new DigestOutputStream(file, digest))) {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(dir)) {
                    files = walk.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path f : files) {
                    String name = dir.relativize(f).toString().replace('\\', '/');
                    ZipEntry entry = new ZipEntry(name);
                    entry.setLastModifiedTime(FIXED_TIME);
                    entry.setCreationTime(FIXED_TIME);
                    entry.setLastAccessTime(FIXED_TIME);
                    zip.putNextEntry(entry);
                    Files.copy(f, zip);
                    zip.closeEntry();
                }
            }
            String hash = HexFormat.of().formatHex(digest.digest());
            Path target = folder.resolve(hash + ".jar");
            boolean reused = Files.isRegularFile(target);
            return new Staged(dir, hash, reused ? target : moveIntoPlace(temp, target), reused);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack classpath folder " + dir + " into a jar in " + folder + ": "
                    + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /** Another build staging the same jar at the same moment is fine: both write identical bytes. */
    private static Path moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            // staged meanwhile by a concurrent run; its content is the same by construction
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    private Path tempFile() {
        try {
            return Files.createTempFile(folder, ".staging-", ".tmp");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a file in " + folder + ": " + e.getMessage()
                    + "; check that the work dir is writable and not full", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover .staging-*.tmp file is never used as a classpath entry
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
