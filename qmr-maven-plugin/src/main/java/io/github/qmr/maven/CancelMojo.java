package io.github.qmr.maven;

import io.github.qmr.runtime.queue.BatchQueue;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Stops the maps running in the background ({@code qmr:map -Dqmr.detach}) as Ctrl-C stops a build: their process is
 * sent SIGTERM, deletes its session's queue-jobs (only its own) and keeps the work dir, so a later run resumes. Says
 * what each one did.
 *
 * <pre>{@code mvn qmr:cancel -Dqmr.execution=sweep}</pre>
 */
@Mojo(name = "cancel", threadSafe = true)
public class CancelMojo extends AbstractMojo {
    /** How long a stopped map may take to delete its jobs before it is killed. */
    static final long STOP_WAIT_SECONDS = 120;

    /**
     * The execution whose background map to stop; all of them when not given.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.execution")
    private String execution;

    /**
     * Where {@code qmr:map} writes its outputs.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.outputDirectory", defaultValue = "${project.build.directory}/qmr")
    private File outputDirectory;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        List<Path> outs = new ArrayList<>();
        Path dir = outputDirectory.toPath();
        if (execution != null && !execution.isBlank()) {
            outs.add(dir.resolve(execution));
        } else if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.getFileName().toString().endsWith(".detached")).sorted().forEach(f -> outs.add(
                        f.resolveSibling(f.getFileName().toString().replaceFirst("\\.detached$", ""))));
            } catch (IOException e) {
                throw new MojoExecutionException("cannot list " + dir + ": " + e, e);
            }
        }
        int stopped = 0;
        for (Path out : outs) {
            Detached.Run run = Detached.running(out);
            if (run == null) {
                continue;
            }
            stopped++;
            stop(out.getFileName().toString(), run);
        }
        if (stopped == 0) {
            getLog().info("no map runs in the background" + (execution == null ? "" : " for execution '" + execution
                    + "'") + " (" + dir + ")");
        }
    }

    private void stop(String id, Detached.Run run) throws MojoFailureException {
        if (run.job() != null) {
            stopJob(id, run);
            return;
        }
        ProcessHandle process = run.process().orElse(null);
        if (process == null) {
            return;
        }
        getLog().info("stopping the map '" + id + "' run in the background (" + run.where() + ")");
        process.destroy(); // SIGTERM: its shutdown hook deletes the session's jobs and says so in its log
        boolean ended;
        try {
            ended = process.onExit().get(STOP_WAIT_SECONDS, TimeUnit.SECONDS) != null;
        } catch (java.util.concurrent.TimeoutException e) {
            ended = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ended = false;
        } catch (java.util.concurrent.ExecutionException e) {
            ended = !process.isAlive();
        }
        String said = "";
        try {
            said = Files.readString(run.log()).lines().filter(l -> l.contains(": stopped before the end;")
                    || l.contains(": work dir kept at ") || l.contains("could NOT delete")).map(String::strip)
                    .reduce((a, b) -> a + "\n" + b).orElse("");
        } catch (IOException e) {
            // the log is only quoted
        }
        if (!ended) {
            process.destroyForcibly();
            throw new MojoFailureException("the map '" + id + "' run in the background (" + run.where() + ") did"
                    + " not stop within " + STOP_WAIT_SECONDS + " s of SIGTERM and was killed: its queue-jobs may"
                    + " still run. Its log " + run.log() + " names its session; delete the session's jobs with qdel"
                    + " or scancel (their names start with the session id)");
        }
        getLog().info("stopped the map '" + id + "' (its log: " + run.log() + ")" + (said.isEmpty() ? "" : ":\n"
                + said));
    }

    /**
     * A background map run as a queue-job ({@code -Dqmr.detachAs=job}): the job is deleted (Slurm sends it SIGTERM,
     * whose shutdown hook deletes the session's jobs; SGE kills it), then every job of its session still in the queue,
     * found by the session id its log names.
     */
    private void stopJob(String id, Detached.Run run) throws MojoFailureException {
        getLog().info("stopping the map '" + id + "' run in the background (" + run.where() + ")");
        try (BatchQueue queue = Detached.queue(run.queue())) {
            queue.delete(List.of(run.job()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_WAIT_SECONDS);
            while (Detached.jobAlive(queue, run.job())) {
                if (System.nanoTime() > deadline) {
                    throw new MojoFailureException("the map '" + id + "' (" + run.where() + ") is still in the queue "
                            + STOP_WAIT_SECONDS + " s after it was deleted; delete it and its session's jobs by hand"
                            + " (" + queue.deleteCommand(List.of(run.job())) + "; the session's jobs are named after"
                            + " the session its log " + run.log() + " names)");
                }
                Thread.sleep(1000);
            }
            java.util.regex.Matcher m = Detached.STARTED.matcher(Files.readString(run.log()));
            List<String> left = m.find() ? queue.jobsNamedFrom(m.group(1) + "#") : List.of();
            if (!left.isEmpty()) {
                queue.delete(left);
            }
            getLog().info("stopped the map '" + id + "': deleted its queue-job " + run.job() + (m.find(0)
                    ? " and the " + left.size() + " job" + (left.size() == 1 ? "" : "s") + " its session "
                            + m.group(1) + " left in the queue" : "") + " (its log: " + run.log() + ")");
        } catch (io.github.qmr.runtime.queue.QueueException | IOException e) {
            throw new MojoFailureException("could not stop the map '" + id + "' (" + run.where() + "): "
                    + e.getMessage() + "; delete its job and its session's jobs by hand", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoFailureException("interrupted while stopping the map '" + id + "'", e);
        }
    }
}
