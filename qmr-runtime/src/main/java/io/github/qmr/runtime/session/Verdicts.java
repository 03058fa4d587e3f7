package io.github.qmr.runtime.session;

import io.github.qmr.runtime.queue.JobState;
import io.github.qmr.runtime.queue.Request;
import io.github.qmr.runtime.queue.ResourceKill;
import io.github.qmr.runtime.workdir.StorageFailure;
import io.github.qmr.runtime.workdir.StoppedFromOutside;
import io.github.qmr.runtime.workdir.TaskTimedOut;
import java.time.Duration;
import java.util.function.BiFunction;

/**
 * Every rule that decides what becomes of a chunk whose queue-job the monitor looked at, and every word said about
 * it, in one pure function: {@link #decide}. The monitors gather the facts (queue status, exit code, exit note,
 * resubmissions so far, limits, time) and carry out the verdict; nothing here touches the queue or the files.
 */
public final class Verdicts {
    private Verdicts() {}

    /** What to do with the chunk. */
    public enum Action {
        /** its result is there */
        DONE,
        /** nothing to do yet */
        WAIT,
        /** run it again (a new job, or release its claim for another worker), counted against the limit */
        RESUBMIT,
        /** it failed for good */
        FAIL
    }

    /**
     * @param action what to do
     * @param deleteJob delete the queue-job first (it is in error, or waited too long)
     * @param reason what happened, for the notice or the failure
     * @param request for {@link Action#RESUBMIT}: what the next attempt asks for (an escalated request); null: the
     *     same as this attempt
     */
    public record Verdict(Action action, boolean deleteJob, String reason, Request request) {
        public Verdict(Action action, boolean deleteJob, String reason) {
            this(action, deleteJob, reason, null);
        }

        static final Verdict DONE = new Verdict(Action.DONE, false, "");
        static final Verdict DONE_DELETE = new Verdict(Action.DONE, true, "");
        static final Verdict WAIT = new Verdict(Action.WAIT, false, "");
    }

    /**
     * The facts about the queue-job that runs (or ran) a chunk.
     *
     * @param job how to name the job in messages, e.g. {@code queue-job 42} or {@code worker queue-job 42.3}
     * @param state its state in the last poll; {@link JobState#FINISHED} when the queue no longer lists it
     * @param queueState the queue's own word for the state, e.g. {@code Eqw}; null when not listed
     * @param exitCode the exit code if the queue knows it
     * @param exitNote what the worker wrote in the chunk's exit note before it stopped (it stopped itself), or null
     * @param explanation what the queue says about why the job ended or is in error; "" when not asked or nothing
     * @param finalEnd the queue says the end was a verdict on the job itself (a time or memory limit)
     * @param goneFor how long the job has been gone without a result
     * @param pendingFor how long the job has been waiting in the queue
     * @param hasResult the chunk's result file is there
     * @param stderr the chunk's stderr file, for "see ..."
     * @param pull the chunk was claimed by a pull-mode worker (the job runs other chunks too)
     */
    public record Facts(String job, JobState state, String queueState, Integer exitCode, String exitNote,
            String explanation, boolean finalEnd, Duration goneFor, Duration pendingFor, boolean hasResult,
            String stderr, boolean pull) {}

    /**
     * The limits that apply.
     *
     * @param resubmissions how often the chunk ran again so far
     * @param maxResubmissions how often it may
     * @param grace how long a job may be gone before its missing result counts
     * @param maxPending how long a job may wait; null: no limit
     * @param queueName the queue's name, e.g. {@code sge}
     */
    public record Limits(int resubmissions, int maxResubmissions, Duration grace, Duration maxPending,
            String queueName) {}

    /**
     * How a chunk's next attempt asks for more after its job was killed for memory or time (the API's
     * {@code Escalation}): the last request times the factor, at most the cap; a factor of 1 fails the chunk at once.
     *
     * @param memoryFactor memory
     * @param memoryCap bytes, or null for none
     * @param timeFactor walltime
     * @param timeCap or null for none
     */
    public record Escalate(double memoryFactor, Long memoryCap, double timeFactor, Duration timeCap) {
        public static final Escalate OFF = new Escalate(1, null, 1, null);
    }

    /**
     * The facts about a job's resources, for {@link #decide(Facts, Limits, Resources)}.
     *
     * @param kill what the queue says killed the job (its limit), or null
     * @param site the site options' requests
     * @param attempt this attempt's own requests (an escalated one), {@link Request#SITE} for the site's
     * @param escalate the escalation rule
     * @param requestText how the queue writes a request, e.g. {@code h_vmem=1536M}; null for one not set
     * @param memorySetting where the user sets the memory request, e.g. {@code h_vmem (the goal's <resources>)}
     * @param timeSetting where the user sets the walltime request
     * @param grantedWalltime the walltime the queue grants for a request (Slurm: whole minutes, at least one)
     */
    public record Resources(ResourceKill kill, Request site, Request attempt, Escalate escalate,
            BiFunction<ResourceKill.Kind, Request, String> requestText, String memorySetting, String timeSetting,
            java.util.function.UnaryOperator<Duration> grantedWalltime) {
        /** A queue that grants each walltime as asked. */
        public Resources(ResourceKill kill, Request site, Request attempt, Escalate escalate,
                BiFunction<ResourceKill.Kind, Request, String> requestText, String memorySetting, String timeSetting) {
            this(kill, site, attempt, escalate, requestText, memorySetting, timeSetting, d -> d);
        }
    }

    /**
     * {@link #decide(Facts, Limits)}, with a job killed for memory or time (by the queue, or the worker's own
     * OutOfMemoryError) never run again unchanged: the chunk fails at once, saying what was used and requested and
     * how to fix it; or, with escalation on for that resource, it is resubmitted asking for the last request times
     * the factor, up to the cap, within its resubmissions (in pull mode as a job of its own: the pull workers keep
     * the site's request).
     */
    public static Verdict decide(Facts f, Limits l, Resources r) {
        if (!f.hasResult() && f.state() == JobState.FINISHED && TaskTimedOut.isNote(f.exitNote())) {
            // the task past its time limit is saved as failed: the chunk runs again at once for the tasks after it
            return resubmitOrFail(f.job() + " " + f.exitNote().strip(), false, l);
        }
        if (!f.hasResult() && f.state() == JobState.FINISHED) {
            ResourceKill kill = ResourceVerdicts.killOf(f, r);
            if (kill != null) {
                return ResourceVerdicts.killed(kill, f, l, r);
            }
        }
        return decide(f, l);
    }

    /**
     * Whether the verdict needs the queue's explanation (a {@code qacct} call): only a job in error or ended; one the
     * queue ended for a limit of its own (Slurm's TIMEOUT) even with the worker's note of the SIGTERM that ended it,
     * as the queue's record says what the job used.
     */
    public static boolean needsExplanation(Facts f, Limits l) {
        if (!f.hasResult() && f.state() == JobState.FINISHED && f.finalEnd()) {
            return true;
        }
        if (f.hasResult() || f.exitNote() != null || stoppedItself(f.exitCode())) { // incl. a storage failure
            return false;
        }
        return switch (f.state()) {
            case ERROR -> true;
            case FINISHED -> signal(f.exitCode()) || !f.goneFor().minus(resultWait(f, l)).isNegative();
            default -> false;
        };
    }

    /** The verdict on a chunk from the facts about its queue-job. */
    public static Verdict decide(Facts f, Limits l) {
        if (f.hasResult()) {
            // in error with a result: its worker was done, so only the job is left to clear
            return f.state() == JobState.ERROR ? Verdict.DONE_DELETE : Verdict.DONE;
        }
        switch (f.state()) {
            case PENDING -> {
                if (pendingPastLimit(f.pendingFor(), l.maxPending())) {
                    return new Verdict(Action.FAIL, true, pendingTooLong(f.job(), f.queueState(), l.maxPending()));
                }
                return Verdict.WAIT;
            }
            case RUNNING -> {
                return Verdict.WAIT;
            }
            case ERROR -> {
                return resubmitOrFail(inError(f.job(), f.queueState(), f.explanation()), true, l);
            }
            default -> {
                return ended(f, l);
            }
        }
    }

    /**
     * A job gone without the chunk's result. A worker that stopped itself (its exit note, or an exit code up to 128)
     * failed for good: running it again would fail again. A worker stopped from outside (its note says SIGTERM:
     * scancel, preemption, a drain) is not the task's fault: its chunk runs again at once, for its missing tasks. A worker killed by a signal, or a job that just vanished,
     * may have met a passing fault (a node lost, the OOM killer), so the chunk runs again, counted against the
     * limit, after a grace period in which shared storage may still show the result (not for a signal: no result
     * will come).
     */
    private static Verdict ended(Facts f, Limits l) {
        String ran = f.pull() ? " before finishing it" : " without writing a result";
        boolean storage = f.exitNote() != null ? StorageFailure.isStorageNote(f.exitNote())
                : f.exitCode() != null && f.exitCode() == StorageFailure.EXIT_CODE;
        if (storage) {
            // a full disk or quota may be freed: run it again after a while, within its resubmissions
            if (f.goneFor().compareTo(l.grace()) < 0) {
                return Verdict.WAIT;
            }
            String note = f.exitNote() != null ? f.exitNote().strip() : f.job() + " could not write to the work dir"
                    + " (exit code " + f.exitCode() + ": no space left, a quota exceeded or an I/O error; not even its"
                    + " exit note could be written); see " + f.stderr();
            return resubmitOrFail(note, false, l);
        }
        if (StoppedFromOutside.isStopNote(f.exitNote())) {
            String what = f.job() + " " + f.exitNote().strip();
            // a time or memory limit also ends a job with SIGTERM (Slurm's TIMEOUT): still a verdict on the job
            return f.finalEnd() ? finalEnd(what, f, l) : resubmitOrFail(what, false, l);
        }
        if (f.exitNote() != null || stoppedItself(f.exitCode())) {
            String note = f.exitNote() == null ? "" : f.exitNote().strip();
            String exit = f.exitCode() == null ? "" : " with exit code " + f.exitCode();
            return new Verdict(Action.FAIL, false, (note.isEmpty() ? "the worker" : note + "; it") + " ended" + exit
                    + " without writing a result; see " + f.stderr());
        }
        boolean signal = signal(f.exitCode());
        if (!signal && f.goneFor().compareTo(resultWait(f, l)) < 0) {
            return Verdict.WAIT;
        }
        String how = signal ? "was killed by signal " + (f.exitCode() - 128) + " (exit code " + f.exitCode() + ")"
                : f.exitCode() != null ? "ended with exit code " + f.exitCode() + ran
                : "left the queue" + ran;
        String what = f.job() + " " + how + (signal && f.pull() ? ran : "") + explained(f);
        if (f.finalEnd()) {
            return finalEnd(what, f, l);
        }
        return resubmitOrFail(what, false, l);
    }

    private static Verdict finalEnd(String what, Facts f, Limits l) {
        return new Verdict(Action.FAIL, false, what + "; the " + l.queueName() + " queue ended it in state '"
                + f.queueState() + "', which running it again would meet again (raise the job's limits instead)");
    }

    private static Verdict resubmitOrFail(String what, boolean delete, Limits l) {
        if (l.resubmissions() < l.maxResubmissions()) {
            return new Verdict(Action.RESUBMIT, delete, what);
        }
        return new Verdict(Action.FAIL, delete, what + "; no resubmission left (" + l.resubmissions() + " done;"
                + " raise maxResubmissions to allow more)");
    }

    /** A chunk to run again for a reason of its own (e.g. its result file is unusable): again, or fail at the limit. */
    public static Verdict rerun(String what, Limits l) {
        return resubmitOrFail(what, false, l);
    }

    /** The notice for a chunk that runs again: {@code by} names what runs it now. */
    public static String resubmitted(int ichunk, String reason, String by, int resubmission, int max) {
        return "chunk " + ichunk + ": " + reason + "; " + by + " (resubmission " + resubmission + " of at most " + max
                + ")";
    }

    /**
     * Pull mode: the verdict on workers that keep ending before their first claim (a bad java, classpath or JVM
     * option): after {@link EngineSettings#MAX_WORKER_START_FAILURES} in a row the map fails with the last one's
     * stderr, instead of submitting workers for ever. Null: submit another.
     */
    public static String workersCannotStart(int failuresInARow, String lastJob, Integer exitCode, String stderrTail,
            String stderrFile) {
        if (failuresInARow < EngineSettings.MAX_WORKER_START_FAILURES) {
            return null;
        }
        return "the workers cannot start: " + failuresInARow + " in a row ended before taking a chunk, the last ("
                + lastJob + ")" + (exitCode == null ? "" : " with exit code " + exitCode) + "; its stderr ("
                + stderrFile + ")" + (stderrTail.isBlank() ? " is empty" : " ends:\n" + stderrTail.strip())
                // the worker's own words say what to do; without them the JVM itself did not start
                + (stderrTail.contains("qmr worker: ") ? "" : "\nCheck the workers' java, classpath and JVM options");
    }

    private static String explained(Facts f) {
        return explained(f.explanation());
    }

    private static String explained(String explanation) {
        return explanation == null || explanation.isBlank() ? "" : " (" + oneLine(explanation) + ")";
    }

    /**
     * The words for a running worker whose heartbeat was seen unchanged for longer than {@code heartbeatTimeout}
     * (see {@link Liveness}): {@code beat} is the heartbeat's last content ({@code host pid count}), "" if it never
     * beat; {@code startAllowance} what it was given on top of the bound for not having beaten yet (zero for none);
     * {@code deleted} says what became of its queue-job.
     */
    public static String silentWorker(String job, String beat, Duration silentFor, Duration bound,
            Duration startAllowance, String deleted) {
        String[] parts = beat == null ? new String[0] : beat.strip().split(" ");
        if (parts.length < 2) {
            String allowance = startAllowance.isZero() ? ""
                    : " plus " + seconds(startAllowance) + " s for a worker to start";
            return job + " started but sent no heartbeat for " + seconds(silentFor) + " s, more than heartbeatTimeout ("
                    + seconds(bound) + " s)" + allowance + " (its host is unknown): it hangs, was stopped, or lost its"
                    + " node; " + deleted;
        }
        return job + " on host " + parts[0] + " (pid " + parts[1] + ") sent no heartbeat for " + seconds(silentFor)
                + " s, more than heartbeatTimeout (" + seconds(bound) + " s): it hangs, was stopped, or lost its node; "
                + deleted;
    }

    /** {@code 5}, {@code 5.3}: seconds to a tenth, without a trailing {@code .0}. */
    private static String seconds(Duration d) {
        long tenths = d.toMillis() / 100;
        return tenths % 10 == 0 ? Long.toString(tenths / 10) : tenths / 10 + "." + tenths % 10;
    }

    /**
     * A pull worker's queue-job waiting in the queue for {@code pendingFor}: the words to delete it with once that is
     * longer than {@code maxPending} (null: no limit), by the rule {@link #decide} applies to a chunk's job; else null.
     */
    public static String workerPendingTooLong(String job, String queueState, Duration pendingFor,
            Duration maxPending) {
        return pendingPastLimit(pendingFor, maxPending) ? pendingTooLong(job, queueState, maxPending) : null;
    }

    private static boolean pendingPastLimit(Duration pendingFor, Duration maxPending) {
        return maxPending != null && pendingFor.compareTo(maxPending) > 0;
    }

    /** The words for a job deleted after waiting longer than {@code maxPendingTime}. */
    static String pendingTooLong(String job, String queueState, Duration limit) {
        return job + " was still pending (state '" + queueState + "') after " + limit.toSeconds() + " s, the limit"
                + " set with maxPendingTime; deleted it. The queue may lack what the job asks for (check its resources"
                + " and queue), or be full";
    }

    /** The words for a job the queue holds in an error state, with what the queue says about it. */
    static String inError(String job, String queueState, String explanation) {
        return job + " was in error state '" + queueState + "'" + explained(explanation);
    }

    /** Text of several lines (a command's output) as one line of a message. */
    static String oneLine(String text) {
        return text.strip().replace("\n", "; ");
    }

    /** {@link #oneLine}, cut at 300 characters: for a notice that must stay one readable line. */
    static String brief(String text) {
        String line = oneLine(text);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    /**
     * How long a job gone without a result is waited for before it counts as lost: {@code resultGracePeriod}, or, for a
     * worker that exited 0 (which it does only after its result is written, so the result is on its way through the
     * shared file system's caches), at least {@link #ENDED_WELL_WAIT}.
     */
    static Duration resultWait(Facts f, Limits l) {
        boolean endedWell = f.exitCode() != null && f.exitCode() == 0;
        return endedWell && l.grace().compareTo(ENDED_WELL_WAIT) < 0 ? ENDED_WELL_WAIT : l.grace();
    }

    /** Twice NFS's longest default attribute cache (acdirmax, 60 s): how late a written file can show elsewhere. */
    static final Duration ENDED_WELL_WAIT = Duration.ofMinutes(2);

    private static boolean stoppedItself(Integer exitCode) {
        return exitCode != null && exitCode != 0 && exitCode <= 128;
    }

    private static boolean signal(Integer exitCode) {
        return exitCode != null && exitCode > 128;
    }
}
