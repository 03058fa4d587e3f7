package io.github.qmr.runtime.queue;

import java.nio.file.Path;
import java.util.List;

/**
 * One array job to submit: {@code size} elements, element {@code k} (1-based, the queue's task id) runs
 * {@code /bin/sh script args...} with the task id in the queue's environment variable ({@code SGE_TASK_ID},
 * {@code SLURM_ARRAY_TASK_ID}). The script redirects its own output per element; {@code stdout}/{@code stderr}
 * get only what the queue itself writes before the script starts.
 */
public record ArrayJobSpec(String name, Path script, List<String> args, int size, Path stdout, Path stderr,
        Path workingDir) {
    public ArrayJobSpec {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_.#-]*")) {
            throw new IllegalArgumentException("job name '" + name + "' has characters a queue may reject");
        }
        if (size < 1) {
            throw new IllegalArgumentException("an array job needs at least one element, got " + size);
        }
        args = List.copyOf(args);
    }
}
