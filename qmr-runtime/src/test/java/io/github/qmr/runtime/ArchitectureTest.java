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

/**
 * The layout the README describes, read from the sources: packages without cycles, the API package holding the API,
 * the worker and the plugin kept to what they need. A reference counts whether imported or written out in full in the
 * code (comments and string literals aside).
 */
class ArchitectureTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path PLUGIN_SOURCES = Path.of("../qmr-maven-plugin/src/main/java");
    /** A qmr class named in code: its package and its simple name. */
    private static final Pattern REFERENCE = Pattern.compile(
            "(?<![\\w.])(io\\.github\\.qmr(?:\\.[a-z]\\w*)*)\\.([A-Z]\\w*)");
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    /** Comments, string and char literals: names there are no dependency (e.g. a main class run by name). */
    private static final Pattern NOT_CODE = Pattern.compile(
            "//[^\\n]*|/\\*.*?\\*/|\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'", Pattern.DOTALL);
    private static final String API = "io.github.qmr.runtime";

    /** package -> the qmr classes (package.Class) its code names, outside its own package. */
    private static Map<String, Set<String>> references(Path sources) throws IOException {
        assertTrue(Files.isDirectory(sources), "no sources at " + sources.toAbsolutePath());
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher p = PACKAGE.matcher(source);
                assertTrue(p.find(), file + " has no package");
                String pkg = p.group(1);
                Set<String> to = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
                String code = NOT_CODE.matcher(source.substring(p.end())).replaceAll(" ");
                Matcher m = REFERENCE.matcher(code);
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        to.add(m.group(1) + "." + m.group(2));
                    }
                }
            }
        }
        return graph;
    }

    /** package -> the qmr packages its code names. */
    private static Map<String, Set<String>> imports() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        references(SOURCES).forEach((pkg, classes) -> graph.put(pkg, new TreeSet<>(classes.stream()
                .map(c -> c.substring(0, c.lastIndexOf('.'))).toList())));
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

    @Test
    void aReferenceWrittenOutInFullCountsAsOneImported() {
        Matcher m = REFERENCE.matcher(NOT_CODE.matcher("} catch (io.github.qmr.runtime.queue.QueueException e) {"
                + " // io.github.qmr.runtime.session.Session\n String s = \"io.github.qmr.runtime.worker.WorkerMain\";")
                .replaceAll(" "));
        assertTrue(m.find());
        assertEquals("io.github.qmr.runtime.queue.QueueException", m.group(1) + "." + m.group(2));
        assertTrue(!m.find(), "a comment or a string names no dependency");
    }

    /**
     * The worker runs on the compute nodes with the workers' classpath: it needs the codec and the work dir's files,
     * and from the API only the function it runs ({@code TaskFunction}) and, for the pre-flight check, the
     * {@code Preflight} report it fills; never the engine of the process node (session, queue, process).
     */
    @Test
    void theWorkerUsesOnlyTheCodecTheWorkDirAndTheFunctionsApi() throws IOException {
        Set<String> allowedPackages = Set.of(API + ".codec", API + ".workdir");
        Set<String> allowedApi = Set.of(API + ".TaskFunction", API + ".Preflight");
        Set<String> used = references(SOURCES).get(API + ".worker");
        assertTrue(used != null && used.contains(API + ".TaskFunction"), "read the worker from " + SOURCES);
        List<String> other = used.stream().filter(c -> !allowedApi.contains(c)
                && !allowedPackages.contains(c.substring(0, c.lastIndexOf('.')))).toList();
        assertEquals(List.of(), other, "the worker uses more than the codec, the work dir and the function's API");
    }

    /**
     * The plugin is an adapter over the runtime's API: it may use the engine's queue and codec types it configures,
     * and the pure {@code policy} it words a map's end with, but never the session engine that runs a map.
     */
    @Test
    void thePluginDoesNotUseTheSessionEngine() throws IOException {
        Map<String, Set<String>> plugin = references(PLUGIN_SOURCES);
        assertTrue(plugin.containsKey("io.github.qmr.maven"),
                "read the plugin from " + PLUGIN_SOURCES.toAbsolutePath());
        List<String> session = new ArrayList<>();
        plugin.forEach((pkg, classes) -> classes.stream()
                .filter(c -> c.startsWith(API + ".session."))
                .forEach(c -> session.add(pkg + " -> " + c)));
        assertEquals(List.of(), session, "the plugin uses the session engine: go through the API (Pool) instead");
    }
}
