package io.github.qmr.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Where a detached map's monitor runs, as text: one default, one check. */
class MonitorHostTest {
    @Test
    void theDefaultIsAProcessAndEitherWordIsTakenInAnyCase() {
        assertEquals(MonitorHost.PROCESS, MonitorHost.fromText(null));
        assertEquals(MonitorHost.PROCESS, MonitorHost.fromText(" "));
        assertEquals(MonitorHost.PROCESS, MonitorHost.fromText("Process"));
        assertEquals(MonitorHost.JOB, MonitorHost.fromText(" job "));
    }

    @Test
    void anyOtherWordIsRefusedNamingTheSettingAndTheChoices() {
        SettingException e = assertThrows(SettingException.class, () -> MonitorHost.fromText("daemon"));
        assertEquals("detachAs", e.setting());
        assertEquals("<detachAs> must be process or job, got 'daemon'; process (the default) keeps the monitor on this"
                + " host, job makes it a queue-job of its own", e.describe(n -> "<" + n + ">"));
    }
}
