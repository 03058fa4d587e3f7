package io.github.qmr.runtime.workdir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;

/**
 * The session's record of its queue-jobs ({@link SessionLayout#jobsFile()}): every job id, one a line, appended as it
 * is submitted, so a rerun after a crash finds the jobs that may still run.
 */
public final class JobRecord {
    private final SessionDir dir;

    JobRecord(SessionDir dir) {
        this.dir = dir;
    }

    /** Appends job ids to the jobs file (0600), so a rerun after a crash finds jobs that may still run. */
    public void add(List<String> ids) {
        StringBuilder lines = new StringBuilder();
        for (String id : ids) {
            lines.append(id).append('\n');
        }
        try (var channel = Files.newByteChannel(dir.jobsFile(), Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND), SessionDir.fileAttribute())) {
            channel.write(java.nio.ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the queue-jobs " + ids + " in " + dir.jobsFile() + ": " + e,
                    e);
        }
    }

    /** The job ids {@link #add} wrote, in order; none if there is no such file. */
    public List<String> ids() {
        try {
            return Files.exists(dir.jobsFile()) ? Files.readAllLines(dir.jobsFile(), StandardCharsets.UTF_8).stream()
                    .map(String::strip).filter(line -> !line.isEmpty()).distinct().toList() : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the queue-jobs recorded in " + dir.jobsFile() + ": " + e, e);
        }
    }
}
