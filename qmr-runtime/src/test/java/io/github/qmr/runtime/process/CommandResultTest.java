package io.github.qmr.runtime.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CommandResultTest {
    @Test
    void describeShowsCommandExitStatusAndIndentedOutput() {
        CommandResult result = new CommandResult(List.of("qstat", "-xml"), 1, "",
                "error: commlib error: got select error (Connection refused)\n", Duration.ofMillis(90), false);

        assertEquals("""
                command: qstat -xml
                exit status: 1 (after 0.09 s)
                stdout: (empty)
                stderr:
                    error: commlib error: got select error (Connection refused)""", result.describe());
        assertEquals(result.describe(), result.toString());
        assertFalse(result.ok());
    }

    @Test
    void describeSaysWhenTheCommandWasKilledAfterItsTimeout() {
        CommandResult result = new CommandResult(List.of("qsub", "-terse", "job.sh"), 137, "partial\nlines\n", "",
                Duration.ofSeconds(30), true);

        assertEquals("""
                command: qsub -terse job.sh
                exit status: none, killed after the timeout of 30.00 s
                stdout:
                    partial
                    lines
                stderr: (empty)""", result.describe());
        assertFalse(result.ok());
    }

    @Test
    void commandLineQuotesArgumentsAShellWouldSplitOrExpand() {
        CommandResult result = new CommandResult(List.of("qsub", "-N", "a b", "-o", "$HOME/x", "it's", "k=v,w:1"),
                0, "", "", Duration.ZERO, false);

        assertEquals("qsub -N 'a b' -o '$HOME/x' 'it'\\''s' k=v,w:1", result.commandLine());
        assertTrue(result.ok());
    }

    @Test
    void longOutputIsCutInTheMiddleKeepingBothEnds() {
        String stdout = IntStream.rangeClosed(1, 1000).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));
        CommandResult result = new CommandResult(List.of("qstat"), 0, stdout, "", Duration.ZERO, false);

        String block = result.describe();

        assertTrue(block.contains("\n    line 1\n"), block);
        assertTrue(block.contains("\n    line 25\n    [... 950 lines cut ...]\n    line 976\n"), block);
        assertTrue(block.endsWith("    line 1000\nstderr: (empty)"), block);
        assertFalse(block.contains("line 500\n"), block);
    }

    @Test
    void oneHugeLineIsCutByCharacters() {
        String stdout = "<" + "x".repeat(100_000) + ">";
        CommandResult result = new CommandResult(List.of("qstat", "-xml"), 0, stdout, "", Duration.ZERO, false);

        String block = result.describe();

        assertTrue(block.contains("[... 94002 characters cut ...]"), block);
        assertTrue(block.length() < 7000, "length " + block.length());
        assertTrue(block.contains("    <xxx"), block);
        assertTrue(block.contains("xxx>\nstderr: (empty)"), block);
    }
}
