package io.github.qmr.runtime.workdir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/**
 * The session secrets ({@link SessionLayout#SECRET_FILE}) that seal a session's task, result and function files,
 * read once per session folder and JVM: the process node reads many files of few sessions.
 */
public final class Secrets {
    static final int SECRET_BYTES = 32;

    /**
     * The secret keys of the session folder that holds {@code file} (a task, result or function file, or its
     * temporary sibling): the first seals what this session writes; every one is accepted on reading. Read once per
     * session folder and JVM.
     *
     * @throws UncheckedIOException saying which secret file is missing or unreadable, and what to do
     */
    private Secrets() {}

    public static List<byte[]> sealKeysOf(Path file) {
        return read(SessionLayout.folderOf(file));
    }

    private static final java.util.Map<Path, List<byte[]>> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    static List<byte[]> read(Path folder) {
        List<byte[]> keys = CACHE.get(folder);
        if (keys == null) {
            keys = load(folder.resolve(SessionLayout.SECRET_FILE));
            CACHE.put(folder, keys);
        }
        return keys;
    }

    static void forget(Path folder) {
        CACHE.remove(folder);
    }

    private static List<byte[]> load(Path secret) {
        String text;
        try {
            text = Files.readString(secret, StandardCharsets.US_ASCII);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UncheckedIOException("the session's secret " + secret + " is missing (deleted after the"
                    + " session began, or the folder was not made by this version of qmr), so no file of the"
                    + " session can be checked and the session cannot go on: delete the session folder "
                    + secret.getParent() + " and run the map again", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the session's secret " + secret + ": " + e + "; it is"
                    + " readable by its owner only (0600), so the workers must run as the user who started the map",
                    e);
        }
        List<byte[]> keys = new java.util.ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                try {
                    keys.add(HexFormat.of().parseHex(line.strip()));
                } catch (IllegalArgumentException e) {
                    keys.clear();
                    break;
                }
            }
        }
        if (keys.isEmpty() || keys.get(0).length != SECRET_BYTES) {
            String message = "the session's secret " + secret + " is damaged (not lines of " + SECRET_BYTES
                    + " hex bytes); delete the session folder and run the map again";
            throw new UncheckedIOException(message, new IOException(message));
        }
        return List.copyOf(keys);
    }
}
