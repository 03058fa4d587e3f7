package io.github.qmr.runtime.queue.sge;

import io.github.qmr.runtime.queue.Request;
import io.github.qmr.runtime.queue.RequestConflict;
import java.util.ArrayList;
import java.util.List;

/** The resource mapping of Grid Engine: a map's {@link Request} as qsub options, pure. */
public final class SgeRequests {
    private SgeRequests() {}

    /**
     * The map's structured request merged into the site options, pure: memory is {@code -l h_vmem} (which SGE counts
     * per slot), walltime {@code -l h_rt}, cpus the slots of the site's parallel environment ({@code -pe NAME N}; one
     * cpu needs none), partition the cluster queue ({@code -q}), account the project ({@code -P}); the submit
     * arguments follow the site's extra arguments.
     *
     * @throws RequestConflict if a part is also set in the site options, or cannot be expressed
     */
    public static SgeOptions requested(SgeOptions site, Request request) {
        if (request.isEmpty()) {
            return site;
        }
        java.util.Map<String, String> resources = new java.util.LinkedHashMap<>(site.resources());
        if (request.memoryBytes() != null) {
            both("memory", resources, "h_vmem", "s_vmem");
            if (request.memoryBytes() < SgeMemory.MIN_LIMIT) {
                throw new RequestConflict("memory", "is " + Request.mebibytes(request.memoryBytes()) + ", too little"
                        + " for a worker JVM on SGE (h_vmem limits its address space, and a JVM reserves about 512M"
                        + " besides its heap)", "request at least 768M");
            }
            resources.put("h_vmem", Request.mebibytes(request.memoryBytes()));
        }
        if (request.walltime() != null) {
            both("walltime", resources, "h_rt", "s_rt");
            resources.put("h_rt", Request.hms(request.walltime()));
        }
        int slots = site.slots();
        if (request.cpus() != null) {
            if (site.parallelEnv() == null && request.cpus() > 1) {
                throw new RequestConflict("cpus", "is " + request.cpus() + ", but SGE gives a job more than one slot"
                        + " only through a parallel environment, and none is set", "name the site's, e.g. smp, in"
                        + " SgeOptions.parallelEnv (the goal's <sgeParallelEnv>); qconf -spl lists them");
            }
            if (site.parallelEnv() != null && site.slots() != 1 && site.slots() != request.cpus()) {
                throw new RequestConflict("cpus", "and the slots of the SGE parallel environment (-pe "
                        + site.parallelEnv() + " " + site.slots() + ") are both set", "keep one");
            }
            slots = request.cpus();
        }
        String queue = site.queue();
        if (request.partition() != null) {
            if (queue != null) {
                throw new RequestConflict("partition", "and the SGE queue (-q " + queue + ", the goal's <sgeQueue>)"
                        + " are both set", "keep one");
            }
            queue = request.partition();
        }
        String project = site.project();
        if (request.account() != null) {
            if (project != null) {
                throw new RequestConflict("account", "and the SGE project (-P " + project + ") are both set",
                        "keep one");
            }
            project = request.account();
        }
        List<String> extra = new ArrayList<>(site.extraArgs());
        extra.addAll(request.extraArgs());
        return new SgeOptions(queue, resources, site.parallelEnv(), slots, project, extra, site.maxArraySize(),
                site.maxRunningTasks());
    }

    private static void both(String setting, java.util.Map<String, String> resources, String... names) {
        for (String name : names) {
            if (resources.containsKey(name)) {
                throw new RequestConflict(setting, "and " + name + "=" + resources.get(name) + " of the SGE resources"
                        + " (the goal's <resources>, or SgeOptions.resources) are both set", "keep one");
            }
        }
    }

    /** The site options with an attempt's own requests in place of their {@code h_vmem} and {@code h_rt}. */
    static SgeOptions attempt(SgeOptions options, Request request) {
        if (request.memoryBytes() == null && request.walltime() == null) {
            return options;
        }
        java.util.Map<String, String> resources = new java.util.LinkedHashMap<>(options.resources());
        if (request.memoryBytes() != null) {
            resources.put("h_vmem", Request.mebibytes(request.memoryBytes()));
        }
        if (request.walltime() != null) {
            resources.put("h_rt", Request.hms(request.walltime()));
        }
        return new SgeOptions(options.queue(), resources, options.parallelEnv(), options.slots(), options.project(),
                options.extraArgs(), options.maxArraySize(), options.maxRunningTasks());
    }
}
