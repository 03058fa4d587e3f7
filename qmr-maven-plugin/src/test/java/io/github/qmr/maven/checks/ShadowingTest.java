package io.github.qmr.maven.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ShadowingTest {
    private static List<String> warnings(Map<String, String> configured, String... userProperties) {
        Map<String, String> propertyOf = new LinkedHashMap<>();
        propertyOf.put("queue", "qmr.queue");
        propertyOf.put("chunkSize", "qmr.chunkSize");
        Properties user = new Properties();
        for (int i = 0; i < userProperties.length; i += 2) {
            user.setProperty(userProperties[i], userProperties[i + 1]);
        }
        return Shadowing.warnings(Shadowing.parameters(propertyOf, configured), user);
    }

    @Test
    void aPropertyThePomOverridesIsNamedWithBothValues() {
        assertEquals(List.of("-Dqmr.queue=sge is ignored: the POM's <configuration> sets <queue>local</queue>, which"
                + " Maven puts before command-line properties. Remove <queue> from the POM, or write"
                + " <queue>${qmr.queue}</queue> with a default in <properties>, to let -Dqmr.queue choose"),
                warnings(Map.of("queue", "local", "chunkSize", "${qmr.chunkSize}"), "qmr.queue", "sge"));
    }

    @Test
    void noWarningWhenThePomReadsThePropertyOrAgreesOrNothingWasTyped() {
        assertEquals(List.of(), warnings(Map.of("queue", "${qmr.queue}"), "qmr.queue", "sge"));
        assertEquals(List.of(), warnings(Map.of("queue", "sge"), "qmr.queue", "sge"));
        assertEquals(List.of(), warnings(Map.of("queue", "local")));
        assertEquals(List.of(), warnings(Map.of(), "qmr.queue", "sge"));
    }
}
