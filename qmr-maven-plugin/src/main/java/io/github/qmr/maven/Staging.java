package io.github.qmr.maven;

import io.github.qmr.maven.classpath.ClasspathStager;
import io.github.qmr.runtime.InvalidInputException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** The workers' classpath staged in the work dir, where every node reads it. */
final class Staging {
    private Staging() {}

    /**
     * Copies the workers' classpath into {@code workDir}'s {@code classpath} folder by content (a jar staged before
     * is reused), said in the log.
     */
    static List<ClasspathStager.Staged> stage(MapGoal request, Path workDir, BuildLog log) {
        List<Path> entries = request.classpath();
        List<ClasspathStager.Staged> staged;
        try {
            staged = new ClasspathStager(workDir).stage(entries);
        } catch (UncheckedIOException e) {
            // a refused or unreadable jar is about the work dir, not about writing this goal's output
            throw new InvalidInputException("the workers' classpath cannot be staged in "
                    + workDir.resolve("classpath") + ": " + e.getMessage(), e);
        }
        long fresh = staged.stream().filter(s -> !s.reused()).count();
        log.info("worker classpath: " + staged.size() + " jars in " + workDir.resolve("classpath") + " (" + fresh
                + " new, " + (staged.size() - fresh) + " reused)");
        for (ClasspathStager.Staged s : staged) {
            log.debug("  " + s.jar().getFileName() + " <- " + s.source());
        }
        return staged;
    }
}
