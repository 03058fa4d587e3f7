package io.github.qmr.maven;

import io.github.qmr.runtime.InvalidInputException;
import io.github.qmr.runtime.workdir.ClasspathStager;
import io.github.qmr.runtime.workdir.SharedFolder;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The workers' classpath staged in the work dir by the runtime's {@link ClasspathStager}, on every queue (the local
 * one too, so a map runs the classes it was started with and provenance lists every jar with its hash): the goal
 * stages it itself, before the pool, because its provenance lists the jars also when every task takes a kept result
 * and no pool runs; the pool is then told not to stage again.
 */
final class Staging {
    private Staging() {}

    /** Stages the goal's classpath in {@code workDir} (a jar staged before is reused), said in the log. */
    static List<ClasspathStager.Staged> stage(MapGoal request, Path workDir, BuildLog log) {
        List<ClasspathStager.Staged> staged;
        try {
            staged = new ClasspathStager(workDir).stage(request.classpath());
        } catch (UncheckedIOException e) {
            // a refused or unreadable jar is about the work dir, not about writing this goal's output
            throw new InvalidInputException("the workers' classpath cannot be staged in "
                    + SharedFolder.classpath(workDir) + ": " + e.getMessage(), e);
        }
        log.info(ClasspathStager.summary(staged, workDir));
        for (ClasspathStager.Staged s : staged) {
            log.debug("  " + s.jar().getFileName() + " <- " + s.source());
        }
        return staged;
    }
}
