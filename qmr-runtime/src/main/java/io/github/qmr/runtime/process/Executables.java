package io.github.qmr.runtime.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds executables the way the JDK starts them, so a queue can say what is missing before it submits anything. */
public final class Executables {
    private Executables() {}

    /**
     * The executable a program name or path stands for: a name containing {@code /} as it is, otherwise the first
     * executable file of that name in {@code pathEnv}'s folders; empty if there is none.
     */
    public static Optional<Path> locate(String program, String pathEnv) {
        if (program.contains("/")) {
            Path path = Path.of(program);
            return Files.isRegularFile(path) && Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        if (pathEnv == null) {
            return Optional.empty();
        }
        for (String dir : pathEnv.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
