package io.github.qmr.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A project of {@code it/projects} copied under target and built with the project's Maven wrapper against
 * {@code target/it-repo}, where invoker:install put this build's qmr-runtime and qmr-maven-plugin; anything else
 * resolves from the build's own local repository first, then Maven Central.
 */
final class MavenBuild {
    private static final Path MODULE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();

    final Path project;
    final Path log;

    private MavenBuild(Path project, Path log) {
        this.project = project;
        this.log = log;
    }

    /** Another build of the same copy, logging to a file of its own. */
    static MavenBuild sameProject(MavenBuild build, String logName) {
        return new MavenBuild(build.project, build.project.resolve(logName));
    }

    /** Copies {@code it/projects/<name>} to {@code target/projects/<copy>}, with this build's qmr version in it. */
    static MavenBuild copyOf(String name, String copy) throws IOException {
        Path from = MODULE.resolve("projects").resolve(name);
        Path to = MODULE.resolve("target/projects").resolve(copy);
        deleteTree(to);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.writeString(target, Files.readString(file).replace("@qmr.version@",
                            System.getProperty("qmr.version")));
                }
            }
        }
        Path repo = Path.of(System.getProperty("qmr.it.repo"));
        assertTrue(Files.isDirectory(repo.resolve("io/github/qmr/qmr-maven-plugin")),
                "invoker:install fills " + repo + " before the integration tests; run them through the reactor"
                        + " (./mvnw verify), not this module alone");
        String buildRepo = Path.of(System.getProperty("qmr.build.repo")).toUri().toString();
        Files.writeString(to.resolve("settings.xml"), """
                <settings>
                  <profiles><profile><id>build-repo</id>
                    <activation><activeByDefault>true</activeByDefault></activation>
                    <repositories><repository><id>build-repo</id><url>%1$s</url></repository></repositories>
                    <pluginRepositories><pluginRepository><id>build-repo</id><url>%1$s</url></pluginRepository>
                    </pluginRepositories>
                  </profile></profiles>
                </settings>
                """.formatted(buildRepo));
        return new MavenBuild(to, to.resolve("build.log"));
    }

    /** Starts {@code mvnw -B <args>} in the project, its output going to {@link #log}. */
    Process start(List<String> args) throws IOException {
        return new ProcessBuilder(command(args)).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    /**
     * Starts {@code mvnw -B <args>} in a terminal of its own (a pseudo-terminal that {@code script} holds, as an SSH
     * login's): once Maven ends, the terminal's shell says {@code the build in the terminal ended with exit code N}
     * and waits for input until the terminal goes, which ending the returned process does (the kernel then hangs up
     * the terminal's session with SIGHUP, as when an SSH connection drops). The output goes to {@link #log}.
     */
    Process startInTerminal(List<String> args) throws IOException {
        StringBuilder line = new StringBuilder();
        for (String word : command(args)) {
            line.append('\'').append(word.replace("'", "'\\''")).append("' ");
        }
        line.append("; echo \"the build in the terminal ended with exit code $?\"; exec cat");
        ProcessBuilder terminal = new ProcessBuilder("script", "-q", "-e", "-c", line.toString(), "/dev/null")
                .directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        terminal.environment().put("SHELL", "/bin/sh");
        return terminal.start();
    }

    private List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(List.of(MODULE.getParent().resolve("mvnw").toString(), "-B",
                "-s", project.resolve("settings.xml").toString(),
                "-Dmaven.repo.local=" + System.getProperty("qmr.it.repo")));
        command.addAll(args);
        return command;
    }

    /** Runs {@code mvnw -B <args>} in the project; returns the exit code (the log is in {@link #log}). */
    int run(long timeoutSeconds, String... args) throws IOException, InterruptedException {
        Process mvn = start(List.of(args));
        if (!mvn.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            mvn.destroyForcibly();
            throw new AssertionError("mvn " + String.join(" ", args) + " did not end in " + timeoutSeconds + " s:\n"
                    + log());
        }
        return mvn.exitValue();
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
