package io.github.qmr.runtime.sge;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.qmr.runtime.process.CommandResult;
import io.github.qmr.runtime.process.CommandRunner;
import io.github.qmr.runtime.queue.sge.QstatEntry;
import io.github.qmr.runtime.queue.sge.SgeDialect;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The real single-node SGE that scripts/sge.sh starts. With {@code -Dqmr.test.sge=required} (scripts/test.sh, CI) a
 * test that cannot reach it FAILS; otherwise it is skipped, so a developer without SGE can run the rest.
 */
public final class RealSge {
    private RealSge() {}

    public static void require() {
        CommandResult result;
        try {
            result = new CommandRunner().run(List.of("qstat", "-xml"), Duration.ofSeconds(20));
        } catch (RuntimeException e) {
            unreachable(e.getMessage());
            return;
        }
        if (!result.ok()) {
            unreachable(result.describe());
        }
    }

    private static void unreachable(String why) {
        String message = "the real SGE is not reachable; start it with scripts/sge.sh up (and eval \"$(scripts/sge.sh"
                + " env)\"), or run scripts/test.sh\n" + why;
        if ("required".equals(System.getProperty("qmr.test.sge"))) {
            fail(message);
        }
        Assumptions.abort(message);
    }

    /** The jobs in qstat whose name starts with the prefix (e.g. a session id). */
    public static List<QstatEntry> jobsNamed(String prefix) {
        CommandResult result = new CommandRunner().run(List.of("qstat", "-xml"), Duration.ofSeconds(20));
        if (!result.ok()) {
            fail("qstat failed:\n" + result.describe());
        }
        return SgeDialect.parseQstatXml(result.stdout()).stream().filter(e -> e.name().startsWith(prefix)).toList();
    }
}
