package io.github.qmr.runtime.queue;

import io.github.qmr.runtime.process.CommandResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * What one queue flavour (Grid Engine, Slurm) says and how, as pure functions: the argv of each call, the parsers of
 * its output, the state table, how array elements add up to a job's state, which failures are transient or mean the
 * controller is unreachable, and the wording of messages. No I/O: {@link CommandLineQueue} runs the commands, and
 * each function is tested on captured real output with no queue running. Every argv starts with a bare program name
 * from {@link Flavour#programs()}, which {@link QueueTools} turns into the configured program.
 */
public interface QueueDialect {
    /** The flavour's names, programs, id form and words. */
    Flavour flavour();

    /** See {@link BatchQueue#workDirProblem}: a path this flavour's programs would misread, or null. */
    default String workDirProblem(java.nio.file.Path workDir) {
        return null;
    }

    // ---------------------------------------------------------------------------------------------- submit

    /** The largest array job the site settings allow; 0 for none. */
    int maxArraySize();

    /** The submit argv of one job. */
    List<String> submitArgs(JobSpec job);

    /** The submit argv of an array job of elements {@code 1..size}. */
    List<String> arraySubmitArgs(ArrayJobSpec job);

    /** The job id in what the submit program printed; a {@link QueueException} naming the output if there is none. */
    String parseJobId(String output);

    /** The last line of a program's output that is not blank, stripped: some sites' wrappers print notices first. */
    static String lastLine(String output) {
        String last = "";
        for (String line : output.split("\n")) {
            if (!line.isBlank()) {
                last = line.strip();
            }
        }
        return last;
    }

    /** The argv that lists the user's jobs of one name, asked before a failed submission is tried again. */
    List<String> jobNamedArgs(String name);

    /** The id of a not yet ended job of this name in the output of {@link #jobNamedArgs}, or null. */
    String parseJobNamed(String output, String name);

    /** The argv that lists the user's jobs with their names, to find a session's jobs by their names' prefix. */
    List<String> jobsWithNamesArgs();

    /**
     * The ids of the not yet ended jobs whose names start with {@code prefix} in the output of
     * {@link #jobsWithNamesArgs}: job numbers (an array by its number), each once.
     */
    List<String> parseJobsNamedFrom(String output, String prefix);

    // ---------------------------------------------------------------------------------------------- status

    /** The one status call per poll for all the user's jobs. */
    List<String> statusArgs();

    /** Reads the output of {@link #statusArgs()}; a {@link QueueException} if it cannot. */
    Listing parseStatus(String output);

    /** One status listing, read: the state of each job, array elements added up for a whole array. */
    interface Listing {
        /** The state of a job or element, or null if the listing does not have it. */
        JobStatus statusOf(JobId id);

        /** The listed entries of a job that is neither ended nor ending (e.g. {@code 7 (PENDING)}); empty if none. */
        List<String> notEnding(JobId id);

        /** The entries of these job numbers that are still pending, running or ending, e.g. {@code 12 (dr)}. */
        Set<String> active(Set<String> jobNumbers);
    }

    // ---------------------------------------------------------------------------------------------- delete

    /** The delete argvs for the ids, in batches small enough for a command line. */
    List<List<String>> deleteArgs(List<String> jobIds);

    /**
     * The delete argvs for jobs taken as lost (their host or process silent): where the queue keeps such a job listed
     * until its host answers (SGE's {@code dr} on a dead host), a forced delete; else the same as {@link #deleteArgs}.
     */
    default List<List<String>> forcedDeleteArgs(List<String> jobIds) {
        return deleteArgs(jobIds);
    }

    /** Argvs of {@code program} and at most {@code size} of the ids each, so a command line stays short. */
    static List<List<String>> inBatches(String program, List<String> ids, int size) {
        List<List<String>> calls = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += size) {
            List<String> argv = new ArrayList<>();
            argv.add(program);
            argv.addAll(ids.subList(from, Math.min(from + size, ids.size())));
            calls.add(argv);
        }
        return calls;
    }

    /**
     * The ids of one delete batch that its result shows deleted, being deleted, or gone. Some programs exit non-zero
     * when one id is unknown though they deleted the others.
     */
    Set<String> deleted(List<String> batch, CommandResult result);

    // ---------------------------------------------------------------------------------------------- failures

    /**
     * Whether a failed command failed only because the controller could not be reached (connection refused, timed
     * out, not answering): it says nothing about the jobs, and asking again later can succeed.
     */
    boolean isUnreachable(CommandResult result);

    /**
     * Whether a failed submission's output says only that the controller was busy or unreachable, nothing about the
     * request: it may have gone through, and trying again later can succeed.
     */
    boolean isTransient(String output);

    /** A fix for an error the flavour's programs are known to print, or "". */
    String hint(String output);

    /**
     * Whether a refused submission's output says that a limit on the number of the user's (or the cluster's) jobs is
     * reached: the same job can be submitted once others end (see {@link JobLimitException}).
     */
    default boolean isJobLimit(String output) {
        return false;
    }

    // ---------------------------------------------------------------------------------------------- jobs

    /** See {@link BatchQueue#mayResubmit}. */
    default boolean mayResubmit(JobStatus ended) {
        return true;
    }

    /** See {@link BatchQueue#walltime()}: the walltime the site options request, or null. */
    default java.time.Duration walltime() {
        return null;
    }

    /** See {@link BatchQueue#resourceKill}. */
    default ResourceKill resourceKill(JobStatus ended, String explanation) {
        return null;
    }

    /** See {@link BatchQueue#withRequest}: the dialect submitting with the request merged into its options. */
    QueueDialect withRequest(Request request);

    /**
     * The options record this dialect is built from by its one-argument constructor, so a detached map's monitor can
     * build the same dialect in its own JVM (see {@link QueueRecipe}); null when it cannot be rebuilt that way.
     */
    default Record options() {
        return null;
    }

    /** See {@link BatchQueue#siteRequest}. */
    default Request siteRequest() {
        return Request.SITE;
    }

    /** See {@link BatchQueue#grantedWalltime}. */
    default java.time.Duration grantedWalltime(java.time.Duration requested) {
        return requested;
    }

    /** See {@link BatchQueue#requestText}. */
    default String requestText(ResourceKill.Kind kind, Request request) {
        return null;
    }

    /** See {@link BatchQueue#requestSetting}. */
    default String requestSetting(ResourceKill.Kind kind) {
        return kind.request;
    }

    /** See {@link BatchQueue#workerJvmOptions(Request)}. */
    default List<String> workerJvmOptions(Request request) {
        return workerJvmOptions();
    }

    /** See {@link BatchQueue#workerJvmOptions()}. */
    default List<String> workerJvmOptions() {
        return List.of();
    }

    /** See {@link BatchQueue#usage}; {@code run} returns null where a program is missing. */
    default java.util.Map<String, JobUsage> usage(List<JobId> ids, String namePrefix,
            Function<List<String>, CommandResult> run) {
        return null;
    }

    /**
     * What the queue can tell about a job, from the calls {@code run} makes (it returns null where a program is
     * missing); best effort, "" if nothing is known.
     */
    String explain(JobId id, Function<List<String>, CommandResult> run);
}
