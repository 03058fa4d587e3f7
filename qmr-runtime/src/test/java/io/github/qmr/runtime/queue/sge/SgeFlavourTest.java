package io.github.qmr.runtime.queue.sge;

import io.github.qmr.runtime.queue.FlavourContract;
import io.github.qmr.runtime.queue.JobState;
import io.github.qmr.runtime.queue.QueueFlavour;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    private static String sample(String name) {
        try {
            return SgeDialectTest.sample(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
