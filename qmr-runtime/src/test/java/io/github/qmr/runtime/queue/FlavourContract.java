package io.github.qmr.runtime.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.process.CommandException;
import io.github.qmr.runtime.process.CommandResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every queue flavour of the registry must do, checked on its own captured output: a flavour's test extends
 * this with its samples (see writing-a-flavour.md). Pure: no queue runs; only the launcher's job lines run, in
 * {@code /bin/sh}.
 */
public abstract class FlavourContract {
    @TempDir
    protected Path contractDir;

    /** The flavour under test. */
    protected abstract QueueFlavour flavour();

    /** What the submit program printed for one job, and the job id in it. */
    protected abstract List<String> submitOutputAndId();

    /** A captured status listing. */
    protected abstract String statusOutput();

    /** Ids in {@link #statusOutput()} (jobs, elements, whole arrays) and their states there. */
    protected abstract Map<String, JobState> statesListed();

    /** What a command printed while the controller was down. */
    protected abstract String unreachableOutput();

    /** The variables a job of this flavour starts with, and the array index and job id the launcher makes of them. */
    protected abstract List<JobEnvironment> jobEnvironments();

    /** One job's start: its variables, and {@code QMR_TASK_INDEX} and {@code QMR_JOB_ID} as expected. */
    public record JobEnvironment(Map<String, String> variables, String taskIndex, String jobId) {}

    /** Ninety minutes as this flavour's users write a walltime. */
    protected abstract String ninetyMinutes();

    protected QueueDialect dialect() {
        return flavour().dialect(QueueFlavour.Settings.DEFAULTS);
    }

    @Test
    void factsAreConsistent() {
        Flavour facts = flavour().facts();
        assertEquals(facts.name(), flavour().name());
        assertTrue(facts.name().matches("[a-z][a-z0-9-]*"), facts.name());
        assertFalse(facts.programs().isEmpty());
        assertEquals(facts, dialect().flavour());
        JobId element = facts.parseId(facts.elementId("41", 3));
        assertEquals(new JobId("41", 3, facts.elementSeparator()), element);
        assertEquals(facts.elementId("41", 3), element.toString());
    }

    @Test
    void everyCommandStartsWithOneOfTheFlavoursPrograms() {
        QueueDialect dialect = dialect();
        Path dir = Path.of("/w/s");
        List<List<String>> calls = new ArrayList<>();
        calls.add(dialect.submitArgs(new JobSpec("q1#000000001", dir.resolve("launcher.sh"), List.of("0"),
                dir.resolve("out"), dir.resolve("err"), dir)));
        calls.add(dialect.arraySubmitArgs(new ArrayJobSpec("q1#a", dir.resolve("launcher.sh"), List.of("array", "0"),
                3, dir.resolve("out"), dir.resolve("err"), dir)));
        calls.add(dialect.statusArgs());
        calls.add(dialect.jobNamedArgs("q1#000000001"));
        calls.add(dialect.jobsWithNamesArgs());
        calls.addAll(dialect.deleteArgs(List.of("1", flavour().facts().elementId("2", 1))));
        calls.addAll(dialect.forcedDeleteArgs(List.of("1")));
        for (List<String> argv : calls) {
            assertTrue(flavour().facts().programs().contains(argv.get(0)), argv.toString());
        }
        assertTrue(calls.get(0).contains(dir.resolve("launcher.sh").toString()), "the launcher is submitted");
    }

    @Test
    void theSubmitOutputGivesTheJobId() {
        List<String> sample = submitOutputAndId();
        assertEquals(sample.get(1), dialect().parseJobId(sample.get(0)));
        assertThrows(QueueException.class, () -> dialect().parseJobId(""), "no id printed");
    }

    @Test
    void theStatusListingGivesEachJobItsState() {
        QueueDialect.Listing listing = dialect().parseStatus(statusOutput());
        statesListed().forEach((id, state) -> {
            JobStatus status = listing.statusOf(flavour().facts().parseId(id));
            assertEquals(state, status == null ? null : status.state(), id + " in " + statusOutput());
        });
        assertNull(dialect().parseStatus("").statusOf(flavour().facts().parseId("999999")), "nothing listed");
    }

    @Test
    void anUnreachableControllerOrACommandThatTimedOutSaysNothingAboutTheJobs() {
        CommandResult down = new CommandResult(List.of(flavour().facts().programs().get(0)), 1, "",
                unreachableOutput(), Duration.ofMillis(5), false);
        assertTrue(dialect().isUnreachable(down), unreachableOutput());
        assertTrue(dialect().isTransient(unreachableOutput()), unreachableOutput());
        assertTrue(dialect().isUnreachable(new CommandResult(List.of(flavour().facts().programs().get(0)), 137, "",
                "", Duration.ofSeconds(60), true)), "no answer within the timeout");
    }

    @Test
    void theLauncherLinesNameTheArrayIndexAndTheJobAsTheStatusDoes() throws Exception {
        for (JobEnvironment job : jobEnvironments()) {
            List<String> got = runJobLines(flavour().facts().jobLines(), job.variables());
            assertEquals(List.of(job.taskIndex(), job.jobId()), got, job.variables().toString());
            flavour().facts().parseId(job.jobId()); // an id the status listing takes
        }
    }

    @Test
    void walltimeIsReadAsTheFlavourWritesIt() {
        assertEquals(Duration.ofMinutes(90), flavour().walltime(ninetyMinutes()));
        assertNull(flavour().walltime("ninety minutes"));
    }

    @Test
    void detectionFindsNothingWhereNoProgramIs() throws Exception {
        Path empty = Files.createDirectories(contractDir.resolve("empty-bin"));
        QueueFlavour.Detection none = flavour().detect(flavour().tools(QueueFlavour.Settings.DEFAULTS),
                empty.toString(), (argv, timeout) -> {
                    throw new CommandException(argv, "not found", null);
                });
        assertFalse(none.found());
        assertTrue(none.words().contains(flavour().facts().programs().get(0)), none.words());
    }

    /** {@code QMR_TASK_INDEX} and {@code QMR_JOB_ID} after the lines ran, as the launcher runs them. */
    public static List<String> runJobLines(List<String> lines, Map<String, String> variables) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", "QMR_TASK_INDEX=\nQMR_JOB_ID=\n"
                + String.join("\n", lines) + "\nprintf '%s\\n%s\\n' \"$QMR_TASK_INDEX\" \"$QMR_JOB_ID\"\n");
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/bin:/bin");
        builder.environment().putAll(variables);
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, process.exitValue(), out);
        return List.of(out.split("\n", -1)).subList(0, 2);
    }
}
