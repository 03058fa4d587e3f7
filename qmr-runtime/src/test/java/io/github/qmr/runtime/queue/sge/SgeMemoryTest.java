package io.github.qmr.runtime.queue.sge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SgeMemoryTest {
    private static String xmx(String hVmem) {
        return SgeMemory.jvmOptions(Map.of("h_vmem", hVmem)).get(0);
    }

    @Test
    void theHeapLeavesRoomForWhatTheJvmReservesBesideIt() {
        // measured on a real SGE: each of these starts under its limit (1G with 600m and 4G with 3400m did not)
        assertEquals("-Xmx256m", xmx("768M"));
        assertEquals("-Xmx512m", xmx("1G"));
        assertEquals("-Xmx1365m", xmx("2G"));
        assertEquals("-Xmx5461m", xmx("8G"));
        assertEquals("-Xmx10922m", xmx("16G"));
        assertEquals(List.of("-Xmx512m", "-XX:ReservedCodeCacheSize=64m", "-XX:CompressedClassSpaceSize=64m"),
                SgeMemory.jvmOptions(Map.of("s_vmem", "1024M")));
        assertEquals(List.of(), SgeMemory.jvmOptions(Map.of("h_rt", "1:00:00")));
    }

    @Test
    void sgeSizeSuffixesAreBinaryInUpperCaseAndDecimalInLowerCase() {
        assertEquals(1L << 30, SgeMemory.parse("h_vmem", "1G"));
        assertEquals(1_000_000_000L, SgeMemory.parse("h_vmem", "1g"));
        assertEquals(1536L << 20, SgeMemory.parse("h_vmem", "1.5G"));
        assertEquals(4096, SgeMemory.parse("h_vmem", "4096"));
    }

    @Test
    void tooLittleOrMalformedMemoryIsRefusedWithTheFix() {
        assertEquals("h_vmem=512M is too little for a JVM, which reserves about 512M of address space besides its"
                + " heap; request at least 768M",
                assertThrows(IllegalArgumentException.class, () -> xmx("512M")).getMessage());
        assertEquals("h_vmem=lots is not a memory size; write e.g. 4G or 512M",
                assertThrows(IllegalArgumentException.class, () -> xmx("lots")).getMessage());
    }
}
