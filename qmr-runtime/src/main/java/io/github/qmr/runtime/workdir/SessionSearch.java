package io.github.qmr.runtime.workdir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/** Finding session folders in a work dir: all of them (for a status), or the earlier ones of the same map (by key). */
public final class SessionSearch {
    private SessionSearch() {}

    /** The session folders in {@code workDir} (any map's), newest first; none when it does not exist. */
    public static List<SessionDir> sessionsIn(Path workDir) {
        List<SessionDir> found = new java.util.ArrayList<>();
        if (!Files.isDirectory(workDir)) {
            return found;
        }
        try (java.util.stream.Stream<Path> entries = Files.list(workDir)) {
            for (Path folder : entries.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (folder.getFileName().toString().startsWith("qmr-")
                        && Files.isRegularFile(folder.resolve(SessionLayout.KEY_FILE),
                                java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        && SharedFolder.untrusted(folder, true) == null) {
                    found.add(new SessionDir(folder, folder.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the sessions in " + workDir + ": " + e, e);
        }
        return found;
    }

    /**
     * The other session folders in the work dir that were made for the same map (same key), newest first, which
     * this session adopts: only folders owned by this user with mode 0700 (what qmr makes) qualify, since anyone who
     * can write to the work dir could plant a folder with a matching key (it is computed from public inputs). From
     * now on this session also accepts the files sealed by the adopted ones (their secrets are added to its own
     * secret file), so their results can be taken over as they are.
     */
    public static List<SessionDir> earlierWithKey(SessionDir session, String key) {
        Path path = session.path();
        List<SessionDir> found = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> entries = Files.list(path.getParent())) {
            for (Path other : entries.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Path keyFile = other.resolve(SessionLayout.KEY_FILE);
                if (!other.equals(path) && other.getFileName().toString().startsWith("qmr-")
                        && SharedFolder.untrusted(other, true) == null
                        && Files.isRegularFile(keyFile, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        && SharedFolder.untrusted(keyFile, false) == null
                        && Files.readString(keyFile).strip().equals(key)) {
                    found.add(new SessionDir(other, other.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for earlier sessions in " + path.getParent() + ": " + e, e);
        }
        if (found.isEmpty()) {
            return found;
        }
        List<byte[]> keys = new java.util.ArrayList<>(Secrets.read(path));
        for (SessionDir earlier : found) {
            try {
                keys.add(Secrets.read(earlier.path()).get(0));
            } catch (UncheckedIOException e) {
                // no usable secret (an older qmr's folder): its results fail their check and are computed again
            }
        }
        StringBuilder text = new StringBuilder();
        for (byte[] k : keys) {
            text.append(HexFormat.of().formatHex(k)).append('\n');
        }
        session.writeText(session.secretFile(), text.toString(), false);
        Secrets.forget(path);
        return found;
    }
}
