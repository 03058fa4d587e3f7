package io.github.qmr.dummysge;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Starting, watching and killing the jobs' processes; an interface so the scheduling rules test without any. */
interface JobProcesses {
    /** A started job: its pid and the process's start time, so a reused pid is never taken for the job. */
    record Handle(long pid, long startMillis) {}

    /**
     * What to run: {@code command} with exactly {@code env}, in {@code workingDir}, stdout and stderr appended to
     * the two files, and the exit status written to {@code exitFile} when it ends.
     */
    record Launch(List<String> command, Map<String, String> env, Path workingDir, Path stdout, Path stderr,
            Path exitFile) {}

    /** Starts the job detached from the caller: it must outlive the qstat call that started it. */
    Handle start(Launch launch) throws IOException;

    /** {@code null} while the job runs; its exit status once it ended; -1 if it ended without one (killed). */
    Integer exitStatus(Handle handle, Path exitFile);

    /** Kills the job and everything it started; returns when they are gone or after a few seconds. */
    void kill(Handle handle);
}
