package io.github.qmr.runtime;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.qmr.runtime.process.CommandResult;
import io.github.qmr.runtime.process.CommandRunner;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The real single-node queues that scripts/sge.sh and scripts/slurm.sh start: whether they answer, and the names of
 * the resource locks that keep the tests on one real queue apart (see the failsafe configuration in qmr-runtime's
 * pom): the suites of the two real queues run beside each other, never two on one queue. Also used by the it module
 * (through this module's test jar).
 */
public final class RealQueues {
    /** Held by every test class that submits to, or stops, the real SGE. */
    public static final String SGE = "qmr.real-sge";
    /** Held by every test class that submits to, or stops, the real Slurm. */
    public static final String SLURM = "qmr.real-slurm";

    private RealQueues() {
    }

    /**
     * Returns when the queue ("sge", "slurm"; "local" always answers) answers its status command. Otherwise the test
     * FAILS where {@code -Dqmr.test.<queue>=required} (scripts/test.sh, CI) and is skipped elsewhere, so a developer
     * without that queue can run the rest.
     */
    public static void require(String queue) {
        List<String> probe = switch (queue) {
            case "local" -> List.of();
            case "sge" -> List.of("qstat", "-xml");
            case "slurm" -> List.of("squeue", "--me", "-h", "-O", "JobID:|");
            default -> throw new IllegalArgumentException("no real queue named " + queue);
        };
        if (probe.isEmpty()) {
            return;
        }
        String why;
        try {
            CommandResult result = new CommandRunner().run(probe, Duration.ofSeconds(20));
            if (result.ok()) {
                return;
            }
            why = result.describe();
        } catch (RuntimeException e) {
            why = e.getMessage();
        }
        String message = "the real " + (queue.equals("sge") ? "SGE" : "Slurm") + " is not reachable; start it with"
                + " scripts/" + queue + ".sh up (and eval \"$(scripts/" + queue + ".sh env)\"), or run"
                + " scripts/test.sh\n" + why;
        if ("required".equals(System.getProperty("qmr.test." + queue))) {
            fail(message);
        }
        Assumptions.abort(message);
    }
}
