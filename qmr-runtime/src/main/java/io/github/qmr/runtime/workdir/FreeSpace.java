package io.github.qmr.runtime.workdir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process node's check of the work dir's free space before staging, so a map that cannot fit fails before any
 * job runs instead of losing its compute to a full disk. The bytes a map needs are known only as a lower bound before
 * its tasks are written (values may be any size), so only a work dir that cannot hold even that is refused.
 */
public final class FreeSpace {
    /** The launcher, argument file, function, secret, key and log files of a session. */
    static final long SESSION_BYTES = 64 * 1024;
    /** Header, trailer and seal of one task or result file. */
    static final long FILE_BYTES = 128;
    /** The least a task record (class id, one byte) and its outcome (status, time, value) take. */
    static final long TASK_BYTES = 2 + 3;

    private FreeSpace() {}

    /** The least a map of {@code tasks} tasks in {@code chunks} chunks writes into its session folder. */
    public static long atLeastNeeded(long tasks, long chunks) {
        return SESSION_BYTES + chunks * 2 * FILE_BYTES + tasks * TASK_BYTES;
    }

    /**
     * Why the file system of {@code folder} cannot hold {@code needed} more bytes (naming the folder, the free and
     * the needed bytes), or null when it can or when its free space is unknown.
     */
    public static String shortfall(Path folder, long needed, String what) {
        long free;
        try {
            free = Files.getFileStore(folder).getUsableSpace();
        } catch (IOException | SecurityException e) {
            return null; // no estimate: the workers' storage errors still name the path
        }
        if (free >= needed) {
            return null;
        }
        return "no space left on " + folder + ": " + free + " bytes free, but " + what + " need at least " + needed
                + " bytes; free space there or choose another work dir (Pool.builder().workDir, <workDir>)";
    }
}
