package io.github.qmr.runtime.queue;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * The port to a batch queue. The engine calls it from one thread only: one {@link #poll} per monitor cycle.
 * Implementations run external commands with their output redirected to files, never with reader threads.
 */
public interface BatchQueue extends AutoCloseable {
    /** A short name for messages, e.g. {@code local} or {@code sge}. */
    String name();

    /**
     * POSIX shell lines of the worker's launcher that set {@code QMR_TASK_INDEX} (an array element's 1-based index)
     * and {@code QMR_JOB_ID} (the job's id as {@link #poll} takes it) from the variables this queue's jobs start
     * with; the launcher exports both, so neither it nor the worker names a flavour's variables. None by default: a
     * queue without job arrays and job ids.
     */
    default java.util.List<String> jobLines() {
        return java.util.List.of();
    }

    /**
     * How many jobs this queue runs at once on this very node (the embedded local queue's slots), which bounds the
     * workers and chunks worth having; 0 for a queue whose jobs run on other nodes, as a cluster's.
     */
    default int slots() {
        return 0;
    }

    /**
     * Whether this queue's jobs run on this very node and so read its files where they are (the embedded local
     * queue): then the workers' classpath needs no staging in the work dir. No by default: a cluster's jobs run on
     * nodes that share only the work dir.
     */
    default boolean runsOnThisNode() {
        return false;
    }

    /** Checks, before anything is submitted, that the queue can be used (executables present and runnable). */
    default void check() {}

    /**
     * Why this queue cannot take a work dir at that path (a character its programs read as syntax), with the fix;
     * null when it can. Asked before anything is staged.
     */
    default String workDirProblem(java.nio.file.Path workDir) {
        return null;
    }

    /** Submits one job; returns the queue's job id. */
    String submit(JobSpec job);

    /** The largest job array this queue accepts; 0 when it has no job arrays (then every chunk is its own job). */
    default int maxArraySize() {
        return 0;
    }

    /**
     * Submits one array job; returns the ids of its elements in order, as {@link #poll} and {@link #delete} know
     * them (e.g. {@code 320.1 .. 320.N}), so each element can be followed, deleted and resubmitted on its own.
     */
    default java.util.List<String> submitArray(ArrayJobSpec job) {
        throw new UnsupportedOperationException(name() + " has no job arrays");
    }

    /**
     * The current state of the given jobs. A job the queue no longer lists is absent from the result, and the
     * engine decides from the result files whether it succeeded. An unreadable answer throws; never "done".
     *
     * @throws QueueUnreachableException if the queue's controller could not be reached (after short retries): the
     *     jobs may well run on, and asking again later can succeed
     * @throws QueueException for any other failure
     */
    Map<String, JobStatus> poll(Collection<String> jobIds);

    /**
     * Deletes the given jobs; unknown or finished ones are ignored. Returns only when every job is deleted or
     * being deleted.
     *
     * @throws QueueException if some could not be deleted: {@link QueueException#notDeleted()} names each job that
     *     may still be in the queue; a {@link QueueUnreachableException} if the controller could not be reached
     */
    void delete(Collection<String> jobIds);

    /**
     * Deletes jobs taken as lost (a worker silent past its heartbeat bound, e.g. on a dead host): as {@link #delete},
     * but forced where the queue would otherwise keep such a job listed until its host answers (SGE's {@code qdel -f});
     * where forcing is refused (not a manager), a plain delete.
     */
    default void deleteLost(Collection<String> jobIds) {
        delete(jobIds);
    }

    /** The command a user runs to delete these jobs by hand, for messages; e.g. {@code qdel 42 43}. */
    /**
     * The ids of this user's jobs that are not yet ended and whose names start with {@code prefix} (a session's id and
     * {@code #}): its jobs whose ids were never recorded, e.g. submitted while the process that asked was killed.
     * None where the queue cannot tell (the local queue's jobs live in its process).
     */
    default java.util.List<String> jobsNamedFrom(String prefix) {
        return java.util.List.of();
    }

    default String deleteCommand(Collection<String> jobIds) {
        return "the " + name() + " queue's delete command (job ids " + String.join(" ", jobIds) + ")";
    }

    /** The walltime limit the jobs are submitted with (h_rt, --time), or null when none is set. */
    default Duration walltime() {
        return null;
    }

    /**
     * Whether a job that ended by a signal without a result may be run again. Yes by default (the OOM killer or a
     * lost node may not strike twice); a queue answers no where its own state says the end was a verdict on the
     * job itself, such as a time or memory limit, which a rerun would only meet again.
     */
    default boolean mayResubmit(JobStatus ended) {
        return true;
    }

    /**
     * Whether the queue itself says it killed an ended job for memory or time (Slurm's {@code OUT_OF_MEMORY} or
     * {@code TIMEOUT}, SGE's {@code failed 37} in qacct), from its status and {@link #explain} text; null if not.
     */
    default ResourceKill resourceKill(JobStatus ended, String explanation) {
        return null;
    }

    /**
     * This queue with the map's structured request merged into its site options (each flavour maps it onto its own
     * names); {@code this} for an empty request. The default takes no request.
     *
     * @throws RequestConflict if a part is set both here and in the site options (e.g. memory and SGE's
     *     {@code h_vmem}), or the queue cannot express it; before anything is submitted
     */
    default BatchQueue withRequest(Request request) {
        if (request.isEmpty()) {
            return this;
        }
        throw new RequestConflict("request", "is set, but the " + name() + " queue takes no requests",
                "leave it out, or use Queues.sge() or Queues.slurm()");
    }

    /** The site options' requests of memory and walltime, as a {@link Request}; unset parts are null. */
    default Request siteRequest() {
        return Request.SITE;
    }

    /**
     * The walltime the queue grants for a request of {@code requested}, e.g. Slurm's whole minutes (at least one):
     * escalation multiplies what was granted and asks for what will be, so an attempt never runs with the same limit.
     */
    default Duration grantedWalltime(Duration requested) {
        return requested;
    }

    /** A request as the queue's own option, e.g. {@code h_vmem=1536M} or {@code --mem=2048M}; null if unset. */
    default String requestText(ResourceKill.Kind kind, Request request) {
        return null;
    }

    /** Where the user sets this request for this queue, for messages, e.g. {@code h_vmem (<sgeResources>)}. */
    default String requestSetting(ResourceKill.Kind kind) {
        return kind.request;
    }

    /** The worker JVM options for a job with this request: an -Xmx fitting its memory, else the site's. */
    default java.util.List<String> workerJvmOptions(Request request) {
        return workerJvmOptions();
    }

    /**
     * What the scheduler's accounting recorded of these ended jobs (CPU time, peak memory), by job id: asked once for
     * them all at a map's end (SGE: one {@code qacct -j} by the session's job-name pattern {@code namePrefix*}; Slurm:
     * one {@code sacct} for the ids). Best effort: a job without a record (yet: SGE writes it a moment after the job
     * ended) is missing, one recorded without figures has nulls; null when the queue keeps no accounting it can ask.
     */
    default java.util.Map<String, JobUsage> usage(java.util.Collection<String> jobIds, String namePrefix) {
        return null;
    }

    /** What the queue can tell about why a job ended or is in error (e.g. from {@code qacct}); "" if nothing. */
    default String explain(String jobId) {
        return "";
    }

    /**
     * JVM options the workers need on this queue, e.g. an {@code -Xmx} that fits the job's memory limit. They come
     * before the user's options.
     */
    default java.util.List<String> workerJvmOptions() {
        return java.util.List.of();
    }

    /** How long the engine waits between polls unless told otherwise. */
    default Duration defaultPollInterval() {
        return Duration.ofSeconds(1);
    }

    /**
     * These jobs end by themselves now (pull-mode workers that find no chunk left): {@link #close()} neither deletes
     * nor waits for them. Waiting would cost a map's end about a second on SGE, which lists a job until its execd
     * reports it gone.
     */
    default void endingOnTheirOwn(Collection<String> jobIds) {}

    /**
     * What rebuilds this queue in another JVM, a detached map's monitor; null when it cannot be rebuilt there (then
     * its maps cannot be submitted detached).
     */
    default QueueRecipe recipe() {
        return null;
    }

    /** Releases what the queue holds; jobs still running are deleted. */
    @Override
    default void close() {}
}
