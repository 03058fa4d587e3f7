package io.github.qmr.runtime.queue.sge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.qmr.runtime.process.CommandResult;
import io.github.qmr.runtime.queue.JobId;
import io.github.qmr.runtime.queue.JobUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SGE's own figures of a session's jobs from one {@code qacct -j <session>#*}, as this project's SGE 8.1.9 prints. */
class SgeUsageTest {
    /** Two records as qacct prints them (trimmed): a job and an array element of the session, one of another map. */
    private static final String QACCT = """
            ==============================================================
            qname        all.q
            hostname     vm
            jobname      qmr-s#000000009
            jobnumber    2224
            taskid       undefined
            failed       0
            exit_status  0
            ru_wallclock 2s
            ru_maxrss    54.051KB
            cpu          0.934s
            mem          7.835MBs
            maxvmem      40.180MB
            ==============================================================
            qname        all.q
            hostname     vm
            jobname      qmr-s#workers-000000-000001
            jobnumber    2230
            taskid       2
            failed       0
            exit_status  0
            cpu          12.500s
            maxvmem      1.250GB
            ==============================================================
            jobname      qmr-s#000000001
            jobnumber    2231
            taskid       undefined
            cpu          3.000s
            maxvmem      3.000GB
            """;

    private static JobId id(String id) {
        return JobId.parse(id, '.', "SGE", "task");
    }

    @Test
    void oneQacctCallByTheSessionsNamePatternGivesEachAskedJobItsCpuAndMaxvmem() {
        List<List<String>> calls = new ArrayList<>();
        Map<String, JobUsage> usage = SgeAccounting.usage(List.of(id("2224"), id("2230.2")), "qmr-s#", argv -> {
            calls.add(argv);
            return new CommandResult(argv, 0, QACCT, "", Duration.ofMillis(7), false);
        });
        assertEquals(List.of(List.of("qacct", "-j", "qmr-s#*")), calls);
        assertEquals(Map.of("2224", new JobUsage(Duration.ofMillis(934), Math.round(40.180 * 1024 * 1024),
                "qacct cpu, maxvmem"), "2230.2", new JobUsage(Duration.ofMillis(12_500), Math.round(1.25 * (1L << 30)),
                "qacct cpu, maxvmem")), usage, "job 2231 was not asked for");
    }

    @Test
    void noRecordYetIsEmptyAndNoAccountingIsNull() {
        assertEquals(Map.of(), SgeAccounting.usage(List.of(id("12")), "qmr-s#", argv -> new CommandResult(argv, 1, "",
                "error: job name qmr-s#* not found\n", Duration.ofMillis(7), false)));
        assertNull(SgeAccounting.usage(List.of(id("12")), "qmr-s#", argv -> new CommandResult(argv, 1, "",
                "error: can't open accounting file\n", Duration.ofMillis(7), false)));
        assertNull(SgeAccounting.usage(List.of(id("12")), "qmr-s#", argv -> null), "qacct missing");
    }

    @Test
    void qacctsAmountsAreReadInPowersOf1024() {
        assertEquals(Duration.ofMillis(596), SgeAccounting.seconds("0.596s"));
        assertEquals(812L << 10, SgeAccounting.bytes("812.000KB"));
        assertEquals(0L, SgeAccounting.bytes("0.000B"));
        assertNull(SgeAccounting.bytes(""));
        assertNull(SgeAccounting.seconds("NONE"));
    }
}
