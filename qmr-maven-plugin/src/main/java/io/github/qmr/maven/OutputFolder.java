package io.github.qmr.maven;

import io.github.qmr.maven.cache.ResultKeys;
import io.github.qmr.outputs.Flattener;
import io.github.qmr.outputs.Json;
import io.github.qmr.runtime.ReducedFile;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** An execution's output folder: emptied before a map writes it, and the reducer's result written into it. */
final class OutputFolder {
    private OutputFolder() {}

    /**
     * Empties the output folder, so files of an earlier run never pass for this one's; but for the kept results
     * ({@value MapRunner#RESULTS} and {@link ResultKeys#FILE}), which stay until this run's replace them: a map that
     * breaks off (the queue fails, the build is stopped) loses none of them.
     */
    static void clean(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            Path results = dir.resolve(MapRunner.RESULTS);
            Path keys = dir.resolve(ResultKeys.FILE);
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (!file.equals(results) && !file.equals(keys)) {
                        Files.delete(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (!d.equals(dir)) {
                        Files.delete(d);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        Files.createDirectories(dir);
    }

    /**
     * The reducer's result typed ({@value MapRunner#REDUCED}) and as JSON ({@value MapRunner#REDUCED_JSON}, flattened
     * like the table).
     */
    static Path writeReduced(Path out, Object reduced) throws IOException {
        Path file = out.resolve(MapRunner.REDUCED);
        ReducedFile.write(file, reduced);
        Json.pretty().writeValue(out.resolve(MapRunner.REDUCED_JSON).toFile(),
                Flattener.flatten(reduced));
        return file;
    }
}
