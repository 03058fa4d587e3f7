package io.github.qmr.outputs;

import io.github.qmr.runtime.process.CommandResult;
import io.github.qmr.runtime.process.CommandRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a map's output came to be, as {@code provenance.json}: the qmr version, the project's git commit (and whether
 * the tree had changes), the function and tasks, the queue and its options, the worker JVM and every classpath jar
 * with its SHA-256. Enough to tell two runs apart and to rerun one.
 */
public final class Provenance {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    /** Adds a field; values are strings, numbers, booleans, null, lists and maps of those. */
    public Provenance put(String name, Object value) {
        fields.put(name, value);
        return this;
    }

    /**
     * Adds {@code git.commit} and {@code git.dirty} (tracked changes or untracked files that git does not ignore)
     * when {@code dir} is in a git work tree and git is installed.
     */
    public Provenance putGit(Path dir) {
        String commit = git(dir, "rev-parse", "HEAD");
        if (commit != null) {
            Map<String, Object> git = new LinkedHashMap<>();
            git.put("commit", commit.strip());
            // untracked files count: a new source file changes what was built as much as an edited one
            String status = git(dir, "status", "--porcelain", "--untracked-files=normal");
            git.put("dirty", status == null ? null : !status.isBlank());
            fields.put("git", git);
        }
        return this;
    }

    private static String git(Path dir, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        argv.addAll(List.of(args));
        try {
            CommandResult r = new CommandRunner().run(argv, Duration.ofSeconds(20));
            return r.ok() ? r.stdout() : null;
        } catch (RuntimeException e) {
            return null; // no git: provenance without a commit
        }
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, Json.pretty().writeValueAsString(fields) + "\n",
                StandardCharsets.UTF_8);
    }
}
