package io.github.qmr.runtime.worker;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A worker's heartbeat: a daemon thread that rewrites {@code host pid count} in the worker's heartbeat file at a
 * steady rate for as long as the JVM runs, also through one long task, so the process node can tell a hung or
 * stopped worker (or one whose node is gone) from a slow one. It runs beside the tasks and costs the task loop
 * nothing. The count is padded to a fixed width, so each beat overwrites the file in place without truncating it
 * (a reader never sees it empty), and the file is closed after each write (an NFS client sends it to the server then).
 */
final class Heartbeat implements Runnable {
    private final Path file;
    private final long intervalMillis;
    private final String prefix;
    private long count;
    private boolean warned;

    private Heartbeat(Path file, long intervalMillis, String host) {
        this.file = file;
        this.intervalMillis = intervalMillis;
        this.prefix = host + " " + ProcessHandle.current().pid() + " ";
    }

    /** Starts beating into {@code file} every {@code intervalMillis}; the first beat is written before it returns. */
    static void start(Path file, long intervalMillis, String host) {
        Heartbeat beat = new Heartbeat(file, intervalMillis, host);
        beat.beat();
        Thread thread = new Thread(beat, "qmr-heartbeat");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        while (true) {
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
            beat();
        }
    }

    private void beat() {
        String digits = Long.toString(count++);
        String text = prefix + "0000000000000000000".substring(digits.length()) + digits + "\n";
        try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes, bytes.position());
            }
        } catch (java.io.IOException | RuntimeException e) {
            // the tasks go on; a worker whose heartbeat cannot be written is taken as lost once the bound passes
            if (!warned) {
                warned = true;
                System.err.println("qmr worker: cannot write the heartbeat " + file + ": " + e + "; the process node"
                        + " will take this worker as lost if this lasts longer than its heartbeatTimeout");
            }
        }
    }
}
