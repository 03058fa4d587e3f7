package io.github.qmr.runtime;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Stops the controller of the real SGE (the qmaster, {@code qconf -km}) or Slurm ({@code scontrol shutdown
 * slurmctld}) that scripts/sge.sh and scripts/slurm.sh run, and starts it again with that script after a while, as a
 * site restarts its controller. Jobs keep running meanwhile and survive: the scripts are told not to purge them
 * ({@code QMR_SGE_NO_PURGE=1}, {@code QMR_SLURM_NO_PURGE=1}) and Slurm to keep its saved state
 * ({@code QMR_SLURM_KEEP_STATE=1}; without it a stopped slurmctld restarts from a wiped state and forgets every job).
 *
 * <pre>{@code
 * try (Controllers.Outage outage = Controllers.stop("sge", Duration.ofSeconds(90))) {
 *     ... map while the controller is down ...
 *     outage.awaitRestarted();    // optional: close() restarts at once if the time has not come
 * }
 * }</pre>
 *
 * The real queues are shared: run such tests under {@code flock /tmp/qmr-realqueue.lock}, as every real-queue test.
 */
public final class Controllers {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private Controllers() {}

    /** A stopped controller, started again by its script after the given time, or at once by {@link #close()}. */
    public static final class Outage implements AutoCloseable {
        private final String flavour;
        private final Process restarter;
        private final Path log;
        private final Path starting;
        private final Duration wait;
        private boolean restarted;

        private Outage(String flavour, Process restarter, Path log, Path starting, Duration downFor) {
            this.flavour = flavour;
            this.restarter = restarter;
            this.log = log;
            this.starting = starting;
            this.wait = downFor.plus(START_TIMEOUT);
        }

        /** Waits until the script has started the controller again and it answers; fails the test if it did not. */
        public void awaitRestarted() {
            if (restarted) {
                return;
            }
            try {
                if (!restarter.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    restarter.destroyForcibly();
                    fail("the " + flavour + " controller was not started again in time; log:\n" + log());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for the " + flavour + " controller to start again");
            }
            restarted = true;
            if (restarter.exitValue() != 0) {
                fail("scripts/" + flavour + ".sh up failed (exit " + restarter.exitValue() + "); log:\n" + log());
            }
            try {
                Files.deleteIfExists(starting);
                Files.deleteIfExists(log);
                Files.deleteIfExists(log.getParent());
            } catch (IOException e) {
                // a leftover log in the temp folder is harmless
            }
        }

        /** Starts the controller again now if its time has not come yet, and waits until it answers. */
        @Override
        public void close() {
            if (!restarted && restarter.isAlive() && !Files.exists(starting)) {
                restarter.destroy(); // still sleeping: start it now instead
                try {
                    restarter.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (!Files.exists(starting)) {
                    Process now = restarter(flavour, Duration.ZERO, log, starting);
                    new Outage(flavour, now, log, starting, Duration.ZERO).awaitRestarted();
                    restarted = true;
                    return;
                }
            }
            awaitRestarted();
        }

        private String log() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(cannot read " + log + ": " + e.getMessage() + ")";
            }
        }
    }

    /**
     * Stops the controller of {@code flavour} ({@code sge} or {@code slurm}), waits until its process is gone, and has
     * its script start it again {@code downFor} after the stop began.
     */
    public static Outage stop(String flavour, Duration downFor) {
        long start = System.nanoTime();
        String daemon = switch (flavour) {
            case "sge" -> "sge_qmaster";
            case "slurm" -> "slurmctld";
            default -> throw new IllegalArgumentException("no controller for flavour " + flavour + "; sge or slurm");
        };
        List<String> stop = flavour.equals("sge") ? List.of("qconf", "-km")
                : List.of("scontrol", "shutdown", "slurmctld");
        try {
            Process p = new ProcessBuilder(stop).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                fail(String.join(" ", stop) + " did not stop the " + flavour + " controller; is it running"
                        + " (scripts/" + flavour + ".sh status)?");
            }
            long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
            while (running(daemon)) {
                if (System.nanoTime() > deadline) {
                    fail(daemon + " still runs " + STOP_TIMEOUT.toSeconds() + " s after " + String.join(" ", stop));
                }
                Thread.sleep(100);
            }
            Path dir = Files.createTempDirectory("qmr-outage-");
            Duration left = downFor.minusNanos(System.nanoTime() - start);
            left = left.isNegative() ? Duration.ZERO : left;
            Path log = dir.resolve("restart.log");
            Path starting = dir.resolve("starting");
            return new Outage(flavour, restarter(flavour, left, log, starting), log, starting, left);
        } catch (IOException e) {
            throw new IllegalStateException("cannot stop the " + flavour + " controller: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the " + flavour + " controller", e);
        }
    }

    /** A shell that sleeps, marks that it is starting, then runs the project's script: no thread in this JVM. */
    private static Process restarter(String flavour, Duration after, Path log, Path starting) {
        Path script = scripts().resolve(flavour + ".sh");
        String line = "sleep " + (after.toMillis() / 1000.0) + " && : > \"$1\" && exec \"$2\" up";
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", line, "restart", starting.toString(),
                script.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(Map.of("QMR_SGE_NO_PURGE", "1", "QMR_SLURM_NO_PURGE", "1",
                "QMR_SLURM_KEEP_STATE", "1"));
        try {
            return builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script + ": " + e.getMessage()
                    + "; START THE CONTROLLER BY HAND: QMR_SGE_NO_PURGE=1 QMR_SLURM_NO_PURGE=1 QMR_SLURM_KEEP_STATE=1 "
                    + script + " up", e);
        }
    }

    /** The project's scripts folder, found upwards from the working directory (a module folder under Maven). */
    private static Path scripts() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("scripts/sge.sh"))) {
                return dir.resolve("scripts");
            }
        }
        throw new IllegalStateException("no scripts/sge.sh above " + Path.of("").toAbsolutePath());
    }

    /** Whether a process of that name runs; a zombie does not count (PID 1 reaps late here). */
    private static boolean running(String name) throws IOException {
        // only this network namespace's: scripts/cluster.sh runs a slurmctld of its own, under the same name, in the
        // namespaces of its test cluster (beside these tests in scripts/test.sh)
        Path ownNet = Files.readSymbolicLink(Path.of("/proc/self/ns/net"));
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                if (!proc.getFileName().toString().matches("[0-9]+")) {
                    continue;
                }
                try {
                    if (!Files.readSymbolicLink(proc.resolve("ns/net")).equals(ownNet)) {
                        continue;
                    }
                } catch (IOException e) {
                    continue; // ended meanwhile
                }
                String stat;
                try {
                    stat = Files.readString(proc.resolve("stat"), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    continue; // ended meanwhile
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                if (open > 0 && close > open && stat.substring(open + 1, close).equals(name)
                        && !stat.substring(close + 2).startsWith("Z")) {
                    return true;
                }
            }
        }
        return false;
    }
}
