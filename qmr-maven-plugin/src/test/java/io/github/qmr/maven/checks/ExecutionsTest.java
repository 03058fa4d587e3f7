package io.github.qmr.maven.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutionsTest {
    @Test
    void theDeclaredExecutionsAreListedAsCommands() {
        assertEquals(". This project declares qmr:map in the execution sweep, whose configuration a bare mvn qmr:map"
                + " does not use: run mvn qmr:map@sweep, or mvn verify to run it", Executions.hint("map",
                        List.of("sweep")));
        assertEquals(". This project declares qmr:map in the executions a, b, whose configuration a bare mvn qmr:map"
                + " does not use: run mvn qmr:map@a or mvn qmr:map@b, or mvn verify to run them all",
                Executions.hint("map", List.of("a", "b")));
    }

    @Test
    void nothingToAddWithoutExecutions() {
        assertEquals("", Executions.hint("map", List.of()));
    }
}
