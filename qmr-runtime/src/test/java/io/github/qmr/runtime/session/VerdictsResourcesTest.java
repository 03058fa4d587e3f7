package io.github.qmr.runtime.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.qmr.runtime.queue.JobState;
import io.github.qmr.runtime.queue.Request;
import io.github.qmr.runtime.queue.ResourceKill;
import io.github.qmr.runtime.queue.ResourceKill.Kind;
import io.github.qmr.runtime.session.Verdicts.Action;
import io.github.qmr.runtime.session.Verdicts.Escalate;
import io.github.qmr.runtime.session.Verdicts.Facts;
import io.github.qmr.runtime.session.Verdicts.Limits;
import io.github.qmr.runtime.session.Verdicts.Resources;
import io.github.qmr.runtime.session.Verdicts.Verdict;
import io.github.qmr.runtime.workdir.OutOfMemory;
import io.github.qmr.runtime.workdir.StoppedFromOutside;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The rule for jobs killed for memory or time: never run again unchanged; escalated up to the cap when asked. */
class VerdictsResourcesTest {
    private static final Limits FRESH = new Limits(0, 10, Duration.ofSeconds(10), null, "sge");
    private static final Limits SPENT = new Limits(10, 10, Duration.ofSeconds(10), null, "sge");
    private static final long MIB = 1L << 20;
    /** h_vmem=1G, h_rt=0:10:00, written as SGE does. */
    private static final Request SITE = new Request(1024 * MIB, Duration.ofMinutes(10));
    private static final ResourceKill TIME_KILL = new ResourceKill(Kind.TIME, "600s on node7", "h_rt=0:10:00");
    private static final ResourceKill MEMORY_KILL = new ResourceKill(Kind.MEMORY, "maxvmem 1.1GB on node7",
            "h_vmem=1G");
    private static final Escalate DOUBLE = new Escalate(2, 4096 * MIB, 2, Duration.ofMinutes(30));

    private static Facts ended(Integer exitCode, String exitNote, boolean pull) {
        return new Facts(pull ? "worker queue-job 42" : "queue-job 42", JobState.FINISHED, null, exitCode, exitNote,
                "", false, Duration.ofSeconds(11), Duration.ZERO, false, "/w/7.stderr", pull);
    }

    private static Resources resources(ResourceKill kill, Request attempt, Escalate escalate) {
        return new Resources(kill, SITE, attempt, escalate, VerdictsResourcesTest::text,
                "h_vmem (the goal's <resources>)", "h_rt (the goal's <resources>)");
    }

    /** As SGE writes a request: an escalated one in M and h:mm:ss, the site's as given. */
    private static String text(Kind kind, Request r) {
        if (kind == Kind.MEMORY) {
            return r.memoryBytes() == null ? "h_vmem=1G" : "h_vmem=" + Request.mebibytes(r.memoryBytes());
        }
        return r.walltime() == null ? "h_rt=0:10:00" : "h_rt=" + Request.hms(r.walltime());
    }

    private static void assertVerdict(Action action, String reason, Request request, Verdict v) {
        assertEquals(action, v.action(), v.toString());
        assertEquals(reason, v.reason());
        assertEquals(request, v.request());
    }

    @Test
    void aTimeKillFailsAtOnceByDefaultSayingWhatRanAndWasRequestedAndHowToFix() {
        assertVerdict(Action.FAIL, "queue-job 42 was killed for time: used 600s on node7 of the h_rt=0:10:00"
                + " requested; running it again unchanged would meet the same limit: raise h_rt (the goal's"
                + " <resources>), or let qmr escalate it (<escalateTime> or -Dqmr.escalateTime,"
                + " Pool.builder().escalate); see"
                + " /w/7.stderr", null,
                Verdicts.decide(ended(137, null, false), FRESH, resources(TIME_KILL, Request.SITE, Escalate.OFF)));
    }

    @Test
    void aMemoryKillFailsAtOnceByDefaultThoughResubmissionsAreLeft() {
        Verdict v = Verdicts.decide(ended(137, null, false), FRESH, resources(MEMORY_KILL, Request.SITE,
                Escalate.OFF));
        assertVerdict(Action.FAIL, "queue-job 42 was killed for memory: used maxvmem 1.1GB on node7 of the h_vmem=1G"
                + " requested; running it again unchanged would meet the same limit: raise h_vmem (the goal's"
                + " <resources>), or let qmr escalate it (<escalateMemory> or -Dqmr.escalateMemory,"
                + " Pool.builder().escalate);"
                + " see /w/7.stderr", null, v);
    }

    @Test
    void slurmsTimeoutAfterItsSigtermNoteIsAKillNotAStopFromOutside() {
        ResourceKill timeout = new ResourceKill(Kind.TIME, null, "--time=1");
        Verdict v = Verdicts.decide(ended(143, StoppedFromOutside.note(3), false), FRESH,
                resources(timeout, Request.SITE, Escalate.OFF));
        assertEquals(Action.FAIL, v.action());
        assertEquals("queue-job 42 was killed for time: --time=1 requested; running it again unchanged would meet the"
                + " same limit: raise h_rt (the goal's <resources>), or let qmr escalate it (<escalateTime>"
                + " or -Dqmr.escalateTime, Pool.builder().escalate); see /w/7.stderr", v.reason());
    }

    /** The queue reads the request from the site options (Slurm's --time): an escalated attempt asked for more. */
    @Test
    void aKillOfAnEscalatedAttemptNamesThatAttemptsRequest() {
        ResourceKill timeout = new ResourceKill(Kind.TIME, "00:02:31 on node7", "--time=1");
        Verdict v = Verdicts.decide(ended(143, StoppedFromOutside.note(3), false), FRESH,
                resources(timeout, new Request(null, Duration.ofMinutes(2)), Escalate.OFF));
        assertEquals(Action.FAIL, v.action());
        assertEquals("queue-job 42 was killed for time: used 00:02:31 on node7 of the h_rt=0:02:00 requested; running"
                + " it again unchanged would meet the same limit: raise h_rt (the goal's <resources>), or let qmr"
                + " escalate it (<escalateTime> or -Dqmr.escalateTime, Pool.builder().escalate); see /w/7.stderr",
                v.reason());
        Verdict memory = Verdicts.decide(ended(137, null, false), FRESH, resources(MEMORY_KILL,
                new Request(2048 * MIB, null), Escalate.OFF));
        assertEquals(true, memory.reason().startsWith("queue-job 42 was killed for memory: used maxvmem 1.1GB on node7"
                + " of the h_vmem=2048M requested;"), memory.reason());
    }

    @Test
    void aKillWithNothingRequestedSaysTheSiteDefaultApplied() {
        Verdict v = Verdicts.decide(ended(null, null, false), FRESH,
                resources(new ResourceKill(Kind.MEMORY, null, null), Request.SITE, Escalate.OFF));
        assertEquals("queue-job 42 was killed for memory: no memory was requested, the site's default applied;"
                + " running it again unchanged would meet the same limit: raise h_vmem (the goal's <resources>), or"
                + " let qmr escalate it (<escalateMemory> or -Dqmr.escalateMemory,"
                + " Pool.builder().escalate); see /w/7.stderr",
                v.reason());
    }

    @Test
    void theWorkersOwnOutOfMemoryErrorIsAMemoryKill() {
        String note = OutOfMemory.note(5, "node7", new OutOfMemoryError("Java heap space"), 256 * MIB, 301 * MIB);
        Verdict v = Verdicts.decide(ended(1, note, false), FRESH, resources(null, Request.SITE, Escalate.OFF));
        assertVerdict(Action.FAIL, "queue-job 42 was killed for memory: used the worker JVM's heap limit (-Xmx) 256"
                + " MiB, peak resident 301 MiB of the h_vmem=1G requested; running it again unchanged would meet the"
                + " same limit: raise h_vmem (the goal's <resources>), or let qmr escalate it (<escalateMemory>"
                + " or -Dqmr.escalateMemory, Pool.builder().escalate); see /w/7.stderr", null, v);
        assertEquals("out of memory: the worker JVM on node7 ran out of memory in itask 5"
                + " (java.lang.OutOfMemoryError: Java heap space); used heap limit (-Xmx) 256 MiB, peak resident 301"
                + " MiB; the tasks it finished are saved", note);
    }

    @Test
    void withEscalationTheNextAttemptAsksForTheFactorTimesTheLastRequest() {
        Verdict memory = Verdicts.decide(ended(137, null, false), FRESH, resources(MEMORY_KILL, Request.SITE,
                DOUBLE));
        assertVerdict(Action.RESUBMIT, "queue-job 42 was killed for memory: used maxvmem 1.1GB on node7 of the"
                + " h_vmem=1G requested; the next attempt asks for h_vmem=2048M", new Request(2048 * MIB, null),
                memory);

        Verdict time = Verdicts.decide(ended(137, null, false), FRESH, resources(TIME_KILL,
                new Request(2048 * MIB, null), DOUBLE));
        assertVerdict(Action.RESUBMIT, "queue-job 42 was killed for time: used 600s on node7 of the h_rt=0:10:00"
                + " requested; the next attempt asks for h_rt=0:20:00", new Request(2048 * MIB,
                        Duration.ofMinutes(20)), time);
    }

    /**
     * Slurm grants whole minutes: escalation multiplies what was granted and asks for whole minutes, so a request of
     * 30 s (run as a minute) doubled asks for 2 minutes, not 60 s that would run as the same minute again.
     */
    @Test
    void escalationMultipliesTheWalltimeTheQueueGrantedAndAsksForOneItGrants() {
        java.util.function.UnaryOperator<Duration> wholeMinutes = d -> Duration.ofMinutes(Math.max(1,
                (d.toSeconds() + 59) / 60));
        ResourceKill timeout = new ResourceKill(Kind.TIME, "00:01:31 on vm", "--time=0:00:30");
        Resources slurm = new Resources(timeout, new Request(null, Duration.ofSeconds(30)), Request.SITE, DOUBLE,
                VerdictsResourcesTest::text, "mem", "time", wholeMinutes);
        assertEquals(new Request(null, Duration.ofMinutes(2)), Verdicts.decide(ended(143, null, false), FRESH,
                slurm).request(), "30 s ran as a minute: doubled, 2 minutes");

        Resources oneAndAHalf = new Resources(timeout, new Request(null, Duration.ofSeconds(61)), Request.SITE,
                new Escalate(1, null, 1.1, null), VerdictsResourcesTest::text, "mem", "time", wholeMinutes);
        assertEquals(new Request(null, Duration.ofMinutes(3)), Verdicts.decide(ended(143, null, false), FRESH,
                oneAndAHalf).request(), "61 s ran as 2 minutes; 1.1 times that asks for 3, never 2 again");

        Resources oneMinute = new Resources(timeout, new Request(null, Duration.ofMinutes(1)), Request.SITE, DOUBLE,
                VerdictsResourcesTest::text, "mem", "time", wholeMinutes);
        assertVerdict(Action.RESUBMIT, "queue-job 42 was killed for time: used 00:01:31 on vm of the --time=0:00:30"
                + " requested; the next attempt asks for h_rt=0:02:00", new Request(null, Duration.ofMinutes(2)),
                Verdicts.decide(ended(143, null, false), FRESH, oneMinute));
    }

    @Test
    void escalationStopsAtTheCapAndFailsOnceTheCapWasAsked() {
        Verdict capped = Verdicts.decide(ended(137, null, false), FRESH, resources(MEMORY_KILL,
                new Request(3072 * MIB, null), DOUBLE));
        assertEquals(new Request(4096 * MIB, null), capped.request(), "3G doubled is more than the 4G cap");

        Verdict atCap = Verdicts.decide(ended(137, null, false), FRESH, resources(
                new ResourceKill(Kind.MEMORY, "maxvmem 4.0GB on node7", "h_vmem=4096M"), new Request(4096 * MIB,
                        null), DOUBLE));
        assertVerdict(Action.FAIL, "queue-job 42 was killed for memory: used maxvmem 4.0GB on node7 of the"
                + " h_vmem=4096M requested; that is the cap (escalateMemoryCap 4294967296 bytes): raise the cap, or"
                + " make the tasks need less; see /w/7.stderr", null, atCap);

        Verdict timeAtCap = Verdicts.decide(ended(137, null, false), FRESH, resources(TIME_KILL,
                new Request(null, Duration.ofMinutes(30)), DOUBLE));
        assertEquals(Action.FAIL, timeAtCap.action());
        assertEquals(true, timeAtCap.reason().contains("that is the cap (escalateTimeCap 1800 s)"), timeAtCap.reason());
    }

    @Test
    void escalationNeedsAResubmissionLeftAndARequestToMultiply() {
        Verdict spent = Verdicts.decide(ended(137, null, false), SPENT, resources(MEMORY_KILL, Request.SITE, DOUBLE));
        assertVerdict(Action.FAIL, "queue-job 42 was killed for memory: used maxvmem 1.1GB on node7 of the h_vmem=1G"
                + " requested; no resubmission left to escalate (10 done; raise maxResubmissions to allow more)", null,
                spent);

        Resources noRequest = new Resources(new ResourceKill(Kind.TIME, null, null), Request.SITE, Request.SITE,
                DOUBLE, (k, r) -> null, "mem", "time (the goal's <resources>)");
        assertEquals("queue-job 42 was killed for time: no time was requested, the site's default applied; qmr cannot"
                + " escalate a walltime that was not set: set time (the goal's <resources>); see /w/7.stderr",
                Verdicts.decide(ended(null, null, false), FRESH, noRequest).reason());
    }

    /** Pull mode: the same rule; the monitor gives the escalated attempt a job of its own. */
    @Test
    void inPullModeAKilledChunkIsEscalatedAsInJobsModeAndFailsAtTheCapOrWithoutEscalation() {
        Verdict memory = Verdicts.decide(ended(137, null, true), FRESH, resources(MEMORY_KILL, Request.SITE, DOUBLE));
        assertVerdict(Action.RESUBMIT, "worker queue-job 42 was killed for memory: used maxvmem 1.1GB on node7 of the"
                + " h_vmem=1G requested; the next attempt asks for h_vmem=2048M", new Request(2048 * MIB, null),
                memory);

        Verdict time = Verdicts.decide(ended(137, null, true), FRESH, resources(TIME_KILL, Request.SITE, DOUBLE));
        assertEquals(new Request(null, Duration.ofMinutes(20)), time.request(), time.toString());

        Verdict heap = Verdicts.decide(ended(1, OutOfMemory.note(5, "node7", new OutOfMemoryError("Java heap space"),
                256 * MIB, 301 * MIB), true), FRESH, resources(null, Request.SITE, DOUBLE));
        assertEquals(Action.RESUBMIT, heap.action(), "the worker's own OutOfMemoryError: " + heap);
        assertEquals(new Request(2048 * MIB, null), heap.request());

        Verdict capAtSite = Verdicts.decide(ended(137, null, true), FRESH, resources(MEMORY_KILL, Request.SITE,
                new Escalate(2, 1024 * MIB, 1, null)));
        assertVerdict(Action.FAIL, "worker queue-job 42 was killed for memory: used maxvmem 1.1GB on node7 of the"
                + " h_vmem=1G requested; that is the cap (escalateMemoryCap 1073741824 bytes): raise the cap, or make"
                + " the tasks need less; see /w/7.stderr", null, capAtSite);

        Verdict off = Verdicts.decide(ended(137, null, true), FRESH, resources(MEMORY_KILL, Request.SITE,
                Escalate.OFF));
        assertEquals(Action.FAIL, off.action());
        assertEquals(true, off.reason().endsWith("or let qmr escalate it (<escalateMemory> or -Dqmr.escalateMemory,"
                + " Pool.builder().escalate); see /w/7.stderr"), off.reason());
    }

    @Test
    void withoutAKillTheUsualRulesApply() {
        Verdict signal = Verdicts.decide(ended(137, null, false), FRESH, resources(null, Request.SITE, DOUBLE));
        assertEquals(Action.RESUBMIT, signal.action(), "a signal alone may be a passing fault");
        assertNull(signal.request());
        Facts running = new Facts("queue-job 42", JobState.RUNNING, "r", null, null, "", false, Duration.ZERO,
                Duration.ZERO, false, "/w/7.stderr", false);
        assertEquals(Action.WAIT, Verdicts.decide(running, FRESH, resources(TIME_KILL, Request.SITE, DOUBLE)).action());
    }

    @Test
    void aWorkerEndedForATaskPastItsTimeLimitHasItsChunkRunAgainAtOnceForTheTasksAfterIt() {
        String note = io.github.qmr.runtime.workdir.TaskTimedOut.note(3, 1000);
        assertVerdict(Action.RESUBMIT, "queue-job 42 task time limit: itask 3 ran past the task time limit of 1 s"
                + " (taskTimeLimit) and did not stop when interrupted; its worker was ended; the task is recorded"
                + " failed, the chunk runs again for the tasks after it", null,
                Verdicts.decide(ended(1, note, false), FRESH, resources(null, Request.SITE, Escalate.OFF)));
        assertEquals(Action.FAIL, Verdicts.decide(ended(1, note, false), SPENT, resources(null, Request.SITE,
                Escalate.OFF)).action(), "within the resubmissions");
    }
}
