package io.github.qmr.maven.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UnknownPropertiesTest {
    private static final Set<String> KNOWN = Set.of("qmr.queue", "qmr.sweep", "qmr.function", "qmr.maxWorkers");

    @Test
    void aMisspeltPropertyIsNamedWithTheNearestOneAndOthersAreLeftAlone() {
        assertEquals(List.of(
                "-Dqmr.maxworkers is not a property of qmr and is ignored; did you mean -Dqmr.maxWorkers?",
                "-Dqmr.queu is not a property of qmr and is ignored; did you mean -Dqmr.queue?"),
                UnknownProperties.warnings(List.of("qmr.queu", "qmr.queue", "user.home", "qmr.maxworkers"), KNOWN));
    }

    @Test
    void withNothingCloseNoNameIsGuessed() {
        assertEquals(List.of("-Dqmr.completelyDifferent is not a property of qmr and is ignored; the goals'"
                + " properties are listed by mvn qmr:help -Ddetail"),
                UnknownProperties.warnings(List.of("qmr.completelyDifferent"), KNOWN));
    }

    @Test
    void distanceCountsEdits() {
        assertEquals(0, UnknownProperties.distance("abc", "abc"));
        assertEquals(1, UnknownProperties.distance("queu", "queue"));
        assertEquals(2, UnknownProperties.distance("qeueu", "queue"));
        assertEquals(3, UnknownProperties.distance("", "abc"));
    }
}
