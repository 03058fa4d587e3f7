package io.github.qmr.runtime.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The worker's job id is what the launcher exported from the queue's own variables; how each flavour's are read is
 * checked by its flavour test (e.g. SGE's {@code 320.7} from JOB_ID and SGE_TASK_ID in SgeFlavourTest).
 */
class WorkerJobIdTest {
    @Test
    void theJobIdIsTheOneTheLauncherExported() {
        assertEquals("320.7", WorkerHost.jobId(Map.of("QMR_JOB_ID", "320.7")));
        assertEquals("1234_7", WorkerHost.jobId(Map.of("QMR_JOB_ID", "1234_7", "JOB_ID", "5")));
    }

    @Test
    void theLocalQueueSetsNoJobId() {
        assertNull(WorkerHost.jobId(Map.of("PATH", "/usr/bin")));
        assertNull(WorkerHost.jobId(Map.of("QMR_JOB_ID", "")));
    }

    @Test
    void hostIsNeverEmpty() {
        assertFalse(WorkerHost.name().isBlank());
    }
}
