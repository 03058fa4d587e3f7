package io.github.qmr.maven.cache;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The function key that computed each task's result in a {@code results.qmr}, kept beside it: the distinct keys
 * once, then runs of tasks in task order ({@code run <key index> <count>}), so a map of a million tasks made by one
 * function is three lines. What a rerun reads to tell which kept results the current function would give again.
 */
public final class ResultKeys {
    /** The file's name beside {@code results.qmr}. */
    public static final String FILE = "results.keys";

    private ResultKeys() {}

    /** Writes the keys of tasks 0, 1, ... in order, atomically. */
    public static void write(Path file, List<String> keyOfTask) throws IOException {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (String key : keyOfTask) {
            index.putIfAbsent(key, index.size());
        }
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            w.write("# qmr: the function key that computed each task's result in results.qmr, in runs of tasks in"
                    + " task order\n");
            for (Map.Entry<String, Integer> e : index.entrySet()) {
                w.write("key " + e.getValue() + " " + e.getKey() + "\n");
            }
            int i = 0;
            while (i < keyOfTask.size()) {
                int j = i;
                while (j < keyOfTask.size() && keyOfTask.get(j).equals(keyOfTask.get(i))) {
                    j++;
                }
                w.write("run " + index.get(keyOfTask.get(i)) + " " + (j - i) + "\n");
                i = j;
            }
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The key of each task in order, or null when the file is missing or unreadable (nothing is then kept). */
    public static List<String> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            List<String> keys = new ArrayList<>();
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split(" ");
                if (f[0].equals("key") && f.length == 3 && Integer.parseInt(f[1]) == keys.size()) {
                    keys.add(f[2]);
                } else if (f[0].equals("run") && f.length == 3) {
                    String key = keys.get(Integer.parseInt(f[1]));
                    for (long n = Long.parseLong(f[2]); n > 0; n--) {
                        out.add(key);
                    }
                } else if (!line.startsWith("#")) {
                    return null;
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return null; // an unreadable file only means no result is kept
        }
    }
}
