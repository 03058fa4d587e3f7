package io.github.qmr.runtime.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.queue.JobState;
import io.github.qmr.runtime.session.Verdicts.Action;
import io.github.qmr.runtime.session.Verdicts.Facts;
import io.github.qmr.runtime.session.Verdicts.Limits;
import io.github.qmr.runtime.session.Verdicts.Verdict;
import io.github.qmr.runtime.workdir.StoppedFromOutside;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every rule of the decision function, with the exact words a user reads. */
class VerdictsTest {
    private static final Limits FRESH = new Limits(0, 10, Duration.ofSeconds(10), Duration.ofSeconds(60), "sge");
    private static final Limits SPENT = new Limits(10, 10, Duration.ofSeconds(10), Duration.ofSeconds(60), "sge");

    private static Facts job(JobState state, String queueState, Integer exitCode) {
        return new Facts("queue-job 42", state, queueState, exitCode, null, "", false, Duration.ZERO, Duration.ZERO,
                false, "/w/7.stderr", false);
    }

    private static Facts gone(Integer exitCode, Duration goneFor) {
        return new Facts("queue-job 42", JobState.FINISHED, null, exitCode, null, "", false, goneFor, Duration.ZERO,
                false, "/w/7.stderr", false);
    }

    private static Facts withResult(JobState state) {
        return new Facts("queue-job 42", state, "r", null, null, "", false, Duration.ZERO, Duration.ZERO, true,
                "/w/7.stderr", false);
    }

    private static Facts explained(Facts f, String explanation) {
        return new Facts(f.job(), f.state(), f.queueState(), f.exitCode(), f.exitNote(), explanation, f.finalEnd(),
                f.goneFor(), f.pendingFor(), f.hasResult(), f.stderr(), f.pull());
    }

    private static Facts pull(Facts f) {
        return new Facts("worker queue-job 42.3", f.state(), f.queueState(), f.exitCode(), f.exitNote(),
                f.explanation(), f.finalEnd(), f.goneFor(), f.pendingFor(), f.hasResult(), f.stderr(), true);
    }

    private static void assertVerdict(Action action, boolean delete, String reason, Verdict v) {
        assertEquals(action, v.action(), v.toString());
        assertEquals(delete, v.deleteJob(), v.toString());
        assertEquals(reason, v.reason());
    }

    @Test
    void aResultMeansDoneWhateverTheQueueSaysAndAJobInErrorIsDeletedToo() {
        assertVerdict(Action.DONE, false, "", Verdicts.decide(withResult(JobState.RUNNING), FRESH));
        assertVerdict(Action.DONE, false, "", Verdicts.decide(withResult(JobState.FINISHED), SPENT));
        assertVerdict(Action.DONE, true, "", Verdicts.decide(withResult(JobState.ERROR), FRESH));
    }

    @Test
    void pendingOrRunningWaitsUntilMaxPendingTime() {
        assertVerdict(Action.WAIT, false, "", Verdicts.decide(job(JobState.RUNNING, "r", null), FRESH));
        assertVerdict(Action.WAIT, false, "", Verdicts.decide(job(JobState.PENDING, "qw", null), FRESH));
        Facts longWait = new Facts("queue-job 42", JobState.PENDING, "qw", null, null, "", false, Duration.ZERO,
                Duration.ofSeconds(61), false, "/w/7.stderr", false);
        assertVerdict(Action.FAIL, true, "queue-job 42 was still pending (state 'qw') after 60 s, the limit set with"
                + " maxPendingTime; deleted it. The queue may lack what the job asks for (check its resources and"
                + " queue), or be full", Verdicts.decide(longWait, FRESH));
        Limits noLimit = new Limits(0, 10, Duration.ofSeconds(10), null, "sge");
        assertVerdict(Action.WAIT, false, "", Verdicts.decide(longWait, noLimit));
    }

    @Test
    void anErrorStateIsDeletedAndResubmittedWithTheQueuesExplanationUntilTheLimit() {
        Facts eqw = explained(job(JobState.ERROR, "Eqw", null), "qstat -j 42: error reason 1:\nexit_status 100");
        assertTrue(Verdicts.needsExplanation(job(JobState.ERROR, "Eqw", null), FRESH));
        assertVerdict(Action.RESUBMIT, true, "queue-job 42 was in error state 'Eqw' (qstat -j 42: error reason 1:;"
                + " exit_status 100)", Verdicts.decide(eqw, FRESH));
        assertVerdict(Action.FAIL, true, "queue-job 42 was in error state 'Eqw' (qstat -j 42: error reason 1:;"
                + " exit_status 100); no resubmission left (10 done; raise maxResubmissions to allow more)",
                Verdicts.decide(eqw, SPENT));
    }

    @Test
    void aWorkerThatStoppedItselfFailsAtOnceWithItsNote() {
        Facts noted = new Facts("queue-job 42", JobState.FINISHED, null, 3, "the worker JVM exited while running"
                + " itask 5 (System.exit in the function, or a signal)\n", "", false, Duration.ZERO, Duration.ZERO,
                false, "/w/7.stderr", false);
        assertFalse(Verdicts.needsExplanation(noted, FRESH));
        String expected = "the worker JVM exited while running itask 5 (System.exit in the function, or a signal);"
                + " it ended with exit code 3 without writing a result; see /w/7.stderr";
        assertVerdict(Action.FAIL, false, expected, Verdicts.decide(noted, FRESH));
        assertVerdict(Action.FAIL, false, expected, Verdicts.decide(pull(noted), FRESH));
        // an exit code up to 128 without a note: the worker itself failed (e.g. it could not read its files)
        assertVerdict(Action.FAIL, false, "the worker ended with exit code 1 without writing a result; see"
                + " /w/7.stderr", Verdicts.decide(gone(1, Duration.ZERO), FRESH));
    }

    @Test
    void aWorkerStoppedBySigtermIsNotTheTasksFaultItsChunkRunsAgainAtOnceWithinTheLimit() {
        String note = StoppedFromOutside.note(5) + "\n";
        Facts stopped = new Facts("queue-job 42", JobState.FINISHED, "CANCELLED", 143, note, "", false, Duration.ZERO,
                Duration.ZERO, false, "/w/7.stderr", false);
        assertFalse(Verdicts.needsExplanation(stopped, FRESH));
        String expected = "queue-job 42 stopped: the worker received SIGTERM (scancel, preemption, a node drain or"
                + " reboot, or a kill) while running itask 5; the tasks it finished are saved, the chunk runs again for"
                + " the others";
        assertVerdict(Action.RESUBMIT, false, expected, Verdicts.decide(stopped, FRESH));
        assertVerdict(Action.RESUBMIT, false, "worker queue-job 42.3" + expected.substring("queue-job 42".length()),
                Verdicts.decide(pull(stopped), FRESH));
        assertVerdict(Action.FAIL, false, expected + "; no resubmission left (10 done; raise maxResubmissions to allow"
                + " more)", Verdicts.decide(stopped, SPENT));
        // the queue may not know the exit code (the job already gone from its lists): the note alone decides
        Facts noCode = new Facts("queue-job 42", JobState.FINISHED, null, null, note, "", false, Duration.ZERO,
                Duration.ZERO, false, "/w/7.stderr", false);
        assertVerdict(Action.RESUBMIT, false, expected, Verdicts.decide(noCode, FRESH));
        // a limit that ends the job with SIGTERM (Slurm's TIMEOUT) is still a verdict on the job
        Facts timedOut = new Facts("queue-job 42", JobState.FINISHED, "TIMEOUT", 143, note, "", true, Duration.ZERO,
                Duration.ZERO, false, "/w/7.stderr", false);
        assertVerdict(Action.FAIL, false, expected + "; the sge queue ended it in state 'TIMEOUT', which running it"
                + " again would meet again (raise the job's limits instead)", Verdicts.decide(timedOut, FRESH));
        // the queue's record of such a job says what it used, though the worker left its note
        assertTrue(Verdicts.needsExplanation(timedOut, FRESH));
        // but the function's own System.exit, with the signal's exit code, is still final
        Facts exited = new Facts("queue-job 42", JobState.FINISHED, null, 143, "the worker JVM exited while running"
                + " itask 5 (System.exit in the function, or a signal)\n", "", false, Duration.ZERO, Duration.ZERO,
                false, "/w/7.stderr", false);
        assertEquals(Action.FAIL, Verdicts.decide(exited, FRESH).action());
    }

    @Test
    void aSignalIsResubmittedAtOnceWithoutTheGracePeriod() {
        Facts killed = explained(gone(137, Duration.ZERO), "qacct: failed 100");
        assertTrue(Verdicts.needsExplanation(gone(137, Duration.ZERO), FRESH));
        assertVerdict(Action.RESUBMIT, false, "queue-job 42 was killed by signal 9 (exit code 137) (qacct: failed"
                + " 100)", Verdicts.decide(killed, FRESH));
        assertVerdict(Action.RESUBMIT, false, "worker queue-job 42.3 was killed by signal 9 (exit code 137) before"
                + " finishing it (qacct: failed 100)", Verdicts.decide(pull(killed), FRESH));
        assertVerdict(Action.FAIL, false, "queue-job 42 was killed by signal 9 (exit code 137) (qacct: failed 100);"
                + " no resubmission left (10 done; raise maxResubmissions to allow more)",
                Verdicts.decide(killed, SPENT));
    }

    @Test
    void aVanishedJobOrExitZeroWithoutResultWaitsForTheGracePeriodThenRunsAgain() {
        assertFalse(Verdicts.needsExplanation(gone(null, Duration.ofSeconds(5)), FRESH));
        assertVerdict(Action.WAIT, false, "", Verdicts.decide(gone(null, Duration.ofSeconds(5)), FRESH));
        assertVerdict(Action.WAIT, false, "", Verdicts.decide(gone(0, Duration.ofSeconds(5)), FRESH));
        assertTrue(Verdicts.needsExplanation(gone(null, Duration.ofSeconds(10)), FRESH));
        assertVerdict(Action.RESUBMIT, false, "queue-job 42 left the queue without writing a result",
                Verdicts.decide(gone(null, Duration.ofSeconds(10)), FRESH));
        // a worker that exited 0 wrote its result: it is on its way through the file system's caches, so it is
        // waited for past the grace period, up to twice NFS's longest default attribute cache
        assertVerdict(Action.WAIT, false, "", Verdicts.decide(gone(0, Duration.ofSeconds(11)), FRESH));
        assertFalse(Verdicts.needsExplanation(gone(0, Duration.ofSeconds(119)), FRESH));
        assertVerdict(Action.WAIT, false, "", Verdicts.decide(gone(0, Duration.ofSeconds(119)), FRESH));
        assertVerdict(Action.RESUBMIT, false, "queue-job 42 ended with exit code 0 without writing a result",
                Verdicts.decide(gone(0, Duration.ofSeconds(120)), FRESH));
        assertVerdict(Action.WAIT, false, "", Verdicts.decide(pull(gone(0, Duration.ofSeconds(60))), FRESH));
        assertVerdict(Action.RESUBMIT, false, "worker queue-job 42.3 left the queue before finishing it",
                Verdicts.decide(pull(gone(null, Duration.ofSeconds(11))), FRESH));
    }

    @Test
    void anEndTheQueueCallsAVerdictOnTheJobIsFinal() {
        Facts timeout = new Facts("queue-job 42", JobState.FINISHED, "TIMEOUT", 143, null, "sacct: TIMEOUT", true,
                Duration.ZERO, Duration.ZERO, false, "/w/7.stderr", false);
        assertVerdict(Action.FAIL, false, "queue-job 42 was killed by signal 15 (exit code 143) (sacct: TIMEOUT);"
                + " the sge queue ended it in state 'TIMEOUT', which running it again would meet again (raise the"
                + " job's limits instead)", Verdicts.decide(timeout, FRESH));
    }

    @Test
    void aRerunForAReasonOfItsOwnCountsAgainstTheLimit() {
        assertVerdict(Action.RESUBMIT, false, "the result file is torn", Verdicts.rerun("the result file is torn",
                FRESH));
        assertVerdict(Action.FAIL, false, "the result file is torn; no resubmission left (10 done; raise"
                + " maxResubmissions to allow more)", Verdicts.rerun("the result file is torn", SPENT));
        assertEquals("chunk 7: queue-job 42 was in error state 'Eqw'; resubmitted as queue-job 43 (resubmission 2"
                + " of at most 10)", Verdicts.resubmitted(7, "queue-job 42 was in error state 'Eqw'",
                        "resubmitted as queue-job 43", 2, 10));
    }

    @Test
    void workersThatCannotStartEndTheMapAfterThreeInARow() {
        assertNull(Verdicts.workersCannotStart(2, "worker queue-job 9.2", 1, "Error", "/w/claimers/000002.stderr"));
        assertEquals("the workers cannot start: 3 in a row ended before taking a chunk, the last (worker queue-job"
                + " 9.3) with exit code 1; its stderr (/w/claimers/000003.stderr) ends:\nError: Could not find or"
                + " load main class X\nCheck the workers' java, classpath and JVM options",
                Verdicts.workersCannotStart(3, "worker queue-job 9.3", 1, "Error: Could not find or load main class"
                        + " X\n", "/w/claimers/000003.stderr"));
        assertEquals("the workers cannot start: 3 in a row ended before taking a chunk, the last (worker queue-job"
                + " 9.3); its stderr (/w/e) is empty\nCheck the workers' java, classpath and JVM options",
                Verdicts.workersCannotStart(3, "worker queue-job 9.3", null, "", "/w/e"));
        // a worker that started says itself what failed and what to do: no guess about java and classpath then
        assertEquals("the workers cannot start: 3 in a row ended before taking a chunk, the last (worker queue-job"
                + " 9.3) with exit code 70; its stderr (/w/e) ends:\nqmr worker: session /w failed before the worker"
                + " took a chunk: the session's secret /w/session.secret is missing",
                Verdicts.workersCannotStart(3, "worker queue-job 9.3", 70, "qmr worker: session /w failed before the"
                        + " worker took a chunk: the session's secret /w/session.secret is missing\n", "/w/e"));
    }

    @Test
    void aSilentWorkerIsNamedWithItsHostPidAndHowLongItWasSilent() {
        assertEquals("worker queue-job 42.3 on host node2 (pid 4242) sent no heartbeat for 125.3 s, more than"
                + " heartbeatTimeout (120 s): it hangs, was stopped, or lost its node; deleted it",
                Verdicts.silentWorker("worker queue-job 42.3", "node2 4242 0000000000000000017",
                        Duration.ofMillis(125_340), Duration.ofMinutes(2), Duration.ZERO, "deleted it"));
        assertEquals("queue-job 7 started but sent no heartbeat for 181 s, more than heartbeatTimeout (120 s) plus"
                + " 60 s for a worker to start (its host is unknown): it hangs, was stopped, or lost its node; deleted"
                + " it", Verdicts.silentWorker("queue-job 7", "", Duration.ofSeconds(181), Duration.ofMinutes(2),
                        Duration.ofSeconds(60), "deleted it"));
        assertEquals("worker queue-job 8 started but sent no heartbeat for 121 s, more than heartbeatTimeout (120 s)"
                + " (its host is unknown): it hangs, was stopped, or lost its node; deleted it",
                Verdicts.silentWorker("worker queue-job 8", "", Duration.ofSeconds(121), Duration.ofMinutes(2),
                        Duration.ZERO, "deleted it"), "a pull worker gets no start allowance, and is not told it did");
    }

    @Test
    void aPullWorkerWaitingPastMaxPendingTimeIsDeletedByTheRuleAndWithTheWordsOfAChunksJob() {
        Duration limit = Duration.ofSeconds(5);
        assertNull(Verdicts.workerPendingTooLong("worker queue-job 9", "qw", limit, limit), "at the limit: waits on");
        assertNull(Verdicts.workerPendingTooLong("worker queue-job 9", "qw", Duration.ofHours(9), null), "no limit");
        assertEquals("worker queue-job 9 was still pending (state 'qw') after 5 s, the limit set with maxPendingTime;"
                + " deleted it. The queue may lack what the job asks for (check its resources and queue), or be full",
                Verdicts.workerPendingTooLong("worker queue-job 9", "qw", limit.plusMillis(1), limit));
        // a chunk's job in jobs mode: the same limit, the same words
        Verdict chunk = Verdicts.decide(new Facts("worker queue-job 9", JobState.PENDING, "qw", null, null, "",
                false, Duration.ZERO, limit.plusMillis(1), false, "", false),
                new Limits(0, 10, Duration.ZERO, limit, "sge"));
        assertEquals(Action.FAIL, chunk.action());
        assertEquals(Verdicts.workerPendingTooLong("worker queue-job 9", "qw", limit.plusMillis(1), limit),
                chunk.reason());
    }
}
