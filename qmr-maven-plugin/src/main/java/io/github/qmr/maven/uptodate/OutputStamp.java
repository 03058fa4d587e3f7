package io.github.qmr.maven.uptodate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The record, in a map's output folder, of the key it was made with and the digest of every file it wrote. Written
 * last, only when the map passed, so its presence means "complete"; a rerun with the same key whose files still have
 * those digests has nothing to do.
 *
 * @param key the {@link MapKey#hash()} the output was made with
 * @param tasks how many tasks the map had
 * @param failed how many of them failed (within {@code maxFailedTasks})
 * @param files each file's path relative to the folder, and its content digest
 */
public record OutputStamp(String key, long tasks, long failed, Map<String, String> files) {
    /** The stamp's name in the output folder. */
    public static final String FILE = "qmr-map.key";

    /** Digests every file now in {@code dir} (but the stamp) and writes the stamp there, atomically. */
    public static OutputStamp write(Path dir, String key, long tasks, long failed) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        for (Path f : filesIn(dir)) {
            files.put(name(dir, f), ContentDigest.of(f));
        }
        OutputStamp stamp = new OutputStamp(key, tasks, failed, files);
        StringBuilder s = new StringBuilder();
        s.append("# qmr:map output stamp: this folder was made with this key; delete it to force a rerun\n");
        s.append("key ").append(key).append('\n');
        s.append("tasks ").append(tasks).append('\n');
        s.append("failed ").append(failed).append('\n');
        files.forEach((name, digest) -> s.append("file ").append(digest).append(' ').append(name).append('\n'));
        Path temp = dir.resolve(FILE + ".tmp");
        Files.writeString(temp, s, StandardCharsets.UTF_8);
        Files.move(temp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return stamp;
    }

    /** The stamp in {@code dir}, or null when there is none or it cannot be read. */
    public static OutputStamp read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            String key = null;
            long tasks = -1;
            long failed = -1;
            Map<String, String> files = new LinkedHashMap<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("key ")) {
                    key = line.substring(4);
                } else if (line.startsWith("tasks ")) {
                    tasks = Long.parseLong(line.substring(6));
                } else if (line.startsWith("failed ")) {
                    failed = Long.parseLong(line.substring(7));
                } else if (line.startsWith("file ")) {
                    int space = line.indexOf(' ', 5);
                    files.put(line.substring(space + 1), line.substring(5, space));
                }
            }
            return key == null || tasks < 0 || failed < 0 ? null : new OutputStamp(key, tasks, failed, files);
        } catch (IOException | RuntimeException e) {
            return null; // an unreadable stamp only means the map runs again
        }
    }

    /**
     * Why the output in {@code dir} is not what a map with {@code key} makes, or null when it is: same key, every
     * file recorded still there with the same content, and {@code required} among them.
     */
    public static String staleness(Path dir, String key, String required) {
        OutputStamp stamp = read(dir);
        if (stamp == null) {
            return "no complete earlier output in " + dir;
        }
        if (!stamp.key().equals(key)) {
            return "the inputs changed (key " + MapKey.shortForm(stamp.key()) + " before, " + MapKey.shortForm(key)
                    + " now)";
        }
        if (!stamp.files().containsKey(required)) {
            return required + " is not among the earlier output";
        }
        for (Map.Entry<String, String> f : stamp.files().entrySet()) {
            Path file = dir.resolve(f.getKey());
            if (!Files.isRegularFile(file)) {
                return f.getKey() + " is missing from " + dir;
            }
            if (!ContentDigest.of(file).equals(f.getValue())) {
                return f.getKey() + " in " + dir + " was changed since the map wrote it";
            }
        }
        return null;
    }

    private static List<Path> filesIn(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).sorted().forEach(out::add);
        }
        out.removeIf(f -> f.getFileName().toString().startsWith(FILE));
        return out;
    }

    private static String name(Path dir, Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }
}
