package io.github.qmr.runtime.queue.local;

import io.github.qmr.runtime.queue.ArrayJobSpec;
import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.JobSpec;
import io.github.qmr.runtime.queue.JobState;
import io.github.qmr.runtime.queue.JobStatus;
import io.github.qmr.runtime.queue.QueueException;
import io.github.qmr.runtime.queue.Request;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded queue: runs each job as a local process, at most {@code slots} at once. Like a real queue it is
 * driven from outside: jobs start and are reaped during {@link #poll}, so it needs no thread of its own.
 */
public final class LocalQueue implements BatchQueue {
    /** The environment variable carrying an array element's 1-based task id, as SGE_TASK_ID does. */
    public static final String ARRAY_TASK_ID = "QMR_ARRAY_TASK_ID";

    private final int slots;
    private final int maxArraySize;
    private final Map<String, Integer> arrayTaskIds = new HashMap<>();
    private final ArrayDeque<String> waiting = new ArrayDeque<>();
    private final Map<String, JobSpec> specs = new HashMap<>();
    private final Map<String, Process> running = new LinkedHashMap<>();
    private final Map<String, Integer> finished = new HashMap<>();
    private long nextId = 1;

    public LocalQueue(int slots) {
        this(slots, 0);
    }

    /**
     * A local queue that also takes job arrays of up to {@code maxArraySize} elements (0: none). Arrays save
     * nothing locally; they exist so the array path of the engine and the launcher runs without a cluster.
     */
    public LocalQueue(int slots, int maxArraySize) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1, got " + slots);
        }
        this.slots = slots;
        this.maxArraySize = maxArraySize;
    }

    /**
     * The local queue has no scheduler to ask: a request (memory, walltime, cpus, partition, account, submit
     * arguments) is ignored, and the workers' heap stays the JVM's default or the user's {@code -Xmx}.
     */
    @Override
    public BatchQueue withRequest(Request request) {
        return this;
    }

    @Override
    public io.github.qmr.runtime.queue.QueueRecipe recipe() {
        return io.github.qmr.runtime.queue.QueueRecipe.local(slots, maxArraySize);
    }

    @Override
    public int maxArraySize() {
        return maxArraySize;
    }

    @Override
    public List<String> submitArray(ArrayJobSpec job) {
        if (job.size() > maxArraySize) {
            throw new QueueException("local queue: array job " + job.name() + " has " + job.size()
                    + " elements, more than the " + maxArraySize + " allowed");
        }
        String base = Long.toString(nextId++);
        List<String> ids = new ArrayList<>();
        for (int task = 1; task <= job.size(); task++) {
            String id = base + "." + task;
            specs.put(id, new JobSpec(job.name(), job.script(), job.args(), job.stdout(), job.stderr(),
                    job.workingDir()));
            arrayTaskIds.put(id, task);
            waiting.add(id);
            ids.add(id);
        }
        startWhileSlotsFree();
        return ids;
    }

    @Override
    public boolean runsOnThisNode() {
        return true;
    }

    @Override
    public int slots() {
        return slots;
    }

    /** The array element's index from {@link #ARRAY_TASK_ID}; local jobs have no id. */
    @Override
    public java.util.List<String> jobLines() {
        return java.util.List.of("QMR_TASK_INDEX=\"${" + ARRAY_TASK_ID + ":-}\"");
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public Duration defaultPollInterval() {
        return Duration.ofMillis(20);
    }

    @Override
    public String submit(JobSpec job) {
        String id = Long.toString(nextId++);
        specs.put(id, job);
        waiting.add(id);
        startWhileSlotsFree();
        return id;
    }

    @Override
    public Map<String, JobStatus> poll(Collection<String> jobIds) {
        reap();
        startWhileSlotsFree();
        Map<String, JobStatus> states = new HashMap<>();
        for (String id : jobIds) {
            if (running.containsKey(id)) {
                states.put(id, JobStatus.of(JobState.RUNNING, "r"));
            } else if (finished.containsKey(id)) {
                states.put(id, new JobStatus(JobState.FINISHED, "exit " + finished.get(id), finished.get(id)));
            } else if (specs.containsKey(id)) {
                states.put(id, JobStatus.of(JobState.PENDING, "qw"));
            }
        }
        return states;
    }

    private void reap() {
        var it = running.entrySet().iterator();
        while (it.hasNext()) {
            var entry = it.next();
            if (!entry.getValue().isAlive()) {
                finished.put(entry.getKey(), entry.getValue().exitValue());
                specs.remove(entry.getKey());
                it.remove();
            }
        }
    }

    private void startWhileSlotsFree() {
        while (running.size() < slots && !waiting.isEmpty()) {
            String id = waiting.poll();
            JobSpec job = specs.get(id);
            if (job == null) {
                continue; // deleted while waiting
            }
            List<String> command = new ArrayList<>();
            command.add("/bin/sh");
            command.add(job.script().toString());
            command.addAll(job.args());
            ProcessBuilder builder = new ProcessBuilder(command);
            Integer task = arrayTaskIds.remove(id);
            if (task != null) {
                builder.environment().put(ARRAY_TASK_ID, task.toString());
            }
            builder
                    .directory(job.workingDir().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(job.stdout().toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(job.stderr().toFile()));
            try {
                running.put(id, builder.start());
            } catch (IOException e) {
                throw new QueueException("local queue: cannot start job " + job.name() + " (" + command + "): "
                        + e.getMessage() + "; check that /bin/sh exists and " + job.workingDir() + " is readable", e);
            }
        }
    }

    @Override
    public void delete(Collection<String> jobIds) {
        for (String id : jobIds) {
            specs.remove(id);
            waiting.remove(id);
            arrayTaskIds.remove(id);
            Process process = running.remove(id);
            if (process != null) {
                kill(process);
                finished.put(id, 137);
            }
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        delete(new ArrayList<>(specs.keySet()));
        delete(new ArrayList<>(running.keySet()));
    }
}
