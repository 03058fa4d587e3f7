package io.github.qmr.maven.checks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Sources newer than their compiled classes. {@code mvn qmr:map} alone does not compile, so after an edit it would
 * silently run the old code; the goal warns instead.
 */
public final class StaleClasses {
    private StaleClasses() {}

    /** A source whose class is older, or missing. */
    public record Stale(Path source, Path classFile) {}

    /** Each {@code .java} file under the roots whose top-level class in {@code classes} is missing or older. */
    public static List<Stale> find(List<Path> sourceRoots, Path classes) {
        List<Stale> out = new ArrayList<>();
        if (!Files.isDirectory(classes)) {
            return out; // never compiled: loading the function will say so
        }
        for (Path root : sourceRoots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            List<Path> sources;
            try (Stream<Path> walk = Files.walk(root)) {
                sources = walk.filter(p -> p.getFileName().toString().endsWith(".java")).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the sources in " + root + ": " + e, e);
            }
            for (Path source : sources) {
                String name = source.getFileName().toString();
                if (name.equals("package-info.java") || name.equals("module-info.java")) {
                    continue; // need not produce a class
                }
                String relative = root.relativize(source).toString();
                Path classFile = classes.resolve(relative.substring(0, relative.length() - ".java".length()) + ".class");
                try {
                    if (!Files.isRegularFile(classFile)
                            || Files.getLastModifiedTime(source).compareTo(Files.getLastModifiedTime(classFile)) > 0) {
                        out.add(new Stale(source, classFile));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot compare " + source + " with " + classFile + ": " + e, e);
                }
            }
        }
        return out;
    }

    /** The warning for {@link #find}'s list, or null when it is empty. */
    public static String warning(List<Stale> stale) {
        if (stale.isEmpty()) {
            return null;
        }
        Stale first = stale.get(0);
        return "classes older than their sources: " + first.source() + " is newer than "
                + (Files.isRegularFile(first.classFile()) ? first.classFile() : first.classFile() + " (missing)")
                + (stale.size() > 1 ? " (and " + (stale.size() - 1) + " more)" : "") + "; qmr:map runs the compiled"
                + " classes as they are: run mvn compile qmr:map";
    }
}
