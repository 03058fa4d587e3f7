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
 */
public record SgeOptions(String queue, Map<String, String> resources, String parallelEnv, int slots, String project,
        List<String> extraArgs) {
    /** No queue, resources, parallel environment, project or extra arguments: SGE's own defaults. */
    public static final SgeOptions DEFAULTS = new SgeOptions(null, Map.of(), null, 1, null, List.of());

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
        if (parallelEnv != null && slots < 1) {
            throw new IllegalArgumentException("slots of parallel environment " + parallelEnv
                    + " must be at least 1, got " + slots);
        }
    }
}
