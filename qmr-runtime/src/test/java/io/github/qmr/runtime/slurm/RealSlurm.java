package io.github.qmr.runtime.slurm;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.qmr.runtime.RealQueues;
import io.github.qmr.runtime.process.CommandResult;
import io.github.qmr.runtime.process.CommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The real single-node Slurm that scripts/slurm.sh starts. With {@code -Dqmr.test.slurm=required}
 * (scripts/test.sh, CI) a test that cannot reach it FAILS; otherwise it is skipped, so a developer without Slurm can
 * run the rest (see {@link RealQueues#require}).
 */
public final class RealSlurm {
    private RealSlurm() {}

    public static void require() {
        RealQueues.require("slurm");
    }

    /**
     * The jobs squeue lists as not yet ended (its default: pending, running, completing, held...) whose name starts
     * with the prefix (e.g. a session id), as {@code "ID STATE"}.
     */
    public static List<String> activeJobsNamed(String prefix) {
        CommandResult result = new CommandRunner().run(List.of("squeue", "--me", "-r", "-h", "-O",
                "JobArrayID:|,State:|,Name:|"), Duration.ofSeconds(20));
        if (!result.ok()) {
            fail("squeue failed:\n" + result.describe());
        }
        List<String> jobs = new ArrayList<>();
        for (String line : result.stdout().split("\n")) {
            String[] f = line.strip().split("\\|", 3);
            if (f.length == 3 && f[2].startsWith(prefix)) {
                jobs.add(f[0] + " " + f[1]);
            }
        }
        return jobs;
    }
}
