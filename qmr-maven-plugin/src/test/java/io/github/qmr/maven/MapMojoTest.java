package io.github.qmr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

/**
 * The mojo as Maven configures it (plugin testing harness): the parameter names and properties of the descriptor, and
 * that mistakes fail the build naming the parameter, before anything is asked of the project.
 */
@MojoTest
class MapMojoTest {
    @Test
    @InjectMojo(goal = "map")
    @MojoParameter(name = "skip", value = "true")
    void skipChecksNothing(MapMojo mojo) throws Exception {
        mojo.execute(); // no function, no tasks: skip comes first
    }

    @Test
    @InjectMojo(goal = "map")
    @MojoParameter(name = "sweepSpec", value = "x=1..3")
    void withoutAFunction(MapMojo mojo) {
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("<function> is not set: name the class that implements io.github.qmr.runtime.TaskFunction, e.g."
                + " <function>com.example.Simulate</function> or -Dqmr.function=com.example.Simulate", e.getMessage());
    }

    @Test
    @InjectMojo(goal = "map", pom = "<project><build><plugins><plugin><artifactId>qmr-maven-plugin</artifactId>"
            + "<configuration><function>com.example.F</function><sweep><alpha>0.5..2</alpha></sweep>"
            + "</configuration></plugin></plugins></build></project>")
    void aMalformedSweepInThePom(MapMojo mojo) {
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("<sweep><alpha> range '0.5..2' has decimal ends but no step; add one, e.g. 0.5..2:0.1",
                e.getMessage());
    }

    @Test
    @InjectMojo(goal = "map")
    @MojoParameter(name = "function", value = "com.example.F")
    @MojoParameter(name = "sweepSpec", value = "x=1")
    @MojoParameter(name = "queue", value = "pbs")
    void anUnknownQueue(MapMojo mojo) {
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("<queue> 'pbs' is not a queue qmr knows; use one of auto, local, sge, slurm, dummy", e.getMessage());
    }

    @Test
    @InjectMojo(goal = "map")
    @MojoParameter(name = "function", value = "com.example.F")
    @MojoParameter(name = "sweepSpec", value = "x=1")
    @MojoParameter(name = "classpathScope", value = "provided")
    void anUnknownClasspathScope(MapMojo mojo) {
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("<classpathScope> 'provided' is not a classpath; use compile, runtime or test", e.getMessage());
    }

    @Test
    @InjectMojo(goal = "map")
    @MojoParameter(name = "function", value = "com.example.F")
    @MojoParameter(name = "sweepSpec", value = "x=1")
    @MojoParameter(name = "chunkSize", value = "10")
    @MojoParameter(name = "numChunks", value = "2")
    void chunkSizeAndNumChunks(MapMojo mojo) {
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("<chunkSize> and <numChunks> are both set; keep one", e.getMessage());
    }
}
