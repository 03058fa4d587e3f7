package io.github.qmr.runtime.workdir;

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
 * Copies the workers' classpath into the work dir (by default when the queue's jobs run on other nodes: see
 * {@code Plan.stagesClasspath()}; the Maven goal always), because {@code ~/.m2} and the project's {@code target} are
 * usually not on the storage the worker nodes share. Each entry becomes {@code <workDir>/classpath/<sha256>.jar},
 * named by its content, so an unchanged jar is copied once and reused by every later run; a folder (such as
 * {@code target/classes}) is packed into a jar first, with sorted entries and fixed times, so an unchanged folder
 * gives the same hash too.
 *
 * <p>Only your own files are used: the folder is made owner-only (0700), and a folder or jar there that is not
 * yours or that others may write is refused with a message (see {@link SharedFolder}). A jar found under its hash is
 * checked against it before use, once per map; its size and modification time at that check are kept in an
 * owner-only index, so an unchanged jar is not read again.
 */
public final class ClasspathStager {
    /** Zip entry times are fixed so packing the same folder twice gives the same bytes (and the same hash). */
    private static final FileTime FIXED_TIME = FileTime.fromMillis(315532800000L + 86400000L); // 1980-01-02

    private final Path folder;
    private final Path index;
    /** The index: jar file name to "size mtime" at its last hash check. */
    private final Map<String, String> checked = new java.util.TreeMap<>();
    private boolean indexChanged;

    /** @param workDir the work dir; jars go to its {@code classpath} folder */
    public ClasspathStager(Path workDir) {
        this.folder = SharedFolder.classpath(workDir);
        this.index = SharedFolder.classpathIndex(workDir);
    }

    /** One staged entry: where it came from, its hash, and the jar the workers load. */
    public record Staged(Path source, String sha256, Path jar, boolean reused) {}

    /**
     * The staged classpath in a line for a log: {@code worker classpath: 12 jars in /w/classpath (3 new, 9 reused)}.
     */
    public static String summary(List<Staged> staged, Path workDir) {
        long fresh = staged.stream().filter(s -> !s.reused()).count();
        return "worker classpath: " + staged.size() + " jars in " + SharedFolder.classpath(workDir) + " (" + fresh
                + " new, " + (staged.size() - fresh) + " reused)";
    }

    /**
     * Stages every entry in order; entries with the same content appear once. Missing entries are skipped (Maven
     * lists {@code target/test-classes} even when a project has no tests).
     */
    public List<Staged> stage(List<Path> classpath) {
        try {
            Files.createDirectories(folder.getParent());
            SharedFolder.prepare(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + folder + " for the workers' classpath: " + e.getMessage(), e);
        }
        readIndex();
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
        writeIndex();
        return new ArrayList<>(byHash.values());
    }

    /**
     * Whether the jar already staged under {@code hash} can be used: it must be yours, writable by nobody else, and
     * hold the content its name says (hashed again unless its size and time are those of its last check).
     *
     * @throws UncheckedIOException when it is there but must not be used, saying why and how to fix it
     */
    private boolean usable(Path target, String hash) {
        if (!Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        String why = SharedFolder.untrusted(target, false);
        if (why == null) {
            try {
                String stamp = stamp(target);
                if (!stamp.equals(checked.get(target.getFileName().toString()))) {
                    if (!hash.equals(sha256Of(target))) {
                        why = "its content does not match the SHA-256 its name says (it was changed after it was"
                                + " staged)";
                    } else {
                        checked.put(target.getFileName().toString(), stamp);
                        indexChanged = true;
                    }
                }
            } catch (IOException e) {
                why = "it cannot be read (" + e + ")";
            }
        }
        if (why != null) {
            String message = SharedFolder.refusal(target, why);
            throw new UncheckedIOException(message, new IOException(message));
        }
        return true;
    }

    private void staged(Path target) throws IOException {
        checked.put(target.getFileName().toString(), stamp(target));
        indexChanged = true;
    }

    private static String stamp(Path file) throws IOException {
        java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(file,
                java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        return a.size() + " " + a.lastModifiedTime().toMillis();
    }

    /** An index that is missing, unreadable, not yours or writable by others counts as empty: jars are hashed. */
    private void readIndex() {
        checked.clear();
        try {
            if (Files.isRegularFile(index, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && SharedFolder.untrusted(index, false) == null) {
                for (String line : Files.readAllLines(index)) {
                    String[] parts = line.split(" ", 2);
                    if (parts.length == 2) {
                        checked.put(parts[0], parts[1]);
                    }
                }
            }
        } catch (IOException e) {
            checked.clear();
        }
    }

    /** Rewrites the index (0600, atomically); losing a race with another build only costs hashing again. */
    private void writeIndex() {
        if (!indexChanged) {
            return;
        }
        StringBuilder text = new StringBuilder();
        checked.forEach((name, stamp) -> text.append(name).append(' ').append(stamp).append('\n'));
        Path temp = tempFile();
        try {
            Files.writeString(temp, text);
            Files.move(temp, index, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            indexChanged = false;
        } catch (IOException e) {
            // the index only saves hashing; the next map hashes again
        } finally {
            deleteQuietly(temp);
        }
    }

    private Staged stageFile(Path jar) {
        String hash;
        try {
            hash = sha256Of(jar);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath entry " + jar + ": " + e.getMessage(), e);
        }
        Path target = folder.resolve(hash + ".jar");
        if (usable(target, hash)) {
            return new Staged(jar, hash, target, true);
        }
        Path temp = tempFile();
        try {
            // into the 0600 temp file itself: Files.copy would make a new file with the umask's mode
            try (InputStream in = Files.newInputStream(jar); OutputStream out = Files.newOutputStream(temp)) {
                in.transferTo(out);
            }
            if (!moveIntoPlace(temp, target)) {
                usable(target, hash); // staged meanwhile by another build: checked like any jar found there
            }
            staged(target);
            return new Staged(jar, hash, target, false);
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
            boolean reused = usable(target, hash);
            if (!reused) {
                if (!moveIntoPlace(temp, target)) {
                    usable(target, hash);
                }
                staged(target);
            }
            return new Staged(dir, hash, target, reused);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack classpath folder " + dir + " into a jar in " + folder + ": "
                    + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /**
     * Another build staging the same jar at the same moment is fine: both write identical bytes.
     *
     * @return false when the jar was there already (the caller checks it)
     */
    private static boolean moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            return true;
        }
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

    /** SHA-256 of a file's bytes, in hex: the name it is staged under. A link is refused rather than followed. */
    public static String sha256Of(Path file) throws IOException {
        MessageDigest sha = sha256();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
