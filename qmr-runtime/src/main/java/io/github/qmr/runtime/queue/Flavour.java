package io.github.qmr.runtime.queue;

import java.util.List;

/**
 * The fixed facts of a queue flavour that {@link CommandLineQueue} needs besides its {@link QueueDialect}'s functions:
 * names, programs, the form of array element ids, and the words of its messages.
 *
 * @param name a short name for {@link BatchQueue#name()}, e.g. {@code sge}
 * @param label the flavour's name in messages: {@code SGE}, {@code Slurm}
 * @param programs every program the dialect's argvs start with, e.g. {@code qsub qstat qdel qacct}
 * @param requiredPrograms those checked before anything is submitted (the others only explain, so may be missing)
 * @param exampleBinDir where the programs usually are, for messages, e.g. {@code /opt/slurm/bin/}
 * @param elementSeparator what stands between an array job's number and an element's index: {@code .} or {@code _}
 * @param arrayMember what the flavour calls one member of an array job: {@code task}, {@code element}
 * @param arrayLimitAdvice how to raise the array size limit, for the message when an array job is too large
 * @param timeoutHint what a command that did not finish in time suggests, e.g. an overloaded controller
 * @param deletionNeedsConfirming whether the delete program's exit status says nothing about the jobs (Slurm's
 *     scancel exits 0 for jobs it did not cancel), so a status call must confirm that they are ending
 * @param undeletedAdvice what to do about jobs a delete left pending or running
 * @param closeAdvice what to do about jobs still listed after a close
 * @param jobLines POSIX shell lines of the worker's launcher that set {@code QMR_TASK_INDEX} (an array element's
 *     1-based index; anything for a single job) and {@code QMR_JOB_ID} (the job's id as the status program lists it,
 *     e.g. {@code 320.7}) from the variables this flavour's jobs start with; see {@link BatchQueue#jobLines()}
 */
public record Flavour(String name, String label, List<String> programs, List<String> requiredPrograms,
        String exampleBinDir, char elementSeparator, String arrayMember, String arrayLimitAdvice, String timeoutHint,
        boolean deletionNeedsConfirming, String undeletedAdvice, String closeAdvice, List<String> jobLines) {
    public Flavour {
        programs = List.copyOf(programs);
        requiredPrograms = List.copyOf(requiredPrograms);
        jobLines = List.copyOf(jobLines);
        if (!programs.containsAll(requiredPrograms)) {
            throw new IllegalArgumentException("required programs " + requiredPrograms + " not all among " + programs);
        }
    }

    /** Reads an id this flavour's queue handed out; anything else is a {@link QueueException}. */
    public JobId parseId(String id) {
        return JobId.parse(id, elementSeparator, label, arrayMember);
    }

    /** The id of element {@code element} (1-based) of an array job. */
    public String elementId(String arrayJobId, int element) {
        return arrayJobId + elementSeparator + element;
    }
}
