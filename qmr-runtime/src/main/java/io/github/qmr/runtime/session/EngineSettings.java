package io.github.qmr.runtime.session;

import io.github.qmr.runtime.policy.FailurePolicy;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The engine's settings for one session, fixed when the pool is built.
 *
 * @param pull pull mode: a few workers claim chunks from the work dir; else one queue-job (or array element) per chunk
 * @param maxWorkers pull mode: at most this many workers in the queue at once
 * @param workerTimeBudget pull mode: a worker takes no chunk after this long (a replacement is submitted while chunks
 *     remain), so no job holds a slot much longer than this plus one chunk; null: no budget
 * @param walltime the jobs' walltime limit (h_rt, --time) if the queue knows it, else null
 * @param jobArrays submit as array jobs where the queue has them
 * @param maxResubmissions how often a chunk may run again after its job failed
 * @param pollInterval time between two polls
 * @param resultGracePeriod how long a job may be gone before its missing result counts
 * @param maxPendingTime how long a job may wait in the queue; null: no limit
 * @param workerWorkingDir the workers' working directory
 * @param outageTolerance how long the queue may fail to answer before the map stops
 * @param failures when failed tasks stop the map early (see {@link FailurePolicy})
 * @param escalate how a chunk killed for memory or time asks for more; {@link Verdicts.Escalate#OFF}: it fails
 * @param heartbeatTimeout a running worker whose heartbeat is seen unchanged for longer than this is lost
 */
public record EngineSettings(boolean pull, int maxWorkers, Duration workerTimeBudget, Duration walltime,
        boolean jobArrays, int maxResubmissions, Duration pollInterval, Duration resultGracePeriod,
        Duration maxPendingTime, Path workerWorkingDir, Duration outageTolerance, FailurePolicy.Rule failures,
        Verdicts.Escalate escalate, Duration heartbeatTimeout) {
    /** Consecutive pull-mode workers that ended before their first claim after which the map fails. */
    public static final int MAX_WORKER_START_FAILURES = 3;
}
