package io.github.qmr.maven;

import io.github.qmr.dummysge.DummyGridEngine;
import io.github.qmr.runtime.JobRequest;
import io.github.qmr.runtime.Queues;
import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.QueueTools;
import io.github.qmr.runtime.queue.QueueFlavour;
import io.github.qmr.runtime.queue.flavours.QueueFlavours;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The queue the goal asked for and how to reach it: {@code <queue>}, the site's resources and SGE queue, and the
 * queue's programs; {@link #queue} builds it.
 *
 * @param queue {@code auto}, {@code local}, {@code sge}, {@code slurm} or {@code dummy}
 * @param resources the flavour's resources in order, from {@code <resources>} or {@code -Dqmr.resources}
 * @param pathEnv the PATH that {@code <queue>auto</queue>} looks for qsub and sbatch in
 */
record QueueChoice(String queue, Map<String, String> resources, String sgeQueue, String sgeParallelEnv, String qsub,
        String qstat, String qdel, String qacct, String sbatch, String squeue, String scancel, String sacct,
        String pathEnv) {
    /** The queues {@code <queue>} accepts. */
    static final List<String> QUEUES = queueNames();

    /** {@code auto}, {@code local}, the registry's flavours, and {@code dummy} (qmr's fake Grid Engine). */
    private static List<String> queueNames() {
        List<String> names = new ArrayList<>(List.of("auto", "local"));
        names.addAll(QueueFlavours.standard().names());
        names.add("dummy");
        return List.copyOf(names);
    }

    /** The programs' default names, as on a cluster's PATH. */
    static QueueChoice of(String queue, Map<String, String> resources, String resourcesSpec, String sgeQueue)
            throws ConfigurationException {
        return of(queue, resources, resourcesSpec, sgeQueue, null, "qsub", "qstat", "qdel", "qacct", "sbatch",
                "squeue", "scancel", "sacct", System.getenv("PATH"));
    }

    /** Checked: a queue qmr knows, and resources given one way, each with a value. */
    static QueueChoice of(String queue, Map<String, String> resources, String resourcesSpec, String sgeQueue,
            String sgeParallelEnv, String qsub, String qstat, String qdel, String qacct, String sbatch, String squeue,
            String scancel, String sacct, String pathEnv) throws ConfigurationException {
        String kind = queue == null ? "auto" : queue.strip();
        if (!QUEUES.contains(kind)) {
            throw new ConfigurationException("queue", "<queue> '" + kind + "' is not a queue qmr knows; use one of "
                    + String.join(", ", QUEUES));
        }
        Map<String, String> declared = resources != null && !resources.isEmpty() ? new LinkedHashMap<>(resources)
                : Pairs.parse("resourcesSpec", "-Dqmr.resources", resourcesSpec, "h_vmem=4G;h_rt=1:00:00");
        for (Map.Entry<String, String> e : declared.entrySet()) {
            if (Pairs.isBlank(e.getValue())) {
                throw new ConfigurationException("resources", "<resources><" + e.getKey() + "> has no value; write"
                        + " e.g. <h_vmem>4G</h_vmem>");
            }
        }
        if (resources != null && !resources.isEmpty() && !Pairs.isBlank(resourcesSpec)) {
            throw new ConfigurationException("resources", "<resources> and -Dqmr.resources (<resourcesSpec>) are both"
                    + " set; keep one");
        }
        return new QueueChoice(kind, declared, sgeQueue, sgeParallelEnv, qsub, qstat, qdel, qacct, sbatch, squeue,
                scancel, sacct, pathEnv);
    }

    QueueChoice withQueue(String kind) {
        return new QueueChoice(kind, resources, sgeQueue, sgeParallelEnv, qsub, qstat, qdel, qacct, sbatch, squeue,
                scancel, sacct, pathEnv);
    }

    QueueChoice withPathEnv(String path) {
        return new QueueChoice(queue, resources, sgeQueue, sgeParallelEnv, qsub, qstat, qdel, qacct, sbatch, squeue,
                scancel, sacct, path);
    }

    /**
     * The queue, built by its flavour of the registry: {@code auto} is the first flavour whose programs are found
     * (SGE when {@code <qsub>} is Grid Engine's, else Slurm when {@code <sbatch>} can be found), else the embedded
     * local queue (SGE first, as the original tool; name the queue where a host has both).
     *
     * @param workDir where {@code dummy} installs the fake Grid Engine
     */
    BatchQueue queue(JobRequest jobRequest, Path workDir, BuildLog log) throws ConfigurationException {
        BatchQueue queue = flavourQueue(jobRequest, workDir, log);
        try {
            // the pool merges it again; here a part also in <resources> is refused before anything else is done
            queue.withRequest(jobRequest.toQueueRequest());
        } catch (io.github.qmr.runtime.queue.RequestConflict e) {
            throw ConfigurationException.of(new io.github.qmr.runtime.SettingException(e.setting(), e.problem(),
                    e.fix()));
        }
        return queue;
    }

    private BatchQueue flavourQueue(JobRequest jobRequest, Path workDir, BuildLog log) throws ConfigurationException {
        String kind = queue;
        Map<String, String> programs = new LinkedHashMap<>(settings().programs());
        if (kind.equals("auto")) {
            QueueFlavours.Choice choice = QueueFlavours.standard().detect(programs, pathEnv,
                    new io.github.qmr.runtime.process.CommandRunner());
            kind = choice.kind();
            log.info("<queue>auto</queue>: " + choice.why());
        }
        if (kind.equals("local")) {
            if (!resources.isEmpty() || !Pairs.isBlank(sgeQueue) || !jobRequest.isEmpty()) {
                log.warn("<resources>, <sgeQueue>, <memory>, <walltime>, <cpus>, <partition>, <account> and"
                        + " <submitArgs> apply to SGE and Slurm only; the local queue ignores them");
            }
            return Queues.local();
        }
        if (kind.equals("dummy") && QueueTools.sge(qsub, qstat, qdel, qacct).equals(QueueTools.sge())) {
            // no stand-ins named: install qmr's fake Grid Engine next to the staged classpath, reused by later runs
            DummyGridEngine dummy = DummyGridEngine.install(workDir.resolve("dummy-sge"),
                    Runtime.getRuntime().availableProcessors());
            log.info("<queue>dummy</queue>: the fake Grid Engine in " + dummy.directory() + "; inject faults with "
                    + dummy.directory().resolve("dummy-queue") + " (eqw SUFFIX N, eqw-task ID N, fail COMMAND N)");
            programs.putAll(Map.of("qsub", dummy.qsub().toString(), "qstat", dummy.qstat().toString(), "qdel",
                    dummy.qdel().toString(), "qacct", dummy.qacct().toString()));
        }
        QueueFlavour flavour = QueueFlavours.standard().named(kind.equals("dummy") ? "sge" : kind).orElseThrow();
        try {
            return flavour.queue(new QueueFlavour.Settings(programs, resources, sgeQueue, sgeParallelEnv));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("resources", e.getMessage(), e);
        }
    }

    /** The site settings as the flavours take them: every program by name, the resources, SGE's queue and PE. */
    private QueueFlavour.Settings settings() {
        Map<String, String> programs = new LinkedHashMap<>();
        programs.put("qsub", qsub);
        programs.put("qstat", qstat);
        programs.put("qdel", qdel);
        programs.put("qacct", qacct);
        programs.put("sbatch", sbatch);
        programs.put("squeue", squeue);
        programs.put("scancel", scancel);
        programs.put("sacct", sacct);
        return new QueueFlavour.Settings(programs, resources, sgeQueue, sgeParallelEnv);
    }

    /**
     * The queue's part of provenance.json: which was asked for and which ran, and how it was reached (the site
     * settings its flavour read, and the structured request; the local queue reads neither).
     */
    Map<String, Object> provenance(BatchQueue ran, JobRequest jobRequest) {
        Map<String, Object> queueInfo = new LinkedHashMap<>();
        queueInfo.put("name", ran.name());
        queueInfo.put("requested", queue);
        java.util.Optional<QueueFlavour> flavour = QueueFlavours.standard().named(ran.name());
        if (flavour.isPresent()) {
            queueInfo.putAll(flavour.get().record(settings()));
            JobRequest asked = jobRequest;
            Map<String, Object> requested = new LinkedHashMap<>();
            requested.put("memory", asked.memory());
            requested.put("walltime", asked.walltime() == null ? null : asked.walltime().toString());
            requested.put("cpus", asked.cpus());
            requested.put("partition", asked.partition());
            requested.put("account", asked.account());
            requested.put("submitArgs", new ArrayList<Object>(asked.submitArgs()));
            queueInfo.put("request", requested);
        }
        return queueInfo;
    }
}
