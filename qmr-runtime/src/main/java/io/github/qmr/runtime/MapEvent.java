package io.github.qmr.runtime;

import java.time.Duration;
import java.time.Instant;

/** What a running map reports to its {@link MapListener}. The engine never logs; the host decides where events go. */
public sealed interface MapEvent {
    /**
     * Chunk and task counts, sent whenever they change.
     *
     * @param sessionId the session
     * @param chunks all chunks
     * @param pending submitted, waiting for a slot
     * @param running running on a worker
     * @param done finished with results (reused ones included)
     * @param failed finished without results (not counting those not run)
     * @param elapsed since the map started
     * @param reused chunks whose results an earlier session of the same map left (done before this one started)
     * @param tasks all tasks
     * @param tasksDone tasks in done chunks
     * @param notRun chunks never run because the map stopped early
     */
    record Progress(String sessionId, int chunks, int pending, int running, int done, int failed, Duration elapsed,
            int reused, long tasks, long tasksDone, int notRun) implements MapEvent {
        /** Without chunks not run. */
        public Progress(String sessionId, int chunks, int pending, int running, int done, int failed,
                Duration elapsed, int reused, long tasks, long tasksDone) {
            this(sessionId, chunks, pending, running, done, failed, elapsed, reused, tasks, tasksDone, 0);
        }

        /** Chunk counts only (no reuse, tasks unknown). */
        public Progress(String sessionId, int chunks, int pending, int running, int done, int failed,
                Duration elapsed) {
            this(sessionId, chunks, pending, running, done, failed, elapsed, 0, -1, -1);
        }

        @Override
        public String toString() {
            return String.format("%s: %d/%d chunks done, %d running, %d pending, %d failed%s (%ds)", sessionId, done,
                    chunks, running, pending, failed, notRun > 0 ? ", " + notRun + " not run" : "",
                    elapsed.toSeconds());
        }
    }

    /**
     * Something worth a line in a log: a resubmission, a kept work dir, a session starting.
     *
     * @param warning true when the user may need to act
     * @param text the message
     */
    record Notice(boolean warning, String text) implements MapEvent {
        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * A chunk is run again: its queue-job was in an error state, died, or vanished, and was deleted and submitted
     * anew. Emitted once per new attempt, before it is submitted.
     *
     * @param sessionId the session
     * @param ichunk the chunk
     * @param attempt the attempt now starting: 2 for the first resubmission (the first run is attempt 1)
     * @param jobId the queue-job of the attempt that failed (null if it had none)
     * @param reason why, in words (the job's state, exit code or the queue's reason)
     */
    record ChunkResubmitted(String sessionId, int ichunk, int attempt, String jobId, String reason)
            implements MapEvent {
        @Override
        public String toString() {
            return sessionId + ": chunk " + ichunk + " resubmitted (attempt " + attempt + "), job " + jobId + ": "
                    + reason;
        }
    }

    /**
     * A queue-job was submitted (an array job's elements each count as one, with their own ids).
     *
     * @param sessionId the session
     * @param jobId the id the queue gave it
     * @param at when the submission returned, on the process node's clock
     */
    record JobSubmitted(String sessionId, String jobId, Instant at) implements MapEvent {
        @Override
        public String toString() {
            return sessionId + ": job " + jobId + " submitted at " + at;
        }
    }

    /**
     * What the scheduler's own accounting recorded of a queue-job of the map (SGE {@code qacct}, Slurm {@code sacct}),
     * asked once for all jobs at the map's end; none where the queue keeps no accounting it can ask (the local queue,
     * Slurm without slurmdbd). Beside the worker's own measures in {@link TaskRun}, never in their place.
     *
     * @param sessionId the session
     * @param jobId the job
     * @param cpu the job's CPU time (SGE {@code cpu}, Slurm {@code TotalCPU}); null if not recorded
     * @param memoryBytes the job's peak memory as the scheduler measures it (SGE {@code maxvmem}, virtual memory;
     *     Slurm {@code MaxRSS}, resident); null if not recorded
     * @param source which figures these are, e.g. {@code qacct cpu, maxvmem}
     */
    record JobUsage(String sessionId, String jobId, java.time.Duration cpu, Long memoryBytes, String source)
            implements MapEvent {
        @Override
        public String toString() {
            return sessionId + ": job " + jobId + " used" + (cpu == null ? "" : " cpu " + cpu.toMillis() / 1000.0
                    + " s") + (memoryBytes == null ? "" : " memory " + (memoryBytes >> 20) + " MiB") + " (" + source
                    + ")";
        }
    }

    /**
     * A queue-job was seen to end (left the queue, or was deleted), by the monitor's poll.
     *
     * @param sessionId the session
     * @param jobId the job
     * @param at when the monitor saw it gone, on the process node's clock
     */
    record JobEnded(String sessionId, String jobId, Instant at) implements MapEvent {
        @Override
        public String toString() {
            return sessionId + ": job " + jobId + " ended at " + at;
        }
    }
}
