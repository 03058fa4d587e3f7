package io.github.qmr.runtime.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandRunnerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path temp;

    // The tests use /bin/sh -c as a convenient fixture; qmr itself never builds shell strings.

    @Test
    void capturesExitCodeStdoutAndStderrSeparately() {
        CommandResult result = new CommandRunner().run(
                List.of("/bin/sh", "-c", "echo out; echo err >&2; exit 3"), TIMEOUT);

        assertEquals(3, result.exitCode());
        assertEquals("out\n", result.stdout());
        assertEquals("err\n", result.stderr());
        assertFalse(result.timedOut());
        assertFalse(result.ok());
    }

    @Test
    void passesArgumentsVerbatimWithoutAShell() {
        CommandResult result = new CommandRunner().run(
                List.of("printf", "%s|", "a b", "$HOME", "*", "it's"), TIMEOUT);

        assertTrue(result.ok(), result::describe);
        assertEquals("a b|$HOME|*|it's|", result.stdout());
    }

    @Test
    void stdinIsEmptySoACommandReadingItDoesNotWait() {
        CommandResult result = new CommandRunner().run(List.of("cat"), TIMEOUT);

        assertTrue(result.ok(), result::describe);
        assertEquals("", result.stdout());
    }

    @Test
    void largeOutputDoesNotBlockTheCommand() {
        CommandResult result = new CommandRunner().run(
                List.of("/bin/sh", "-c", "yes 0123456789 | head -n 300000; yes e | head -n 300000 >&2"), TIMEOUT);

        assertTrue(result.ok(), result::describe);
        assertEquals(300_000 * 11, result.stdout().length());
        assertEquals(300_000 * 2, result.stderr().length());
        assertTrue(result.describe().contains("[... 299950 lines cut ...]"));
    }

    @Test
    void timeoutKillsTheCommandAndWhatItStarted() throws IOException {
        // On a loaded machine the shell may be killed before it started the sleep and printed its pid; then the
        // run says nothing about a grandchild, so it is repeated with a longer timeout.
        CommandResult result = null;
        Duration timeout = Duration.ofMillis(500);
        for (int attempt = 0; attempt < 3 && (result == null || result.stdout().isBlank()); attempt++) {
            timeout = Duration.ofMillis(500L << (2 * attempt)); // 0.5, 2, 8 s: plus the 30 s wait below, under 60 s
            result = new CommandRunner().run(List.of("/bin/sh", "-c", "sleep 60 & echo $!; wait"), timeout);
        }

        assertTrue(result.timedOut(), result::describe);
        assertFalse(result.ok());
        assertTrue(result.duration().compareTo(timeout.plusSeconds(10)) < 0, result::describe);
        assertTrue(result.describe().contains("killed after the timeout"), result::describe);
        long childPid = Long.parseLong(result.stdout().trim());
        assertTrue(goneOrZombie(childPid), "the background sleep " + childPid + " still runs");
    }

    /**
     * PID 1 may reap orphans late here, so a killed process can linger as a zombie. On a loaded machine the kill can
     * take seconds to land, so this waits up to 30 s: still half of the sleep's 60 s, so a sleep that was not killed
     * is still running when the wait ends and the test fails.
     */
    private static boolean goneOrZombie(long pid) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Path stat = Path.of("/proc", Long.toString(pid), "stat");
            if (!Files.exists(stat)) {
                return true;
            }
            String text;
            try {
                text = Files.readString(stat);
            } catch (IOException e) {
                return true;
            }
            if (text.substring(text.lastIndexOf(')') + 2).startsWith("Z")) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    @Test
    void extraEnvironmentReachesTheCommand() {
        CommandRunner runner = new CommandRunner(Map.of("SGE_ROOT", "/var/lib/gridengine"), temp);

        CommandResult result = runner.run(List.of("/bin/sh", "-c", "echo \"$SGE_ROOT\""), TIMEOUT);

        assertEquals("/var/lib/gridengine\n", result.stdout());
    }

    @Test
    void leavesNoOutputFilesBehind() throws IOException {
        CommandRunner runner = new CommandRunner(Map.of(), temp);

        runner.run(List.of("echo", "x"), TIMEOUT);

        try (var files = Files.list(temp)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void missingExecutableOnPathSaysSoAndHowToFix() {
        CommandException e = assertThrows(CommandException.class,
                () -> new CommandRunner().run(List.of("qmr-no-such-program", "-xml"), TIMEOUT));

        assertTrue(e.getMessage().startsWith("cannot run qmr-no-such-program -xml: no executable "
                + "'qmr-no-such-program' on PATH ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("install it, put its folder on PATH, or give its full path"),
                e.getMessage());
        assertEquals(List.of("qmr-no-such-program", "-xml"), e.argv());
    }

    @Test
    void missingExecutableByPathNamesThePath() {
        String path = temp.resolve("bin/qsub").toString();

        CommandException e = assertThrows(CommandException.class,
                () -> new CommandRunner().run(List.of(path), TIMEOUT));

        assertEquals("cannot run " + path + ": no such file " + path + "; check the path or install the program",
                e.getMessage());
    }

    @Test
    void nonExecutableFileSaysToCheckPermissions() throws IOException {
        Path script = Files.writeString(temp.resolve("qstat"), "#!/bin/sh\necho hi\n");

        CommandException e = assertThrows(CommandException.class,
                () -> new CommandRunner().run(List.of(script.toString()), TIMEOUT));

        assertTrue(e.getMessage().contains(script + " is not executable by this user"), e.getMessage());
    }
}
