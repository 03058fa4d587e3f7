package io.github.qmr.runtime;

/**
 * The outcome of one task, as the streaming form delivers it in task order: a value, or a failure of the task
 * itself, or the failure of the chunk it was in.
 *
 * @param itask the task's index in the input
 * @param value the function's result (null if it failed, or if the function returned null)
 * @param failure set when the function threw
 * @param chunkFailure set when the task's chunk produced no results, or was not run ({@link #notRun()})
 * @param nanos the time the function took on the worker (0 if it did not run)
 * @param run where and when it ran (null if it did not run, or its worker recorded no times)
 */
public record TaskResult<R>(long itask, R value, TaskFailure failure, ChunkFailure chunkFailure, long nanos,
        TaskRun run) {
    /** A result without {@link TaskRun} facts. */
    public TaskResult(long itask, R value, TaskFailure failure, ChunkFailure chunkFailure, long nanos) {
        this(itask, value, failure, chunkFailure, nanos, null);
    }

    public boolean succeeded() {
        return failure == null && chunkFailure == null;
    }

    /** The task never ran (or was stopped before it finished) because the map stopped early: not a failure of it. */
    public boolean notRun() {
        return chunkFailure != null && chunkFailure.notRun();
    }
}
