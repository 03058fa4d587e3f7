package io.github.qmr.runtime.queue;

import io.github.qmr.runtime.process.CommandRunner;
import io.github.qmr.runtime.process.Commands;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One queue flavour as a unit, as the registry ({@code queue.flavours.QueueFlavours}) lists it: its fixed facts, how
 * auto-detection tells its programs from another scheduler's of the same name, the queue built from the settings,
 * and how it writes a walltime. What it says on the command line is its {@link QueueDialect}; the resource mapping
 * (a {@link Request} into its own options) is {@link QueueDialect#withRequest}.
 */
public interface QueueFlavour {
    /** The flavour's names, programs, id form, words and the launcher's job lines. */
    Flavour facts();

    /** The short name the goal's {@code <queue>} and {@link BatchQueue#name()} use, e.g. {@code sge}. */
    default String name() {
        return facts().name();
    }

    /**
     * Whether the programs {@code tools} name are this flavour's, e.g. that a {@code qsub} on PATH is Grid Engine's
     * and not PBS's; it may run a program's help or version through {@code commands}. Auto-detection takes the first
     * flavour of the registry that is found.
     */
    Detection detect(QueueTools tools, String pathEnv, Commands commands);

    /**
     * What {@link #detect} found.
     *
     * @param found whether the programs are this flavour's
     * @param words for a log: {@code qsub is /usr/bin/qsub}, or why not, e.g. {@code no qsub on PATH}
     */
    record Detection(boolean found, String words) {}

    /**
     * The dialect submitting with the site's settings.
     *
     * @throws IllegalArgumentException if a setting is not one this flavour takes, in words naming it
     */
    QueueDialect dialect(Settings settings);

    /** The queue that runs the dialect's commands with the configured programs. */
    default BatchQueue queue(Settings settings) {
        return new CommandLineQueue(dialect(settings), tools(settings), QueueTiming.DEFAULTS, new CommandRunner());
    }

    /** The flavour's programs as configured: each of {@link Flavour#programs()} from the settings, else its name. */
    default QueueTools tools(Settings settings) {
        Map<String, String> programs = new LinkedHashMap<>();
        for (String name : facts().programs()) {
            programs.put(name, settings.programs().getOrDefault(name, name));
        }
        return new QueueTools(programs);
    }

    /**
     * The site settings this flavour's queue is built from, for a provenance record: the parts it reads, under the
     * names its users set them with. By default its resources and its submit program (the first of
     * {@link Flavour#programs()}), e.g. {@code {resources: {mem: 2G}, sbatch: sbatch}}.
     */
    default Map<String, Object> record(Settings settings) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("resources", new LinkedHashMap<Object, Object>(settings.resources()));
        String submit = facts().programs().get(0);
        record.put(submit, tools(settings).program(submit));
        return record;
    }

    /** A walltime as this flavour's users write it (SGE's {@code h_rt}, Slurm's {@code --time}); null if unreadable. */
    Duration walltime(String value);

    /**
     * The site settings a flavour's queue is built from; a flavour reads the parts that apply to it.
     *
     * @param programs the configured program (a name on PATH or a path) by program name, of any flavour
     * @param resources the site's resource requests by name, in the flavour's own words (e.g. {@code h_vmem} on SGE,
     *     {@code mem} on Slurm)
     * @param siteQueue the site's queue, where the flavour has one (SGE's {@code -q}), or null
     * @param parallelEnv the parallel environment giving a job several slots (SGE's {@code -pe}), or null
     */
    record Settings(Map<String, String> programs, Map<String, String> resources, String siteQueue,
            String parallelEnv) {
        public Settings {
            Map<String, String> given = new LinkedHashMap<>();
            programs.forEach((name, program) -> {
                if (program != null && !program.isBlank()) {
                    given.put(name, program.strip());
                }
            });
            programs = java.util.Collections.unmodifiableMap(given);
            resources = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(resources));
            siteQueue = siteQueue == null || siteQueue.isBlank() ? null : siteQueue.strip();
            parallelEnv = parallelEnv == null || parallelEnv.isBlank() ? null : parallelEnv.strip();
        }

        /** Every program on PATH, no resources, the site's defaults. */
        public static final Settings DEFAULTS = new Settings(Map.of(), Map.of(), null, null);
    }
}
