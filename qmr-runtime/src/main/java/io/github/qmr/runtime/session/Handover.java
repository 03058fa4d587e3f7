package io.github.qmr.runtime.session;

import io.github.qmr.runtime.codec.FileKind;
import io.github.qmr.runtime.codec.RecordReader;
import io.github.qmr.runtime.codec.RecordWriter;
import io.github.qmr.runtime.queue.QueueRecipe;
import io.github.qmr.runtime.workdir.SessionDir;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a detached map's monitor needs besides the staged session (function, tasks, launcher, key): the queue, the
 * engine's settings, how the tasks fall into chunks, whether to keep the folder, and where the monitor runs. Written
 * once by the submitting process ({@code monitor.bin}, sealed with the session's secret), read by every monitor and
 * attaching process. The settings' worker folder travels as text: a {@link Path} is no plain data for the codec.
 */
record Handover(QueueRecipe queue, EngineSettings settingsWithoutFolder, String workerWorkingDir, long taskCount,
        int chunks, int chunkSize, boolean keepWorkDir, boolean asJob) {
    Handover(QueueRecipe queue, EngineSettings settings, ChunkLayout layout, boolean keepWorkDir, boolean asJob) {
        this(queue, withFolder(settings, null), settings.workerWorkingDir() == null ? null
                : settings.workerWorkingDir().toString(), layout.taskCount(), layout.chunks(), layout.chunkSize(),
                keepWorkDir, asJob);
    }

    EngineSettings settings() {
        return withFolder(settingsWithoutFolder, workerWorkingDir == null ? null : Path.of(workerWorkingDir));
    }

    ChunkLayout layout() {
        return new ChunkLayout(taskCount, chunks, chunkSize);
    }

    private static EngineSettings withFolder(EngineSettings s, Path folder) {
        return new EngineSettings(s.pull(), s.maxWorkers(), s.workerTimeBudget(), s.walltime(), s.jobArrays(),
                s.maxResubmissions(), s.pollInterval(), s.resultGracePeriod(), s.maxPendingTime(), folder,
                s.outageTolerance(), s.failures(), s.escalate(), s.heartbeatTimeout());
    }

    void write(SessionDir dir) {
        writeObject(dir.monitorFile(), this);
    }

    static Handover read(SessionDir dir) {
        return (Handover) readObject(dir.monitorFile());
    }

    /** The monitor's end: the chunks that failed for good (none when every chunk has its result). */
    static void writeEnd(SessionDir dir, List<ChunkFault> faults) {
        writeObject(dir.monitorEndFile(), new ArrayList<>(faults));
    }

    @SuppressWarnings("unchecked")
    static List<ChunkFault> readEnd(SessionDir dir) {
        return (List<ChunkFault>) readObject(dir.monitorEndFile());
    }

    private static void writeObject(Path file, Object value) {
        try (RecordWriter writer = RecordWriter.create(file, FileKind.MONITOR, 0, 0, Handover.class.getClassLoader())) {
            writer.writeObject(value);
            writer.finish();
        }
    }

    private static Object readObject(Path file) {
        try (RecordReader reader = RecordReader.open(file, FileKind.MONITOR, Handover.class.getClassLoader())) {
            return reader.readObject();
        }
    }
}
