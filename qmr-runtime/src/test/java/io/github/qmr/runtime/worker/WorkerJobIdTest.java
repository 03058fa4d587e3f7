package io.github.qmr.runtime.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerJobIdTest {
    @Test
    void gridEngineJobIdGetsTheArrayTaskWhenThereIsOne() {
        assertEquals("320.7", WorkerMain.jobId(Map.of("JOB_ID", "320", "SGE_TASK_ID", "7")));
        assertEquals("320", WorkerMain.jobId(Map.of("JOB_ID", "320", "SGE_TASK_ID", "undefined")));
        assertEquals("320", WorkerMain.jobId(Map.of("JOB_ID", "320")));
    }

    @Test
    void slurmArrayElementIsNamedAsSqueueNamesIt() {
        assertEquals("1234_7", WorkerMain.jobId(Map.of("SLURM_JOB_ID", "1241", "SLURM_ARRAY_JOB_ID", "1234",
                "SLURM_ARRAY_TASK_ID", "7")));
        assertEquals("1241", WorkerMain.jobId(Map.of("SLURM_JOB_ID", "1241")));
    }

    @Test
    void theLocalQueueSetsNoJobId() {
        assertNull(WorkerMain.jobId(Map.of("PATH", "/usr/bin")));
    }

    @Test
    void hostIsNeverEmpty() {
        assertFalse(WorkerMain.host().isBlank());
    }
}
