package io.github.qmr.runtime.sge;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.qmr.runtime.RealQueues;
import io.github.qmr.runtime.process.CommandResult;
import io.github.qmr.runtime.process.CommandRunner;
import io.github.qmr.runtime.queue.sge.QstatEntry;
import io.github.qmr.runtime.queue.sge.QstatXml;
import java.time.Duration;
import java.util.List;

/**
 * The real single-node SGE that scripts/sge.sh starts. With {@code -Dqmr.test.sge=required} (scripts/test.sh, CI) a
 * test that cannot reach it FAILS; otherwise it is skipped, so a developer without SGE can run the rest (see
 * {@link RealQueues#require}).
 */
public final class RealSge {
    private RealSge() {}

    public static void require() {
        RealQueues.require("sge");
    }

    /** The jobs in qstat whose name starts with the prefix (e.g. a session id). */
    public static List<QstatEntry> jobsNamed(String prefix) {
        CommandResult result = new CommandRunner().run(List.of("qstat", "-xml"), Duration.ofSeconds(20));
        if (!result.ok()) {
            fail("qstat failed:\n" + result.describe());
        }
        return QstatXml.parse(result.stdout()).stream().filter(e -> e.name().startsWith(prefix)).toList();
    }

    /**
     * {@code qacct -j ID} of a job of ours, asked again until every expected fragment shows in it (accounting is
     * written about a second after the job ends) or 30 s passed; what it said last.
     */
    public static String qacct(String jobId, List<String> expected) {
        String said = "";
        for (int i = 0; i < 60; i++) {
            CommandResult result = new CommandRunner().run(List.of("qacct", "-j", jobId), Duration.ofSeconds(20));
            said = result.stdout() + result.stderr();
            String now = said;
            if (result.ok() && expected.stream().allMatch(now::contains)) {
                return said;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return said;
    }
}
