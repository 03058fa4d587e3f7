package io.github.qmr.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The layout the README describes, read from the sources: packages without cycles, the API package holding the API. */
class ArchitectureTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(io\\.github\\.qmr(?:\\.[a-z]\\w*)*)\\.[A-Z]",
            Pattern.MULTILINE);
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);

    /** package -> the qmr packages its classes import. */
    private static Map<String, Set<String>> imports() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher p = PACKAGE.matcher(source);
                assertTrue(p.find(), file + " has no package");
                String pkg = p.group(1);
                Set<String> to = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = IMPORT.matcher(source);
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        to.add(m.group(1));
                    }
                }
            }
        }
        return graph;
    }

    @Test
    void noPackageCycle() throws IOException {
        Map<String, Set<String>> graph = imports();
        assertTrue(graph.containsKey("io.github.qmr.runtime.session"), "read from " + SOURCES.toAbsolutePath());
        List<String> cycles = new ArrayList<>();
        for (String start : graph.keySet()) {
            // every package reachable from start; start among them is a cycle
            Set<String> seen = new TreeSet<>();
            List<String> todo = new ArrayList<>(graph.get(start));
            while (!todo.isEmpty()) {
                String next = todo.remove(todo.size() - 1);
                if (seen.add(next)) {
                    todo.addAll(graph.getOrDefault(next, Set.of()));
                }
            }
            if (seen.contains(start)) {
                cycles.add(start);
            }
        }
        assertEquals(List.of(), cycles, "packages on an import cycle; the graph: " + graph);
    }

    @Test
    void theEngineDoesNotImportTheApiPackage() throws IOException {
        Map<String, Set<String>> graph = imports();
        for (String engine : List.of("io.github.qmr.runtime.session", "io.github.qmr.runtime.workdir",
                "io.github.qmr.runtime.codec", "io.github.qmr.runtime.queue", "io.github.qmr.runtime.process")) {
            assertTrue(!graph.getOrDefault(engine, Set.of()).contains("io.github.qmr.runtime"),
                    engine + " imports the API package: " + graph.get(engine));
        }
    }

    @Test
    void theApiPackageHoldsPublicTypesOnly() throws IOException {
        List<String> hidden = new ArrayList<>();
        try (Stream<Path> files = Files.list(SOURCES.resolve("io/github/qmr/runtime"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String name = file.getFileName().toString().replace(".java", "");
                if (!Pattern.compile("^public (?:final |abstract |sealed )*(?:class|interface|record|enum) " + name
                        + "\\b", Pattern.MULTILINE).matcher(Files.readString(file)).find()) {
                    hidden.add(name);
                }
            }
        }
        assertEquals(List.of(), hidden, "machinery in the API package io.github.qmr.runtime: move it to an engine"
                + " package");
    }
}
