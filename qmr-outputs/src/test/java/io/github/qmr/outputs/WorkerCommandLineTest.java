package io.github.qmr.outputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerCommandLineTest {
    @Test
    void theEffectiveOptionsAreReadBackWithoutTheClasspath() {
        String argfile = "-cp\n\"/w/classpath/a.jar:/w/classpath/b.jar\"\n\"-Xmx256m\"\n\"-XX:+UseSerialGC\"\n"
                + "\"-Dgreeting=say \\\"hi\\\"\"\n\"-XX:SharedArchiveFile=/w/cds/qmr-1f.jsa\"\n";
        List<String> options = WorkerCommandLine.jvmOptions(argfile);
        assertEquals(List.of("-Xmx256m", "-XX:+UseSerialGC", "-Dgreeting=say \"hi\"",
                "-XX:SharedArchiveFile=/w/cds/qmr-1f.jsa"), options);
        assertEquals("/w/cds/qmr-1f.jsa", WorkerCommandLine.classDataArchive(options));
    }

    @Test
    void withoutAnArchiveThereIsNone() {
        assertNull(WorkerCommandLine.classDataArchive(WorkerCommandLine.jvmOptions("-cp\n\"a.jar\"\n\"-XX:+UseSerialGC\"\n")));
    }
}
