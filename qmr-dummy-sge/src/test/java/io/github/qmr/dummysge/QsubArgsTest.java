package io.github.qmr.dummysge;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QsubArgsTest {
    private static final Path CWD = Path.of("/home/u/project");

    private static QsubArgs parse(String... argv) {
        return QsubArgs.parse(List.of(argv), CWD);
    }

    @Test
    void theSgeDriversCommandLine() {
        QsubArgs q = parse("-terse", "-N", "qmr-20261125T162427Z-3f9a#000000007", "-o", "/w/7.stdout", "-e",
                "/w/7.stderr", "-wd", "/w", "-S", "/bin/sh", "-l", "h_vmem=2G", "-q", "all.q@vm", "-P", "proj",
                "/w/launcher.sh", "7", "-N", "not-an-option");
        assertTrue(q.terse);
        assertEquals("qmr-20261125T162427Z-3f9a#000000007", q.name);
        assertEquals("/w/7.stdout", q.stdout);
        assertEquals("/w/7.stderr", q.stderr);
        assertEquals(Path.of("/w"), q.workingDir);
        assertEquals("/bin/sh", q.shell);
        assertEquals("all.q", q.queue);
        assertEquals("proj", q.project);
        assertEquals("/w/launcher.sh", q.script);
        assertEquals(List.of("7", "-N", "not-an-option"), q.args, "words after the script are its arguments");
        assertFalse(q.isArray());
    }

    @Test
    void optionsSgeKnowsButTheDummyIgnoresKeepTheirArgumentAwayFromTheScript() {
        QsubArgs q = parse("-hold_jid", "12", "-m", "n", "-binding", "linear:1", "-pe", "smp", "4", "-hard",
                "-now", "n", "-r", "y", "job.sh");
        assertEquals("job.sh", q.script);
        assertEquals(4, q.slots);
        assertEquals(List.of(), q.args);
        assertEquals("job.sh", parse("-binding", "set", "linear:1", "job.sh").script);
        assertEquals(4, parse("-pe", "mpi", "2-4", "job.sh").slots);
    }

    @Test
    void arrayRangesAreNormalisedLikeSge() {
        QsubArgs q = parse("-t", "1-5", "job.sh");
        assertEquals("1-5:1", q.first + "-" + q.last + ":" + q.step);
        q = parse("-t", "1-4:2", "job.sh");
        assertEquals("1-3:2", q.first + "-" + q.last + ":" + q.step, "SGE prints 1-4:2 as 1-3:2");
        q = parse("-t", "5-3", "job.sh");
        assertEquals("3-5:1", q.first + "-" + q.last + ":" + q.step, "SGE turns 5-3 into 3-5 (measured)");
        q = parse("-t", "3", "job.sh");
        assertEquals("3-3:1", q.first + "-" + q.last + ":" + q.step);
        SgeError e = assertThrows(SgeError.class, () -> parse("-t", "0-3", "job.sh"));
        assertEquals("Unable to run job: job rejected: 0 is an invalid task id\nExiting.", e.getMessage());
        assertEquals(1, e.exitCode);
    }

    @Test
    void workingDirectoryAndPathForms() {
        assertEquals(CWD, parse("-cwd", "job.sh").workingDir);
        assertEquals(CWD.resolve("sub"), parse("-wd", "sub", "job.sh").workingDir);
        assertNull(parse("job.sh").workingDir, "no -wd/-cwd: the home folder, as on SGE");
        assertEquals("/x/o", QsubArgs.stripHost("vm:/x/o"));
        assertEquals("/x/o", QsubArgs.stripHost(":/x/o"));
        assertEquals("/x:y/o", QsubArgs.stripHost("/x:y/o"));
        assertTrue(parse("-j", "y", "job.sh").joinOutput);
        assertTrue(parse("-b", "y", "sleep", "1").binary);
    }

    @Test
    void environmentOptions() {
        QsubArgs q = parse("-V", "-v", "A=1,B", "job.sh");
        assertTrue(q.exportAll);
        assertEquals("1", q.variables.get("A"));
        assertTrue(q.variables.containsKey("B"));
        assertNull(q.variables.get("B"), "B without a value comes from the submitter's environment");
    }

    @Test
    void refusals() {
        SgeError slash = assertThrows(SgeError.class, () -> parse("-N", "a/b", "job.sh"));
        assertEquals(2, slash.exitCode);
        assertEquals("qsub: argument to -N option must not contain / ", slash.getMessage(), "measured on SGE 8.1.9");
        SgeError unknown = assertThrows(SgeError.class, () -> parse("-frobnicate", "job.sh"));
        assertTrue(unknown.getMessage().contains("-frobnicate"), unknown.getMessage());
        SgeError sync = assertThrows(SgeError.class, () -> parse("-sync", "y", "job.sh"));
        assertTrue(sync.getMessage().contains("poll qstat"), sync.getMessage());
        assertThrows(SgeError.class, () -> parse("-N"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "qmr-20261125T162427Z-3f9a#000000007", "_x", "A.b-c_d#1",
            "x#$!%&()=,;\"'<>|~`^+-.[]{}_"})
    void namesSgeAccepts(String name) {
        assertDoesNotThrow(() -> QsubArgs.validateName(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"9bad", "a:b", "a@b", "a\\b", "a*b", "a?b", "a b", "a\tb", "é", "ALL", "none",
            "TEMPLATE"})
    void namesSgeRejects(String name) {
        SgeError e = assertThrows(SgeError.class, () -> QsubArgs.validateName(name));
        assertEquals(1, e.exitCode);
        assertTrue(e.getMessage().startsWith("Unable to run job: denied: \"" + name + "\" is not a valid object name"),
                e.getMessage());
    }

    @Test
    void nameLengthAndEmptyName() {
        assertDoesNotThrow(() -> QsubArgs.validateName("a".repeat(511)));
        assertThrows(SgeError.class, () -> QsubArgs.validateName("a".repeat(512)));
        SgeError empty = assertThrows(SgeError.class, () -> QsubArgs.validateName(""));
        assertEquals("Unable to run job: job rejected cause there is no job_name in the request\nExiting.",
                empty.getMessage(), "measured on SGE 8.1.9");
        SgeError digit = assertThrows(SgeError.class, () -> QsubArgs.validateName("9bad"));
        assertEquals("Unable to run job: denied: \"9bad\" is not a valid object name (cannot start with a digit)"
                + "\nExiting.", digit.getMessage(), "measured on SGE 8.1.9");
    }
}
