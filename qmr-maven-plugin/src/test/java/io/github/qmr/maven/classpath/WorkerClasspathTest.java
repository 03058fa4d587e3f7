package io.github.qmr.maven.classpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.junit.jupiter.api.Test;

class WorkerClasspathTest {
    private static final String PLUGIN = "io.github.qmr:qmr-maven-plugin:maven-plugin:1.0";
    private static final String RUNTIME = "io.github.qmr:qmr-runtime:jar:1.0";
    private static final String KRYO = "com.esotericsoftware:kryo:jar:5.6.2";

    /** An artifact as Maven's resolution gives it: its file, and the trail of artifacts that brought it. */
    private static Artifact artifact(String g, String a, String v, String... trail) {
        DefaultArtifact artifact = new DefaultArtifact(g, a, v, "compile", "jar", null, new DefaultArtifactHandler("jar"));
        artifact.setFile(Path.of("/repo", g, a, v, a + "-" + v + ".jar").toFile());
        artifact.setDependencyTrail(List.of(trail));
        return artifact;
    }

    private static List<Artifact> pluginArtifacts() {
        return List.of(
                artifact("io.github.qmr", "qmr-runtime", "1.0", PLUGIN, RUNTIME),
                artifact("com.esotericsoftware", "kryo", "5.6.2", PLUGIN, RUNTIME, KRYO),
                artifact("org.objenesis", "objenesis", "3.4", PLUGIN, RUNTIME, KRYO, "org.objenesis:objenesis:jar:3.4"),
                artifact("io.github.qmr", "qmr-dummy-sge", "1.0", PLUGIN, "io.github.qmr:qmr-dummy-sge:jar:1.0"),
                artifact("org.apache.commons", "commons-csv", "1.14.1", PLUGIN),
                artifact("commons-io", "commons-io", "2.20.0", PLUGIN, "org.apache.commons:commons-csv:jar:1.14.1",
                        "commons-io:commons-io:jar:2.20.0"));
    }

    private static String path(Artifact a) {
        return a.getFile().getPath();
    }

    @Test
    void theWorkersGetQmrRuntimeAndKryoFromThePluginAndEveryOtherLibraryInTheProjectsVersion() throws Exception {
        List<WorkerClasspath.Jar> qmr = WorkerClasspath.qmrJars(pluginArtifacts());
        assertEquals(List.of("io.github.qmr:qmr-runtime", "com.esotericsoftware:kryo", "org.objenesis:objenesis"),
                qmr.stream().map(WorkerClasspath.Jar::key).toList());

        Artifact runtime = artifact("io.github.qmr", "qmr-runtime", "1.0");
        Artifact kryo = artifact("com.esotericsoftware", "kryo", "5.6.2");
        Artifact io = artifact("commons-io", "commons-io", "2.11.0");
        Artifact csv = artifact("org.apache.commons", "commons-csv", "1.9.0");
        List<String> elements = List.of("/p/target/classes", path(runtime), path(kryo), path(io), path(csv));
        WorkerClasspath.Composed c = WorkerClasspath.compose(qmr, List.of(runtime, kryo, io, csv), elements, "1.0");

        assertEquals(List.of(Path.of("/p/target/classes"), Path.of(path(io)), Path.of(path(csv))), c.project());
        assertEquals(List.of(), c.notices());
        assertEquals(Path.of("/repo/io.github.qmr/qmr-runtime/1.0/qmr-runtime-1.0.jar"), c.entries().get(0));
        assertTrue(c.entries().stream().noneMatch(p -> p.toString().contains("2.20.0")), c.entries()::toString);
    }

    @Test
    void anotherVersionOfOneOfKryosLibrariesIsReplacedWithANotice() throws Exception {
        Artifact objenesis = artifact("org.objenesis", "objenesis", "3.2");
        WorkerClasspath.Composed c = WorkerClasspath.compose(WorkerClasspath.qmrJars(pluginArtifacts()),
                List.of(objenesis), List.of(path(objenesis)), "1.0");
        assertEquals(List.of(), c.project());
        assertEquals(List.of("the workers load org.objenesis:objenesis 3.4 (qmr-runtime needs that version) instead"
                + " of the project's 3.2; pin 3.4 in the project to test with what the workers run"), c.notices());
    }

    @Test
    void anotherQmrRuntimeOrAnotherMajorKryoIsAnErrorNamingBothVersions() {
        Artifact runtime = artifact("io.github.qmr", "qmr-runtime", "0.9");
        WorkerClasspath.ConflictException e = assertThrows(WorkerClasspath.ConflictException.class,
                () -> WorkerClasspath.compose(WorkerClasspath.qmrJars(pluginArtifacts()), List.of(runtime),
                        List.of(path(runtime)), "1.0"));
        assertTrue(e.getMessage().startsWith("the project depends on io.github.qmr:qmr-runtime 0.9, but this build"
                + " runs qmr-maven-plugin 1.0, whose qmr-runtime 1.0 the workers load"), e.getMessage());

        Artifact kryo4 = artifact("com.esotericsoftware", "kryo", "4.0.2");
        e = assertThrows(WorkerClasspath.ConflictException.class,
                () -> WorkerClasspath.compose(WorkerClasspath.qmrJars(pluginArtifacts()), List.of(kryo4),
                        List.of(path(kryo4)), "1.0"));
        assertTrue(e.getMessage().contains("com.esotericsoftware:kryo 4.0.2") && e.getMessage().contains("Kryo 5.6.2")
                && e.getMessage().contains("use Kryo 5.x"), e.getMessage());
    }

    @Test
    void pluginArtifactsWithoutTheirTrailAreRefusedRatherThanGuessed() {
        List<Artifact> noTrail = List.of(artifact("io.github.qmr", "qmr-runtime", "1.0"),
                artifact("com.esotericsoftware", "kryo", "5.6.2"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> WorkerClasspath.qmrJars(noTrail));
        assertTrue(e.getMessage().startsWith("cannot tell qmr-runtime and Kryo among the plugin's artifacts"),
                e.getMessage());
    }
}
