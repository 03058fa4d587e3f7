package io.github.qmr.runtime.queue.sge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.process.CommandRunner;
import io.github.qmr.runtime.queue.FlavourContract;
import io.github.qmr.runtime.queue.JobState;
import io.github.qmr.runtime.queue.QueueFlavour;
import io.github.qmr.runtime.queue.QueueTools;
import io.github.qmr.runtime.queue.flavours.QueueFlavours;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Grid Engine meets the flavour contract on its captured output (the samples of {@link SgeDialectTest}). */
class SgeFlavourTest extends FlavourContract {
    @Override
    protected QueueFlavour flavour() {
        return new SgeFlavour();
    }

    @Override
    protected List<String> submitOutputAndId() {
        return List.of("320.1-5:1\n", "320");
    }

    @Override
    protected String statusOutput() {
        return sample("sge-qstat-mine.sample.xml");
    }

    @Override
    protected Map<String, JobState> statesListed() {
        Map<String, JobState> states = new LinkedHashMap<>();
        states.put("347", JobState.RUNNING);
        states.put("349", JobState.ERROR); // Eqw
        states.put("350.1", JobState.RUNNING); // t
        states.put("350.3", JobState.PENDING); // qw
        states.put("350", JobState.RUNNING); // its tasks rolled up
        states.put("351", null);
        return states;
    }

    @Override
    protected String unreachableOutput() {
        return sample("qmaster-down.txt").split("\\$ ")[1];
    }

    @Override
    protected List<JobEnvironment> jobEnvironments() {
        return List.of(new JobEnvironment(Map.of("JOB_ID", "320", "SGE_TASK_ID", "7"), "7", "320.7"),
                new JobEnvironment(Map.of("JOB_ID", "320", "SGE_TASK_ID", "undefined"), "", "320"),
                new JobEnvironment(Map.of("JOB_ID", "320"), "", "320"));
    }

    @Override
    protected String ninetyMinutes() {
        return "1:30:00";
    }

    @Test
    void aQsubIsTakenForGridEnginesOnlyWhenItsHelpBeginsWithAGridEngineVersion() throws Exception {
        Path sge = qsub("sge", "echo 'SGE 8.1.9'; echo 'usage: qsub [options]'"); // as the real one prints
        Path pbs = qsub("pbs", "echo 'usage: qsub [-a date_time] [-A account_string] [-c interval]' >&2; exit 2");
        Path slurm = Files.createDirectories(contractDir.resolve("slurm"));
        Files.writeString(slurm.resolve("sbatch"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(slurm.resolve("sbatch"), PosixFilePermissions.fromString("rwx------"));
        CommandRunner commands = new CommandRunner();
        QueueFlavour.Detection found = flavour().detect(QueueTools.sge(), sge.toString(), commands);
        assertTrue(found.found(), found.words());
        assertEquals("qsub is " + sge.resolve("qsub"), found.words());
        QueueFlavour.Detection other = flavour().detect(QueueTools.sge(), pbs.toString(), commands);
        assertFalse(other.found(), other.words());
        assertEquals("qsub at " + pbs.resolve("qsub") + " is not Grid Engine's (its -help begins 'usage: qsub [-a"
                + " date_time] [-A account_string] [-c interval]')", other.words());
        // another scheduler's qsub does not hide Slurm from auto-detection
        QueueFlavours.Choice choice = QueueFlavours.standard().detect(Map.of(), pbs + File.pathSeparator + slurm,
                commands);
        assertEquals("slurm", choice.kind());
        assertEquals("using Slurm, sbatch is " + slurm.resolve("sbatch") + " (" + other.words() + ")", choice.why());
        assertEquals("using the embedded local queue: " + other.words() + "; no sbatch on PATH",
                QueueFlavours.standard().detect(Map.of(), pbs.toString(), commands).why());
    }

    private Path qsub(String dir, String body) throws IOException {
        Path bin = Files.createDirectories(contractDir.resolve(dir));
        Files.writeString(bin.resolve("qsub"), "#!/bin/sh\n[ \"$1\" = -help ] || exit 1\n" + body + "\n");
        Files.setPosixFilePermissions(bin.resolve("qsub"), PosixFilePermissions.fromString("rwx------"));
        return bin;
    }

    private static String sample(String name) {
        try {
            return SgeDialectTest.sample(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void itsProvenanceRecordNamesTheSiteQueueTheParallelEnvironmentTheResourcesAndQsub() {
        QueueFlavour.Settings settings = new QueueFlavour.Settings(Map.of("qsub", "/opt/sge/bin/qsub", "sbatch",
                "/x/sbatch"), Map.of("h_vmem", "1G"), "all.q", "smp");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("sgeQueue", "all.q");
        expected.put("sgeParallelEnv", "smp");
        expected.put("resources", Map.of("h_vmem", "1G"));
        expected.put("qsub", "/opt/sge/bin/qsub");
        assertEquals(expected, new SgeFlavour().record(settings));
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(new SgeFlavour().record(settings).keySet()));
    }
}
