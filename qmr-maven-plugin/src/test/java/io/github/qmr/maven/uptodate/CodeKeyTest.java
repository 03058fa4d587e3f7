package io.github.qmr.maven.uptodate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The function's part of a rerun's key: compiled classes, read from their bytecode. Simulate reaches Model (a
 * field type), Noise (only inside a lambda) and Params (a nested record); Mean (the reducer) and Unrelated are not
 * reached.
 */
class CodeKeyTest {
    @TempDir
    static Path dir;

    /** The fixture as in {@link #SOURCES}, compiled once for every test. */
    private static Path original;

    private static final Map<String, String> SOURCES = Map.of(
            "example/Simulate.java", """
                    package example;
                    public class Simulate implements java.util.function.Function<Simulate.Params, Double> {
                        public record Params(double beta) {}
                        private final Model model = new Model();
                        public Double apply(Params p) {
                            java.util.function.DoubleSupplier n = () -> Noise.draw();
                            return model.run(p.beta()) + n.getAsDouble();
                        }
                    }
                    """,
            "example/Model.java", """
                    package example;
                    public class Model { public double run(double beta) { return beta * 2; } }
                    """,
            "example/Noise.java", """
                    package example;
                    public class Noise { static double draw() { return 0.5; } }
                    """,
            "example/Mean.java", """
                    package example;
                    public class Mean { double sum; void add(double x) { sum += x + new Model().run(1); } }
                    """,
            "example/Unrelated.java", """
                    package example;
                    public class Unrelated { int x = 1; }
                    """);

    @org.junit.jupiter.api.BeforeAll
    static void compileTheOriginal() throws IOException {
        original = compile(Map.of());
    }

    private static Path compile(Map<String, String> changes) throws IOException {
        Path src = dir.resolve("src" + System.nanoTime());
        Path classes = dir.resolve("classes" + System.nanoTime());
        Files.createDirectories(classes);
        List<String> args = new ArrayList<>(List.of("-d", classes.toString()));
        for (Map.Entry<String, String> e : SOURCES.entrySet()) {
            Path f = src.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, changes.getOrDefault(e.getKey(), e.getValue()));
            args.add(f.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, args.toArray(String[]::new)), "the fixture compiles");
        return classes;
    }

    private static String key(Path classes, String root) {
        return CodeKey.of(Set.of(root), List.of(classes));
    }

    @Test
    void theFunctionReachesItsFieldsLambdasAndNestedClassesButNotTheReducerNorAnUnrelatedClass() throws IOException {
        Path classes = original;
        assertEquals(Set.of("example/Simulate", "example/Simulate$Params", "example/Model", "example/Noise"),
                CodeKey.reachable(Set.of("example.Simulate"), List.of(classes)).keySet());
    }

    @Test
    void aChangedClassTheFunctionReachesChangesTheKey() throws IOException {
        String before = key(original, "example.Simulate");
        String model = key(compile(Map.of("example/Model.java", """
                package example;
                public class Model { public double run(double beta) { return beta * 3; } }
                """)), "example.Simulate");
        // reached only through a lambda's body
        String noise = key(compile(Map.of("example/Noise.java", """
                package example;
                public class Noise { static double draw() { return 0.25; } }
                """)), "example.Simulate");
        assertNotEquals(before, model);
        assertNotEquals(before, noise);
    }

    @Test
    void aChangedClassTheFunctionCannotReachKeepsTheKey() throws IOException {
        String before = key(original, "example.Simulate");
        String unrelated = key(compile(Map.of("example/Unrelated.java", """
                package example;
                public class Unrelated { int x = 2; String y = "new"; }
                """)), "example.Simulate");
        assertEquals(before, unrelated);
    }

    @Test
    void aChangedReducerKeepsTheFunctionsKeyAndChangesItsOwn() throws IOException {
        Path changed = compile(Map.of("example/Mean.java", """
                package example;
                public class Mean { double sum; int n; void add(double x) { sum += x; n++; } }
                """));
        assertEquals(key(original, "example.Simulate"), key(changed, "example.Simulate"));
        assertNotEquals(key(original, "example.Mean"), key(changed, "example.Mean"));
    }

    @Test
    void aChangedJarOrResourceChangesTheKey() throws IOException {
        Path classes = compile(Map.of());
        Path jar = dir.resolve("lib.jar");
        Files.write(jar, new byte[] {1, 2, 3});
        String before = CodeKey.of(Set.of("example.Simulate"), List.of(classes, jar));
        Files.write(jar, new byte[] {1, 2, 4});
        String newJar = CodeKey.of(Set.of("example.Simulate"), List.of(classes, jar));
        Files.writeString(classes.resolve("model.properties"), "beta=0.2\n");
        String newResource = CodeKey.of(Set.of("example.Simulate"), List.of(classes, jar));
        assertNotEquals(before, newJar);
        assertNotEquals(newJar, newResource);
    }

    @Test
    void theFirstFolderHoldingAClassIsTheOneThatCounts() throws IOException {
        Path first = original;
        Path second = compile(Map.of("example/Model.java", """
                package example;
                public class Model { public double run(double beta) { return -beta; } }
                """));
        Map<String, String> firstAlone = CodeKey.reachable(Set.of("example.Simulate"), List.of(first));
        Map<String, String> both = CodeKey.reachable(Set.of("example.Simulate"), List.of(first, second));
        Map<String, String> secondAlone = CodeKey.reachable(Set.of("example.Simulate"), List.of(second));
        assertEquals(firstAlone, both);
        assertNotEquals(firstAlone.get("example/Model"), secondAlone.get("example/Model"));
    }
}
