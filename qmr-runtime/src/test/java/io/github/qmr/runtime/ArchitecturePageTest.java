package io.github.qmr.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The site's architecture page names the classes and packages of the code: each one it names must exist, so the page
 * cannot keep describing a class after a change moved or removed it.
 */
class ArchitecturePageTest {
    private static final Path ROOT = Path.of("..");
    private static final Path PAGE = ROOT.resolve("src-site/markdown/architecture.md");
    /** `Verdicts`, `session.Verdicts`, `io.github.qmr.runtime.Pool`: a type, maybe after its package. */
    private static final Pattern TYPE = Pattern.compile("`((?:[a-z][a-z0-9]*\\.)*)([A-Z][A-Za-z0-9]*)`");
    /** `.session`, `.queue.sge`: a package of the runtime, the outputs or the plugin, written from its root. */
    private static final Pattern PACKAGE = Pattern.compile("`\\.([a-z][a-z0-9]*(?:\\.[a-z][a-z0-9]*)*)`");

    @Test
    void everyClassAndPackageThePageNamesExists() throws IOException {
        String page = Files.readString(PAGE);
        Set<String> sources = sourceFiles();
        List<String> missing = new ArrayList<>();
        Matcher t = TYPE.matcher(page);
        int types = 0;
        while (t.find()) {
            types++;
            String path = t.group(1).replace('.', '/') + t.group(2) + ".java";
            if (sources.stream().noneMatch(s -> s.endsWith("/" + path))) {
                missing.add(t.group(1) + t.group(2));
            }
        }
        Matcher p = PACKAGE.matcher(page);
        while (p.find()) {
            Path dir = ROOT.resolve("qmr-runtime/src/main/java/io/github/qmr/runtime").resolve(p.group(1)
                    .replace('.', '/'));
            Path pluginDir = ROOT.resolve("qmr-maven-plugin/src/main/java/io/github/qmr/maven").resolve(p.group(1)
                    .replace('.', '/'));
            Path outputsDir = ROOT.resolve("qmr-outputs/src/main/java/io/github/qmr/outputs").resolve(p.group(1)
                    .replace('.', '/'));
            if (!Files.isDirectory(dir) && !Files.isDirectory(pluginDir) && !Files.isDirectory(outputsDir)) {
                missing.add("." + p.group(1));
            }
        }
        assertTrue(types > 40, "the page names only " + types + " classes: was it read?");
        assertEquals(List.of(), missing, "the architecture page (" + PAGE.normalize() + ") names classes or packages"
                + " that no module has: correct the page");
    }

    private static Set<String> sourceFiles() throws IOException {
        Set<String> out = new TreeSet<>();
        for (String module : List.of("qmr-runtime", "qmr-outputs", "qmr-maven-plugin", "qmr-dummy-sge", "it")) {
            for (String tree : List.of("src/main/java", "src/test/java")) {
                Path dir = ROOT.resolve(module).resolve(tree);
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> files = Files.walk(dir)) {
                        out.addAll(files.filter(f -> f.toString().endsWith(".java"))
                                .map(f -> f.toString().replace('\\', '/')).collect(Collectors.toSet()));
                    }
                }
            }
        }
        return out;
    }
}
