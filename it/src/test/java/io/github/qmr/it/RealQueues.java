package io.github.qmr.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Whether a real queue answers; a test that needs one fails when its property ({@code qmr.test.sge},
 * {@code qmr.test.slurm}) says "required", as scripts/test.sh and CI set it, and is skipped otherwise.
 */
final class RealQueues {
    private RealQueues() {}

    static void require(String queue) throws Exception {
        if (queue.equals("local")) {
            return;
        }
        List<String> probe = queue.equals("sge") ? List.of("qstat", "-xml") : List.of("squeue", "-h");
        String why;
        try {
            Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
            boolean ended = p.waitFor(20, TimeUnit.SECONDS);
            String out = new String(p.getInputStream().readAllBytes());
            if (ended && p.exitValue() == 0) {
                return;
            }
            why = String.join(" ", probe) + " failed: " + out;
            p.destroyForcibly();
        } catch (java.io.IOException e) {
            why = String.join(" ", probe) + " cannot run: " + e.getMessage();
        }
        String message = "the real " + queue + " is not reachable; start it with scripts/" + (queue.equals("sge")
                ? "sge" : "slurm") + ".sh up, or run scripts/test.sh\n" + why;
        if ("required".equals(System.getProperty("qmr.test." + queue))) {
            fail(message);
        }
        Assumptions.abort(message);
    }
}
