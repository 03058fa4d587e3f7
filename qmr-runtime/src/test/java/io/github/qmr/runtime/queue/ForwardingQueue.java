package io.github.qmr.runtime.queue;

import io.github.qmr.runtime.queue.local.LocalQueue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A test queue that hands every call to another queue, job arrays included; a test overrides only the calls it
 * watches or changes. Its name is its own, so a map's messages say which test queue ran.
 */
public abstract class ForwardingQueue implements BatchQueue {
    protected final BatchQueue queue;
    private final String name;

    protected ForwardingQueue(String name, BatchQueue queue) {
        this.name = name;
        this.queue = queue;
    }

    /** Over a local queue of two slots, without job arrays. */
    protected ForwardingQueue(String name) {
        this(name, new LocalQueue(2));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> jobLines() {
        return queue.jobLines();
    }

    @Override
    public boolean runsOnThisNode() {
        return queue.runsOnThisNode();
    }

    @Override
    public void check() {
        queue.check();
    }

    @Override
    public String workDirProblem(Path workDir) {
        return queue.workDirProblem(workDir);
    }

    @Override
    public String submit(JobSpec job) {
        return queue.submit(job);
    }

    @Override
    public int maxArraySize() {
        return queue.maxArraySize();
    }

    @Override
    public List<String> submitArray(ArrayJobSpec job) {
        return queue.submitArray(job);
    }

    @Override
    public Map<String, JobStatus> poll(Collection<String> jobIds) {
        return queue.poll(jobIds);
    }

    @Override
    public void delete(Collection<String> jobIds) {
        queue.delete(jobIds);
    }

    @Override
    public void deleteLost(Collection<String> jobIds) {
        queue.deleteLost(jobIds);
    }

    @Override
    public String deleteCommand(Collection<String> jobIds) {
        return queue.deleteCommand(jobIds);
    }

    @Override
    public Duration walltime() {
        return queue.walltime();
    }

    @Override
    public boolean mayResubmit(JobStatus ended) {
        return queue.mayResubmit(ended);
    }

    @Override
    public ResourceKill resourceKill(JobStatus ended, String explanation) {
        return queue.resourceKill(ended, explanation);
    }

    @Override
    public Request siteRequest() {
        return queue.siteRequest();
    }

    @Override
    public java.time.Duration grantedWalltime(java.time.Duration requested) {
        return queue.grantedWalltime(requested);
    }

    @Override
    public String requestText(ResourceKill.Kind kind, Request request) {
        return queue.requestText(kind, request);
    }

    @Override
    public String requestSetting(ResourceKill.Kind kind) {
        return queue.requestSetting(kind);
    }

    @Override
    public List<String> workerJvmOptions(Request request) {
        return queue.workerJvmOptions(request);
    }

    @Override
    public String explain(String jobId) {
        return queue.explain(jobId);
    }

    @Override
    public Map<String, JobUsage> usage(Collection<String> jobIds, String namePrefix) {
        return queue.usage(jobIds, namePrefix);
    }

    @Override
    public List<String> workerJvmOptions() {
        return queue.workerJvmOptions();
    }

    @Override
    public Duration defaultPollInterval() {
        return queue.defaultPollInterval();
    }

    @Override
    public void endingOnTheirOwn(Collection<String> jobIds) {
        queue.endingOnTheirOwn(jobIds);
    }

    @Override
    public void close() {
        queue.close();
    }
}
