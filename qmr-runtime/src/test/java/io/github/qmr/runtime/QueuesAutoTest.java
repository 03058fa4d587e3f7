package io.github.qmr.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.qmr.runtime.queue.QueueTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code Queues.auto()} picks: SGE, then Slurm, then the local queue, by the programs found on PATH. */
class QueuesAutoTest {
    @TempDir
    Path dir;

    private String pathWith(String... programs) throws Exception {
        Path bin = Files.createTempDirectory(dir, "bin");
        for (String p : programs) {
            // a Grid Engine qsub names itself in its -help, as auto-detection asks
            Files.writeString(bin.resolve(p), p.equals("qsub") ? "#!/bin/sh\necho 'SGE 8.1.9'\n" : "#!/bin/sh\n");
            Files.setPosixFilePermissions(bin.resolve(p), PosixFilePermissions.fromString("rwx------"));
        }
        return bin.toString();
    }

    @Test
    void sgeFirstThenSlurmThenLocal() throws Exception {
        String both = pathWith("qsub", "sbatch");
        assertEquals("sge", Queues.choose(QueueTools.sge(), QueueTools.slurm(), both).kind());
        String slurmOnly = pathWith("sbatch");
        Queues.AutoChoice slurm = Queues.choose(QueueTools.sge(), QueueTools.slurm(), slurmOnly);
        assertEquals("slurm", slurm.kind());
        assertEquals("using Slurm, sbatch is " + Path.of(slurmOnly, "sbatch") + " (no qsub on PATH)", slurm.why());
        Queues.AutoChoice none = Queues.choose(QueueTools.sge(), QueueTools.slurm(), pathWith());
        assertEquals("local", none.kind());
        assertEquals("using the embedded local queue, neither qsub nor sbatch on PATH", none.why());
    }
}
