package io.github.qmr.maven;

import io.github.qmr.runtime.Limits;
import io.github.qmr.runtime.SettingException;
import io.github.qmr.runtime.policy.FailurePolicy;

/**
 * When failed tasks fail the build, and when they stop the map early: the goal's own settings, beside the runtime's
 * {@link Limits} (which stop the map, not the build).
 *
 * @param maxFailedTasks the build fails when more tasks than this failed (0: any); the map runs on regardless
 * @param failFast the map stops at the first failed task
 * @param stopOnSystematicFailure the map stops early when its failures look systematic
 */
record BuildThreshold(int maxFailedTasks, boolean failFast, boolean stopOnSystematicFailure) {
    /** Every default: any failed task fails the build; the map stops early only for a systematic failure. */
    static final BuildThreshold DEFAULTS = new BuildThreshold(0, false, true);

    BuildThreshold {
        if (maxFailedTasks < 0) {
            throw new SettingException("maxFailedTasks", "must be 0 or more, got " + maxFailedTasks,
                    "0 fails the build on any failed task");
        }
    }

    /**
     * The runtime's limits with the map's stops this goal decides: at the first failure with {@code failFast}, else
     * never by a count (the build's threshold is decided at the end, on every task's result), and for a systematic
     * failure as set.
     */
    Limits applyTo(Limits limits) {
        return limits.withMaxFailedTasks(failFast ? 0L : null).withStopOnSystematicFailure(stopOnSystematicFailure);
    }

    /** The rule the build's end is decided by, once every task is in. */
    FailurePolicy.Rule rule() {
        return new FailurePolicy.Rule(-1, stopOnSystematicFailure, maxFailedTasks);
    }

    /**
     * How to get past a failed map: fix the function, or accept failed tasks; after a stop, what let it stop. Only
     * <failFast> or a systematic failure stop the plugin's map, and <failFast> stops first (at 1 failure, the
     * systematic rule needs 10).
     */
    String fix(boolean stopped) {
        String fix = "Fix the function, or set <maxFailedTasks> (-Dqmr.maxFailedTasks) to accept failed tasks";
        if (stopped && failFast) {
            fix += "; without <failFast> (-Dqmr.failFast) the map runs on after a failed task";
        } else if (stopped) {
            fix += "; <stopOnSystematicFailure>false</stopOnSystematicFailure> (-Dqmr.stopOnSystematicFailure=false)"
                    + " runs every task however many fail";
        }
        return fix;
    }
}
