package io.github.qmr.runtime.queue.slurm;

import io.github.qmr.runtime.queue.FlavourContract;
import io.github.qmr.runtime.queue.JobState;
import io.github.qmr.runtime.queue.QueueFlavour;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Slurm meets the flavour contract on its captured output (the samples of {@link SlurmDialectTest}). */
class SlurmFlavourTest extends FlavourContract {
    @Override
    protected QueueFlavour flavour() {
        return new SlurmFlavour();
    }

    @Override
    protected List<String> submitOutputAndId() {
        return List.of("123;cluster\n", "123");
    }

    @Override
    protected String statusOutput() {
        return sample("squeue-me-r.txt");
    }

    @Override
    protected Map<String, JobState> statesListed() {
        Map<String, JobState> states = new LinkedHashMap<>();
        states.put("3", JobState.FINISHED);
        states.put("6", JobState.ERROR); // SPECIAL_EXIT
        states.put("7", JobState.PENDING);
        states.put("10_1", JobState.RUNNING);
        states.put("10_6", JobState.PENDING);
        states.put("10", JobState.RUNNING); // its elements rolled up
        states.put("99", null);
        return states;
    }

    @Override
    protected String unreachableOutput() {
        return sample("controller-down.txt").split("\\$ ")[2];
    }

    @Override
    protected List<JobEnvironment> jobEnvironments() {
        return List.of(new JobEnvironment(Map.of("SLURM_JOB_ID", "1241", "SLURM_ARRAY_JOB_ID", "1234",
                "SLURM_ARRAY_TASK_ID", "7"), "7", "1234_7"),
                new JobEnvironment(Map.of("SLURM_JOB_ID", "1241"), "", "1241"));
    }

    @Override
    protected String ninetyMinutes() {
        return "90";
    }

    private static String sample(String name) {
        try {
            return SlurmDialectTest.sample(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void itsProvenanceRecordNamesTheResourcesAndSbatchOnly() {
        QueueFlavour.Settings settings = new QueueFlavour.Settings(Map.of("qsub", "/x/qsub"), Map.of("mem", "2G"),
                "all.q", null);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("resources", Map.of("mem", "2G"));
        expected.put("sbatch", "sbatch");
        org.junit.jupiter.api.Assertions.assertEquals(expected, new SlurmFlavour().record(settings));
    }
}
