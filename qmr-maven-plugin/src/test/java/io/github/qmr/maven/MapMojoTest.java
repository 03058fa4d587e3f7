package io.github.qmr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
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
    void skipComesBeforeEveryCheckAndSaysSo(MapMojo mojo) throws Exception {
        List<String> lines = new ArrayList<>();
        mojo.setLog(new SystemStreamLog() {
            @Override
            public void info(CharSequence line) {
                lines.add(line.toString());
            }
        });
        mojo.execute(); // no function and no tasks, which would fail the build without skip
        assertEquals(List.of("qmr:map is skipped (<skip> / -Dqmr.skip=true)"), lines);
    }

    @Test
    @InjectMojo(goal = "map")
    @MojoParameter(name = "sweepSpec", value = "x=1..3")
    void aMissingFunctionFailsSayingHowToSetIt(MapMojo mojo) {
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("<function> is not set: name the class that implements io.github.qmr.runtime.TaskFunction, e.g."
                + " <function>com.example.Simulate</function> or -Dqmr.function=com.example.Simulate", e.getMessage());
    }

    @Test
    @InjectMojo(goal = "map", pom = "<project><build><plugins><plugin><artifactId>qmr-maven-plugin</artifactId>"
            + "<configuration><function>com.example.F</function><sweep><alpha>0.5..2</alpha></sweep>"
            + "</configuration></plugin></plugins></build></project>")
    void aMalformedSweepInThePomFailsNamingItsElement(MapMojo mojo) {
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("<sweep><alpha> range '0.5..2' has decimal ends but no step; add one, e.g. 0.5..2:0.1",
                e.getMessage());
    }

    @Test
    @InjectMojo(goal = "map")
    @MojoParameter(name = "function", value = "com.example.F")
    @MojoParameter(name = "sweepSpec", value = "x=1")
    @MojoParameter(name = "queue", value = "pbs")
    void anUnknownQueueFailsListingTheKnownOnes(MapMojo mojo) {
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("<queue> 'pbs' is not a queue qmr knows; use one of auto, local, sge, slurm, dummy", e.getMessage());
    }

    @Test
    @InjectMojo(goal = "map")
    @MojoParameter(name = "function", value = "com.example.F")
    @MojoParameter(name = "sweepSpec", value = "x=1")
    @MojoParameter(name = "classpathScope", value = "provided")
    void anUnknownClasspathScopeFailsListingTheKnownOnes(MapMojo mojo) {
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("<classpathScope> 'provided' is not a classpath; use compile, runtime or test", e.getMessage());
    }

    @Test
    @InjectMojo(goal = "map")
    @MojoParameter(name = "function", value = "com.example.F")
    @MojoParameter(name = "sweepSpec", value = "x=1")
    @MojoParameter(name = "chunkSize", value = "10")
    @MojoParameter(name = "numChunks", value = "2")
    void chunkSizeWithNumChunksFailsAskingForOne(MapMojo mojo) {
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("<chunkSize> and <numChunks> are both set; keep one", e.getMessage());
    }

    @Test
    @InjectMojo(goal = "map")
    @MojoParameter(name = "function", value = "com.example.F")
    @MojoParameter(name = "sweepSpec", value = "beta=0.1..0.5:0.1,gamma=0.05")
    void aCommaForTheSemicolonInTheCommandLineSweepFailsNamingTheProperty(MapMojo mojo) {
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("-Dqmr.sweep beta has the value '0.1..0.5:0.1,gamma=0.05', which holds 'gamma=': parameters are"
                + " separated by ';', not ','; write e.g. -Dqmr.sweep=\"beta=0.1..0.5:0.1;gamma=0.05\"",
                e.getMessage());
    }

    @Test
    @InjectMojo(goal = "map")
    @MojoParameter(name = "function", value = "com.example.F")
    @MojoParameter(name = "sweepSpec", value = "x=1")
    @MojoParameter(name = "java", value = "/nonexistent/java")
    void aJavaThatIsNotThereFailsBeforeAnythingStarts(MapMojo mojo) {
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("<java> /nonexistent/java does not exist or is not executable; give the path of a java"
                + " executable (JDK 17 or later), or leave it out to use Maven's own", e.getMessage());
    }

    @Test
    @InjectMojo(goal = "check")
    @MojoParameter(name = "function", value = "com.example.F")
    @MojoParameter(name = "sweepSpec", value = "x=1..")
    void checkFailsOnTheSameMistakesAsMap(CheckMojo mojo) {
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("-Dqmr.sweep x range '1..' is not a range; write FROM..TO for integers (1..100) or FROM..TO:STEP"
                + " (0..1:0.25)", e.getMessage());
    }

    @Test
    @InjectMojo(goal = "map")
    @MojoParameter(name = "function", value = "com.example.F")
    @MojoParameter(name = "sweepSpec", value = "x=1")
    @MojoParameter(name = "detach", value = "true")
    @MojoParameter(name = "detachAs", value = "daemon")
    void anUnknownDetachAsFailsNamingTheChoices(MapMojo mojo) {
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("<detachAs> must be process or job, got 'daemon'; process (the default) keeps the monitor on this"
                + " host, job makes it a queue-job of its own", e.getMessage());
    }

    @Test
    @InjectMojo(goal = "map")
    @MojoParameter(name = "function", value = "com.example.F")
    @MojoParameter(name = "sweepSpec", value = "x=1")
    @MojoParameter(name = "queue", value = "local")
    @MojoParameter(name = "detach", value = "true")
    @MojoParameter(name = "detachAs", value = "job")
    void aBackgroundMavenAsAJobOfTheLocalQueueIsRefusedBeforeAnythingStarts(MapMojo mojo) {
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("<detachAs> job needs a cluster queue (SGE or Slurm), but this map runs on the local queue, whose"
                + " jobs end with the build; leave <detachAs> out (a background process) or set <queue>",
                e.getMessage());
    }
}
