package io.github.qmr.outputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.process.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceTest {
    @TempDir
    Path dir;

    private void git(String... args) {
        List<String> argv = new ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@example.com",
                "-c", "commit.gpgsign=false", "-C", dir.toString()));
        argv.addAll(List.of(args));
        var r = new CommandRunner().run(argv, Duration.ofSeconds(30));
        assertTrue(r.ok(), r.toString());
    }

    private String provenance() throws IOException {
        Path file = dir.resolve("provenance.json.out");
        new Provenance().putGit(dir.resolve("project")).write(file);
        String text = Files.readString(file);
        Files.delete(file);
        return text;
    }

    @Test
    void untrackedFilesMakeTheTreeDirty() throws IOException {
        Files.createDirectories(dir.resolve("project"));
        Files.writeString(dir.resolve("project/pom.xml"), "<project/>");
        git("init", "-q");
        git("add", "project/pom.xml");
        git("commit", "-q", "-m", "first");
        assertTrue(provenance().contains("\"dirty\": false"), provenance());
        Files.writeString(dir.resolve("project/Simulate.java"), "class Simulate {}");
        assertTrue(provenance().contains("\"dirty\": true"), provenance());
    }

    @Test
    void theEffectiveJvmOptionsAreWrittenAsGiven() throws IOException {
        Path file = dir.resolve("p.json");
        new Provenance().put("jvmOptions", WorkerCommandLine.jvmOptions("-cp\n\"a.jar\"\n\"-XX:+UseSerialGC\"\n"))
                .write(file);
        assertEquals("{\n  \"jvmOptions\": [\n    \"-XX:+UseSerialGC\"\n  ]\n}\n", Files.readString(file));
    }
}
