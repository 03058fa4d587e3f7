package io.github.qmr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code <queue>} and the site's resources, checked before anything is built. */
class QueueChoiceTest {
    private static void assertMessage(String parameter, String message, String queue,
            Map<String, String> resources, String resourcesSpec) {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> QueueChoice.of(queue, resources, resourcesSpec, null));
        assertEquals(message, e.getMessage());
        assertEquals(parameter, e.parameter());
    }

    @Test
    void eachMistakeNamesItsParameter() {
        assertMessage("queue", "<queue> 'pbs' is not a queue qmr knows; use one of auto, local, sge, slurm, dummy",
                "pbs", null, null);
        assertMessage("resourcesSpec", "-Dqmr.resources part 'h_vmem' is not name=value; write e.g."
                + " h_vmem=4G;h_rt=1:00:00", "sge", null, "h_vmem");
        assertMessage("resources", "<resources> and -Dqmr.resources (<resourcesSpec>) are both set; keep one", "sge",
                new LinkedHashMap<>(Map.of("h_vmem", "4G")), "h_rt=1:00:00");
    }

    @Test
    void theResourcesInOrder() throws ConfigurationException {
        QueueChoice q = QueueChoice.of(null, null, "h_vmem=4G; h_rt=1:00:00", null);
        assertEquals("auto", q.queue());
        assertEquals(Map.of("h_vmem", "4G", "h_rt", "1:00:00"), q.resources());
        assertEquals(List.of("h_vmem", "h_rt"), List.copyOf(q.resources().keySet()));
    }
}
