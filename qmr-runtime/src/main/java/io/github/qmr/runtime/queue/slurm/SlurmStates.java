package io.github.qmr.runtime.queue.slurm;

import io.github.qmr.runtime.queue.JobState;
import java.util.Map;
import java.util.Set;

/** Slurm's job states (squeue's {@code State}, sacct's first word) as qmr's, and its wait statuses; pure. */
public final class SlurmStates {
    /**
     * qmr's state for each Slurm job state (squeue's {@code State}, sacct's first word). Slurm's own base states and
     * flags, 22.05. A state not in the table is PENDING, so an unknown state never ends a job early; a job that
     * really ended leaves squeue after MinJobAge and the result file decides.
     */
    static final Map<String, JobState> STATES = Map.ofEntries(
            // waiting: queued, or held/suspended until someone acts, as SGE's hqw and s are PENDING
            Map.entry("PENDING", JobState.PENDING),
            Map.entry("REQUEUED", JobState.PENDING), // Slurm runs it again by itself
            Map.entry("REQUEUE_FED", JobState.PENDING),
            Map.entry("REQUEUE_HOLD", JobState.PENDING), // on its way to a deliberate hold (scontrol requeuehold)
            Map.entry("RESV_DEL_HOLD", JobState.PENDING),
            Map.entry("SUSPENDED", JobState.PENDING),
            Map.entry("STOPPED", JobState.PENDING),
            Map.entry("REVOKED", JobState.PENDING), // federation: a sibling cluster runs it; the result file decides
            // holding a node: running, starting, or still exiting (the result file may already be complete)
            Map.entry("RUNNING", JobState.RUNNING),
            Map.entry("CONFIGURING", JobState.RUNNING),
            Map.entry("COMPLETING", JobState.RUNNING),
            Map.entry("SIGNALING", JobState.RUNNING),
            Map.entry("STAGE_OUT", JobState.RUNNING),
            Map.entry("RESIZING", JobState.RUNNING),
            // the queue failed the job, not the worker: running it again can succeed, so qmr cancels and resubmits
            Map.entry("SPECIAL_EXIT", JobState.ERROR), // held after a RequeueExitHold exit code, like SGE's Eqw
            Map.entry("NODE_FAIL", JobState.ERROR),
            Map.entry("BOOT_FAIL", JobState.ERROR),
            Map.entry("PREEMPTED", JobState.ERROR), // preempted and not requeued by Slurm
            // ended: the exit code tells how; the same request would end the same way, so no resubmission
            Map.entry("COMPLETED", JobState.FINISHED),
            Map.entry("FAILED", JobState.FINISHED), // non-zero exit, a signal, or a launch failure
            Map.entry("CANCELLED", JobState.FINISHED), // by a user or admin, as a qdel'ed SGE job
            Map.entry("TIMEOUT", JobState.FINISHED),
            Map.entry("OUT_OF_MEMORY", JobState.FINISHED),
            Map.entry("DEADLINE", JobState.FINISHED));

    /** States after which Slurm does nothing more with the job (squeue lists it until MinJobAge passes). */
    private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT",
            "OUT_OF_MEMORY", "DEADLINE", "NODE_FAIL", "BOOT_FAIL", "PREEMPTED", "REVOKED");

    private SlurmStates() {}

    /**
     * qmr's state for a Slurm state; see {@link #STATES} for the table and why. Reads squeue's {@code CANCELLED}
     * and sacct's {@code CANCELLED by 0} alike; unknown states are PENDING.
     */
    public static JobState stateOf(String slurmState) {
        return STATES.getOrDefault(baseState(slurmState), JobState.PENDING);
    }

    /** Whether Slurm is done with a job in this state: it will not run, and scancel has nothing left to do. */
    public static boolean isTerminal(String slurmState) {
        return TERMINAL.contains(baseState(slurmState));
    }

    private static String baseState(String slurmState) {
        String s = slurmState.strip();
        int space = s.indexOf(' ');
        return space < 0 ? s : s.substring(0, space);
    }

    /**
     * The exit code a raw wait status (squeue's {@code exit_code}) stands for: the exit status ({@code 768} is exit
     * 3), or {@code 128 + signal} for a job ended by a signal ({@code 9} is 137), as a shell reports it.
     */
    public static int exitCode(int waitStatus) {
        int signal = waitStatus & 0x7f;
        return signal == 0 ? (waitStatus >> 8) & 0xff : 128 + signal;
    }
}
