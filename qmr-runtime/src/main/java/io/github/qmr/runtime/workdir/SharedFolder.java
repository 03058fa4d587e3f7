package io.github.qmr.runtime.workdir;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The folders of the work dir that outlive a session and that later maps reuse: {@code classpath/} (jars staged by
 * content hash) and {@code cds/} (class-data archives). Work dirs on shared storage are often group-writable, so
 * anyone who can write there could plant a jar or an archive under the name qmr would look up. qmr creates these
 * folders owner-only (0700) and uses a folder or a file there only when it is this user's own and writable by nobody
 * else; anything else is refused with a message saying why, never used.
 */
public final class SharedFolder {
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Object ME = currentUser();

    private SharedFolder() {}

    /** {@code WORKDIR/classpath}: the workers' classpath, staged by the Maven plugin. */
    public static Path classpath(Path workDir) {
        return workDir.resolve(SessionDir.CLASSPATH_FOLDER);
    }

    /** {@code WORKDIR/classpath/hashes.index}: each staged jar's size and time when its hash was last checked. */
    public static Path classpathIndex(Path workDir) {
        return classpath(workDir).resolve("hashes.index");
    }

    /** {@code WORKDIR/cds}: the workers' class-data archives. */
    public static Path classData(Path workDir) {
        return workDir.resolve(SessionDir.CLASS_DATA_FOLDER);
    }

    /**
     * Creates {@code folder} owner-only (0700) if it is missing, then checks that it is this user's own.
     *
     * @throws IOException when it cannot be made, or when it is not this user's own or others may write to it
     */
    public static void prepare(Path folder) throws IOException {
        try {
            Files.createDirectory(folder, SessionDir.dirAttribute());
        } catch (FileAlreadyExistsException ignored) {
            // made by an earlier map; checked below like anything found there
        }
        String why = untrusted(folder, false);
        if (why != null) {
            throw new IOException(refusal(folder, why));
        }
    }

    /** The message for a refused folder or file: what, why, and how to fix it. */
    public static String refusal(Path path, String why) {
        return "qmr does not use " + path + ": " + why + ". qmr trusts only files of the work dir that are your own and"
                + " writable by nobody else, since anyone who can write there could plant one; remove it (qmr makes it"
                + " again) or choose a work dir of your own";
    }

    /**
     * Why {@code path} cannot be trusted, or null when it can: it must not be a symbolic link, must be owned by the
     * user running this JVM, and not writable by group or others; with {@code ownerOnly}, its mode must be exactly
     * 0700 (a folder) as qmr makes its session folders.
     */
    public static String untrusted(Path path, boolean ownerOnly) {
        PosixFileAttributes attributes;
        try {
            if (Files.isSymbolicLink(path)) {
                return "it is a symbolic link";
            }
            attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            return null; // no owners or modes on this file system: nothing to check against
        } catch (IOException e) {
            return "its owner and mode cannot be read (" + e + ")";
        }
        Object owner = ownerOf(path, attributes);
        if (ME != null && owner != null && !ME.equals(owner)) {
            return "it is owned by " + attributes.owner().getName() + ", not by you (" + describe(ME) + ")";
        }
        Set<PosixFilePermission> mode = attributes.permissions();
        if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
            return "others may write to it (mode " + PosixFilePermissions.toString(mode) + ")";
        }
        if (ownerOnly && !mode.equals(OWNER_ONLY_DIR)) {
            return "its mode is " + PosixFilePermissions.toString(mode) + ", not rwx------ as qmr makes it";
        }
        return null;
    }

    /** The numeric uid where the file system has one (names can be ambiguous on shared storage), else the name. */
    private static Object ownerOf(Path path, PosixFileAttributes attributes) {
        try {
            return Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return ME instanceof String ? attributes.owner().getName() : null;
        }
    }

    private static String describe(Object user) {
        return user instanceof Integer uid ? "uid " + uid : String.valueOf(user);
    }

    /** This process's uid: the owner of {@code /proc/self} on Linux; elsewhere the user name. */
    private static Object currentUser() {
        try {
            return Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return System.getProperty("user.name");
        }
    }
}
