package io.github.qmr.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.fixtures.ExitOnTask;
import io.github.qmr.runtime.fixtures.FailOnMultiplesOfSeven;
import io.github.qmr.runtime.fixtures.NeverEnds;
import io.github.qmr.runtime.fixtures.Square;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pre-flight check in a JVM of its own, as the goal runs it: the build survives what a task does to its JVM. */
class PreflightForkedIT {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final ClassLoader LOADER = PreflightForkedIT.class.getClassLoader();

    @Test
    void theFirstTasksRunInAnotherJvmAndTheirCountAndTimeComeBack() {
        Preflight.Report report = Preflight.checkForked(Square.class.getName(), List.of(3, 4, 5), 2, LIMIT,
                WorkerSetup.defaults(), LOADER);
        assertEquals(2, report.tasksRun());
        assertFalse(report.timedOut());
    }

    @Test
    void aSystemExitInATaskEndsOnlyThePreflightJvmAndNamesTheTask() {
        // ExitOnTask calls System.exit(3) on the task 5: here the third task
        Preflight.PreflightException e = assertThrows(Preflight.PreflightException.class, () -> Preflight.checkForked(
                ExitOnTask.class.getName(), List.of(1, 2, 5, 6), 4, LIMIT, WorkerSetup.defaults(), LOADER));
        assertEquals(2, e.itask());
        assertTrue(e.getMessage().startsWith("task 2 (5) ended the pre-flight check's JVM with exit code 3:"
                + " System.exit(3) in the function, or a crash of the JVM, before anything was submitted"),
                e.getMessage());
        assertTrue(e.getMessage().contains("about to exit on task 5"), e.getMessage()); // its stderr
    }

    @Test
    void aFailingTaskComesBackWithItsMessageAndTheTraceOfTheOtherJvm() {
        Preflight.PreflightException e = assertThrows(Preflight.PreflightException.class, () -> Preflight.checkForked(
                FailOnMultiplesOfSeven.class.getName(), List.of(1, 7), 2, LIMIT, WorkerSetup.defaults(), LOADER));
        assertEquals(1, e.itask());
        assertTrue(e.getMessage().startsWith("task 1 (7) failed in the pre-flight check on this machine, before"
                + " anything was submitted:"), e.getMessage());
        Preflight.ForkedFailure trace = assertInstanceOf(Preflight.ForkedFailure.class, e.getCause());
        assertTrue(trace.trace().contains("at " + FailOnMultiplesOfSeven.class.getName() + ".apply("), trace.trace());
    }

    @Test
    void aClassTheWorkersCannotLoadFailsBeforeAnyTask() {
        Preflight.PreflightException e = assertThrows(Preflight.PreflightException.class, () -> Preflight.checkForked(
                "example.NoSuchFunction", List.of(1), 1, LIMIT, WorkerSetup.defaults(), LOADER));
        assertTrue(e.getMessage().startsWith("the function could not be made in the pre-flight JVM (the workers'"
                + " classpath), before any task ran: java.lang.ClassNotFoundException: example.NoSuchFunction"),
                e.getMessage());
    }

    @Test
    void aTaskStillRunningAtTheLimitIsNotAFailure() {
        // it ignores the interrupt too: the pre-flight JVM ends, the task with it
        Preflight.Report report = Preflight.checkForked(NeverEnds.class.getName(), List.of(1), 1,
                Duration.ofSeconds(2), WorkerSetup.defaults(), LOADER);
        assertEquals(0, report.tasksRun());
        assertTrue(report.timedOut());
    }
}
