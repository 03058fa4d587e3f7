package io.github.qmr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The workers' environment as the goal gives it: names and patterns checked, the variables set in order. */
class EnvironmentTest {
    private static void assertMessage(String parameter, String message, Executable make) {
        ConfigurationException e = assertThrows(ConfigurationException.class, make);
        assertEquals(message, e.getMessage());
        assertEquals(parameter, e.parameter());
    }

    @Test
    void eachMistakeNamesItsParameter() {
        assertMessage("environmentDeny", "<environmentDeny> 'AWS-KEY' is not a variable name or pattern; write names"
                + " such as PATH, or patterns such as AWS_* or *TOKEN*",
                () -> Environment.of(null, List.of("AWS-KEY"), null, null, null));
        assertMessage("environment", "<environment><1X> is not a variable name; use letters, digits and _",
                () -> Environment.of(null, null, null, null, "1X=2"));
        assertMessage("environmentSpec", "-Dqmr.environment part 'LANG' is not name=value; write e.g."
                + " OMP_NUM_THREADS=1;LANG=C", () -> Environment.of(null, null, null, null, "LANG"));
    }

    @Test
    void theVariablesFromTheCommandLine() throws ConfigurationException {
        Environment e = Environment.of(null, null, List.of("*TOKEN*"), null, "OMP_NUM_THREADS=1; LANG = C.UTF-8");
        assertEquals(Map.of("OMP_NUM_THREADS", "1", "LANG", "C.UTF-8"), e.variables());
        assertEquals(List.of("OMP_NUM_THREADS", "LANG"), List.copyOf(e.variables().keySet()));
        Map<String, String> seen = e.policy().resolve(Map.of("GH_TOKEN", "t", "LANG", "en", "AWS_SECRET", "s"));
        assertEquals(Map.of("GH_TOKEN", "t", "LANG", "C.UTF-8", "OMP_NUM_THREADS", "1"), seen);
    }
}
