package io.github.qmr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The background map run as a queue-job ({@code -Dqmr.detachAs=job}): its script and its job name. */
class DetachedTest {
    @Test
    void theJobsScriptExportsTheBuildsEnvironmentGoesToTheProjectAndExecsMaven() {
        String script = Detached.script(Map.of("PATH", "/usr/bin", "HOME", "/home/it's", "BASH_FUNC_x%%", "() {}"),
                Path.of("/work/my project"), List.of("/opt/maven/bin/mvn", "-B", "-Dqmr.detach=false", "g:a:1:map@s"));
        assertEquals("#!/bin/sh\n# qmr:map run in the background as a queue-job (generated)\n"
                + "export HOME='/home/it'\\''s'\nexport PATH='/usr/bin'\n"
                + "cd '/work/my project' || exit 1\n"
                + "exec '/opt/maven/bin/mvn' '-B' '-Dqmr.detach=false' 'g:a:1:map@s'\n", script);
    }

    @Test
    void theJobIsNamedAfterTheExecutionInCharactersEveryQueueTakes() {
        assertEquals("qmr-detached-sweep", Detached.jobName("sweep"));
        assertEquals("qmr-detached-my_sweep_1", Detached.jobName("my sweep/1"));
        assertTrue(Detached.jobName("x").matches("[A-Za-z_][A-Za-z0-9_.#-]*"));
    }
}
