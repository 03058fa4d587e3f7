package io.github.qmr.dummysge;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** JobProcesses that only exist on paper: a test says when a job ends and with which status. */
final class FakeJobProcesses implements JobProcesses {
    final List<Launch> launched = new ArrayList<>();
    final Set<Long> killed = new HashSet<>();
    private final Map<Long, Integer> ended = new HashMap<>();
    private final Map<String, Long> pidByTask = new HashMap<>();
    private long nextPid = 1000;

    @Override
    public Handle start(Launch launch) {
        launched.add(launch);
        long pid = nextPid++;
        pidByTask.put(launch.env().get("JOB_ID") + "." + launch.env().get("SGE_TASK_ID"), pid);
        return new Handle(pid, 42);
    }

    @Override
    public Integer exitStatus(Handle handle, Path exitFile) {
        return killed.contains(handle.pid()) ? Integer.valueOf(-1) : ended.get(handle.pid());
    }

    @Override
    public void kill(Handle handle) {
        killed.add(handle.pid());
    }

    /** Ends job {@code jobId}'s task ({@code undefined} for a plain job) with {@code status}. */
    void end(long jobId, String task, int status) {
        Long pid = pidByTask.get(jobId + "." + task);
        if (pid == null) {
            throw new AssertionError("job " + jobId + "." + task + " was never started; started: " + pidByTask.keySet());
        }
        ended.put(pid, status);
    }

    long pid(long jobId, String task) {
        return pidByTask.get(jobId + "." + task);
    }
}
