package io.github.qmr.runtime.queue.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SlurmMemoryTest {
    @Test
    void theHeapLeavesAQuarterOrAtLeast192MiBForEverythingElse() {
        assertEquals(List.of("-Xmx320m"), SlurmMemory.jvmOptions("512M"));
        assertEquals(List.of("-Xmx576m"), SlurmMemory.jvmOptions("768"));
        assertEquals(List.of("-Xmx768m"), SlurmMemory.jvmOptions("1G"));
        assertEquals(List.of("-Xmx3072m"), SlurmMemory.jvmOptions("4g"));
        assertEquals(List.of("-Xmx12288m"), SlurmMemory.jvmOptions("16G"));
        assertEquals(List.of(), SlurmMemory.jvmOptions(null));
        assertEquals(List.of(), SlurmMemory.jvmOptions("0")); // the whole node: nothing to fit
    }

    @Test
    void slurmSizesAreBinaryInAnyCaseAndMegabytesWithoutAUnit() {
        assertEquals(1024, SlurmMemory.parse("1G"));
        assertEquals(1024, SlurmMemory.parse("1g"));
        assertEquals(1, SlurmMemory.parse("1024K"));
        assertEquals(2 << 20, SlurmMemory.parse("2T"));
        assertEquals(4096, SlurmMemory.parse("4096"));
    }

    @Test
    void tooLittleOrMalformedMemoryIsRefusedWithTheFix() {
        assertEquals("--mem=256M is too little for a worker JVM, which needs about 192M besides its heap; request"
                + " at least 512M", assertThrows(IllegalArgumentException.class,
                        () -> SlurmMemory.jvmOptions("256M")).getMessage());
        assertEquals("--mem=1.5G is not a Slurm memory size; write e.g. 4G or 4096 (MiB)",
                assertThrows(IllegalArgumentException.class, () -> SlurmMemory.parse("1.5G")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> SlurmOptions.DEFAULTS.withMem("lots"));
    }
}
