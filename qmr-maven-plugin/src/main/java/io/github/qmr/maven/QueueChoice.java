package io.github.qmr.maven;

import io.github.qmr.dummysge.DummyGridEngine;
import io.github.qmr.runtime.JobRequest;
import io.github.qmr.runtime.Queues;
import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.QueueTools;
import io.github.qmr.runtime.queue.sge.SgeOptions;
import io.github.qmr.runtime.queue.slurm.SlurmOptions;
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
    static final List<String> QUEUES = List.of("auto", "local", "sge", "slurm", "dummy");

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
     * The queue: {@code auto} is SGE when {@code <qsub>} can be found, else Slurm when {@code <sbatch>} can, else the
     * embedded local queue (SGE first, as the original tool; name the queue where a host has both).
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
        QueueTools sgeTools = QueueTools.sge(qsub, qstat, qdel, qacct);
        QueueTools slurmTools = QueueTools.slurm(sbatch, squeue, scancel, sacct);
        if (kind.equals("auto")) {
            Queues.AutoChoice choice = Queues.choose(sgeTools, slurmTools, pathEnv);
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
        if (kind.equals("slurm")) {
            return slurm(resources, slurmTools);
        }
        QueueTools tools = sgeTools;
        if (kind.equals("dummy") && tools.equals(QueueTools.sge())) {
            // no stand-ins named: install qmr's fake Grid Engine next to the staged classpath, reused by later runs
            DummyGridEngine dummy = DummyGridEngine.install(workDir.resolve("dummy-sge"),
                    Runtime.getRuntime().availableProcessors());
            log.info("<queue>dummy</queue>: the fake Grid Engine in " + dummy.directory() + "; inject faults with "
                    + dummy.directory().resolve("dummy-queue") + " (eqw SUFFIX N, eqw-task ID N, fail COMMAND N)");
            tools = QueueTools.sge(dummy.qsub().toString(), dummy.qstat().toString(), dummy.qdel().toString(),
                    dummy.qacct().toString());
        }
        try {
            SgeOptions options = new SgeOptions(Pairs.isBlank(sgeQueue) ? null : sgeQueue.strip(),
                    resources, Pairs.isBlank(sgeParallelEnv) ? null : sgeParallelEnv.strip(), 1,
                    null, List.of(), SgeOptions.SGE_MAX_AJ_TASKS, 0);
            return Queues.sge(options, tools);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("resources", e.getMessage(), e);
        }
    }

    private static BatchQueue slurm(Map<String, String> resources, QueueTools tools)
            throws ConfigurationException {
        Map<String, String> left = new LinkedHashMap<>(resources);
        String mem = left.remove("mem");
        String time = left.remove("time");
        String cpus = left.remove("cpus-per-task");
        String account = left.remove("account");
        if (!left.isEmpty()) {
            throw new ConfigurationException("resources", "Slurm takes the resources mem, time, cpus-per-task and"
                    + " account; " + left.keySet() + " " + (left.size() == 1 ? "is" : "are") + " not among them."
                    + " Write e.g. <resources><mem>4G</mem><time>1:00:00</time></resources>");
        }
        int cpusPerTask;
        try {
            cpusPerTask = cpus == null ? 0 : Integer.parseInt(cpus.strip());
        } catch (NumberFormatException e) {
            throw new ConfigurationException("resources", "<resources><cpus-per-task> must be a whole number, got '"
                    + cpus + "'", e);
        }
        try {
            // <partition> is the structured request's, merged when the pool is built
            SlurmOptions options = new SlurmOptions(null, time, mem, cpusPerTask, account, List.of(),
                    SlurmOptions.SLURM_MAX_ARRAY_SIZE, 0);
            return Queues.slurm(options, tools);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("resources", e.getMessage(), e);
        }
    }

    /** The queue's part of provenance.json: which was asked for and which ran, and how it was reached. */
    Map<String, Object> provenance(BatchQueue ran, JobRequest jobRequest) {
        Map<String, Object> queueInfo = new LinkedHashMap<>();
        queueInfo.put("name", ran.name());
        queueInfo.put("requested", queue);
        if (ran.name().equals("slurm")) {
            queueInfo.put("resources", new LinkedHashMap<Object, Object>(resources));
            queueInfo.put("sbatch", sbatch);
        } else if (!ran.name().equals("local")) {
            queueInfo.put("sgeQueue", sgeQueue);
            queueInfo.put("sgeParallelEnv", sgeParallelEnv);
            queueInfo.put("resources", new LinkedHashMap<Object, Object>(resources));
            queueInfo.put("qsub", qsub);
        }
        if (!ran.name().equals("local")) {
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
