package io.github.qmr.runtime;

import java.time.Duration;
import java.util.function.Function;

/**
 * When a map gives up on a job, a chunk or itself. Immutable; {@link #DEFAULTS} holds every default, the constructor
 * every range check, and {@link #fromText} the text form.
 *
 * @param maxResubmissions how often a queue-job in an error state (or a pull worker that died in a chunk) is run
 *     again before its chunk fails
 * @param maxPendingTime a queue-job still waiting in the queue after this fails its chunk and is deleted; null: no
 *     limit
 * @param outageTolerance how long the queue's commands may fail before the map stops; meanwhile results are taken
 * @param maxFailedTasks the map stops once more tasks than this failed (0: at the first); null: it runs every task
 * @param resultGracePeriod how long a job may be gone from the queue before its missing result counts (shared storage
 *     can show a file late)
 * @param stopOnSystematicFailure the map stops early when its failures look systematic (see
 *     {@code policy.FailurePolicy}: the first 10 tasks to finish all failed, or more than half of 50 or more)
 * @param taskTimeLimit a task running longer is stopped and fails, and the worker goes on with the next (see
 *     {@code workdir.TaskTimedOut}); null: no limit
 * @param heartbeatTimeout a running worker whose heartbeat file the process node sees unchanged for longer than this
 *     is taken as lost (hung, stopped, or its node gone): its queue-job is deleted and its chunk runs again, counted
 *     against {@code maxResubmissions}. It must exceed the shared file system's cache time (a change can show that
 *     late) plus an eighth of itself (the worker's interval), and long garbage-collection pauses
 */
public record Limits(int maxResubmissions, Duration maxPendingTime, Duration outageTolerance, Long maxFailedTasks,
        Duration resultGracePeriod, boolean stopOnSystematicFailure, Duration taskTimeLimit,
        Duration heartbeatTimeout) {
    private static final Duration OUTAGE = Duration.ofMinutes(5);
    /**
     * Twice the longest attribute cache of a default NFS mount (acregmax, acdirmax: 60 s), so a heartbeat is never
     * taken as silent because a cache showed it late, and far above a garbage-collection pause; a hung worker still
     * holds its chunk for minutes at most, not for ever.
     */
    private static final Duration HEARTBEAT = Duration.ofMinutes(2);
    private static final Duration MIN_HEARTBEAT = Duration.ofSeconds(1);

    /**
     * Every default: 10 resubmissions, no pending limit, 5 minutes of outage, no stop at a count of failed tasks, 10 s
     * of grace, a stop on a systematic failure, 2 minutes of heartbeat silence.
     */
    public static final Limits DEFAULTS = new Limits(10, null, OUTAGE, null, Duration.ofSeconds(10), true, null,
            HEARTBEAT);

    /** Limits without a task time limit, with the default heartbeat timeout. */
    public Limits(int maxResubmissions, Duration maxPendingTime, Duration outageTolerance, Long maxFailedTasks,
            Duration resultGracePeriod, boolean stopOnSystematicFailure) {
        this(maxResubmissions, maxPendingTime, outageTolerance, maxFailedTasks, resultGracePeriod,
                stopOnSystematicFailure, null, HEARTBEAT);
    }

    public Limits {
        if (maxResubmissions < 0) {
            throw new SettingException("maxResubmissions", "must be 0 or more, got " + maxResubmissions, null);
        }
        if (maxPendingTime != null && (maxPendingTime.isNegative() || maxPendingTime.isZero())) {
            throw new SettingException("maxPendingTime", "must be more than 0",
                    "leave it out for no limit");
        }
        if (outageTolerance == null || outageTolerance.isNegative()) {
            throw new SettingException("outageTolerance", "must be 0 or more, got " + outageTolerance,
                    "leave it out for the default of " + OUTAGE.toMinutes() + " minutes");
        }
        if (maxFailedTasks != null && maxFailedTasks < 0) {
            throw new SettingException("maxFailedTasks", "must be 0 or more, got " + maxFailedTasks,
                    "0 stops the map at the first failed task; leave it out to run every task");
        }
        if (resultGracePeriod == null || resultGracePeriod.isNegative()) {
            throw new SettingException("resultGracePeriod", "must be 0 or more, got " + resultGracePeriod, null);
        }
        if (taskTimeLimit != null && taskTimeLimit.toMillis() < 1) {
            throw new SettingException("taskTimeLimit", "must be at least 1 ms, got " + taskTimeLimit,
                    "leave it out for no limit");
        }
        if (heartbeatTimeout == null || heartbeatTimeout.compareTo(MIN_HEARTBEAT) < 0) {
            throw new SettingException("heartbeatTimeout", "must be at least 1 s, got " + heartbeatTimeout,
                    "it must exceed the shared file system's cache time; leave it out for the default of "
                            + HEARTBEAT.toMinutes() + " minutes");
        }
    }

    /**
     * Reads the settings named as this record's components ({@code maxResubmissions}, {@code maxPendingTime}
     * {@code 2h}, {@code outageTolerance} {@code 5m}, {@code maxFailedTasks}, {@code resultGracePeriod} {@code 10s},
     * {@code stopOnSystematicFailure}, {@code taskTimeLimit} {@code 30m}, {@code heartbeatTimeout} {@code 2m}) through
     * {@code text}; one not set keeps its default.
     */
    public static Limits fromText(Function<String, String> text) {
        SettingText t = SettingText.of(text);
        Limits d = DEFAULTS;
        Integer resubmissions = t.integer("maxResubmissions");
        Duration outage = t.duration("outageTolerance");
        Duration grace = t.duration("resultGracePeriod");
        Boolean systematic = t.bool("stopOnSystematicFailure");
        Duration heartbeat = t.duration("heartbeatTimeout");
        return new Limits(resubmissions == null ? d.maxResubmissions : resubmissions, t.duration("maxPendingTime"),
                outage == null ? d.outageTolerance : outage, t.number("maxFailedTasks"),
                grace == null ? d.resultGracePeriod : grace,
                systematic == null ? d.stopOnSystematicFailure : systematic, t.duration("taskTimeLimit"),
                heartbeat == null ? d.heartbeatTimeout : heartbeat);
    }

    public Limits withMaxResubmissions(int max) {
        return new Limits(max, maxPendingTime, outageTolerance, maxFailedTasks,
                resultGracePeriod, stopOnSystematicFailure, taskTimeLimit, heartbeatTimeout);
    }

    public Limits withMaxPendingTime(Duration limit) {
        return new Limits(maxResubmissions, limit, outageTolerance, maxFailedTasks,
                resultGracePeriod, stopOnSystematicFailure, taskTimeLimit, heartbeatTimeout);
    }

    public Limits withOutageTolerance(Duration tolerance) {
        return new Limits(maxResubmissions, maxPendingTime, tolerance, maxFailedTasks,
                resultGracePeriod, stopOnSystematicFailure, taskTimeLimit, heartbeatTimeout);
    }

    public Limits withMaxFailedTasks(Long max) {
        return new Limits(maxResubmissions, maxPendingTime, outageTolerance, max,
                resultGracePeriod, stopOnSystematicFailure, taskTimeLimit, heartbeatTimeout);
    }

    public Limits withResultGracePeriod(Duration grace) {
        return new Limits(maxResubmissions, maxPendingTime, outageTolerance, maxFailedTasks,
                grace, stopOnSystematicFailure, taskTimeLimit, heartbeatTimeout);
    }

    public Limits withStopOnSystematicFailure(boolean stop) {
        return new Limits(maxResubmissions, maxPendingTime, outageTolerance, maxFailedTasks, resultGracePeriod, stop,
                taskTimeLimit, heartbeatTimeout);
    }

    public Limits withTaskTimeLimit(Duration limit) {
        return new Limits(maxResubmissions, maxPendingTime, outageTolerance, maxFailedTasks, resultGracePeriod,
                stopOnSystematicFailure, limit, heartbeatTimeout);
    }

    public Limits withHeartbeatTimeout(Duration timeout) {
        return new Limits(maxResubmissions, maxPendingTime, outageTolerance, maxFailedTasks, resultGracePeriod,
                stopOnSystematicFailure, taskTimeLimit, timeout);
    }
}
