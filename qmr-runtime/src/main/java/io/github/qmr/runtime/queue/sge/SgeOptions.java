package io.github.qmr.runtime.queue.sge;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Site-specific qsub options added to every job qmr submits.
 *
 * @param queue the cluster queue ({@code -q}), or {@code null} to let SGE choose
 * @param resources resource requests in order ({@code -l name=value} each), e.g. {@code h_vmem=4G}, {@code h_rt=1:00:00}
 * @param parallelEnv the parallel environment ({@code -pe name slots}), or {@code null} for a one-slot job
 * @param slots slots requested from {@code parallelEnv}; ignored without one
 * @param project the project ({@code -P}), or {@code null}
 * @param extraArgs further qsub arguments, passed as they are, before the script
 * @param maxArraySize the most tasks qmr puts in one array job (0: no arrays); at most the cluster's
 *     {@code max_aj_tasks} ({@code qconf -sconf}), 75000 by default
 * @param maxRunningTasks the most tasks of one array job running at once ({@code -tc}); 0 for no limit
 */
public record SgeOptions(String queue, Map<String, String> resources, String parallelEnv, int slots, String project,
        List<String> extraArgs, int maxArraySize, int maxRunningTasks) {
    /** SGE's default {@code max_aj_tasks}: qsub rejects larger arrays unless the admin raised it. */
    public static final int SGE_MAX_AJ_TASKS = 75_000;

    /**
     * No queue, resources, parallel environment, project or extra arguments: SGE's own defaults; arrays of up to
     * {@link #SGE_MAX_AJ_TASKS} tasks with no limit on how many run at once.
     */
    public static final SgeOptions DEFAULTS =
            new SgeOptions(null, Map.of(), null, 1, null, List.of(), SGE_MAX_AJ_TASKS, 0);

    public SgeOptions {
        // a LinkedHashMap copy, because the order of -l options is what the user wrote and shows in messages
        resources = Collections.unmodifiableMap(new LinkedHashMap<>(resources));
        extraArgs = List.copyOf(extraArgs);
        for (String name : resources.keySet()) {
            if (name.isBlank() || name.contains("=") || name.contains(",") || name.contains(" ")) {
                throw new IllegalArgumentException("SGE resource name '" + name
                        + "' is not a name; write resources as name=value pairs, e.g. h_vmem=4G");
            }
        }
        if (maxArraySize < 0 || maxRunningTasks < 0) {
            throw new IllegalArgumentException("maxArraySize and maxRunningTasks must be 0 or more, got "
                    + maxArraySize + " and " + maxRunningTasks);
        }
        if (parallelEnv != null && slots < 1) {
            throw new IllegalArgumentException("slots of parallel environment " + parallelEnv
                    + " must be at least 1, got " + slots);
        }
    }
}
