package io.github.qmr.dummysge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.dummysge.QueueState.Done;
import io.github.qmr.dummysge.QueueState.Job;
import io.github.qmr.dummysge.QueueState.Task;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueStateTest {
    private static final String AWKWARD = "it's \"q\" 100% = $HOME\ttab\nnew line é ü ∑";

    @Test
    void everyFieldSurvivesTheTextFormIncludingAwkwardValues() {
        QueueState s = new QueueState();
        s.slots = 3;
        s.stepsPerCall = 2;
        s.nextJobId = 42;
        s.failNext.put("qstat", 2);
        s.eqwByName.put("#000000003 x", 1);
        s.eqwByTask.put(4, 5);
        Job j = new Job();
        j.id = 41;
        j.name = "qmr-x#000000003";
        j.submitted = 1_795_627_615L;
        j.script = "/spool/job_scripts/41";
        j.scriptName = "my script.sh";
        j.workingDir = "/work dir";
        j.stdout = "/logs/$JOB_ID.$TASK_ID.o";
        j.stderr = null;
        j.first = 1;
        j.last = 7;
        j.step = 2;
        j.maxRunning = 2;
        j.slots = 4;
        j.project = "p1";
        j.args.addAll(List.of("", AWKWARD, "a=b"));
        j.env.putAll(Map.of("A", AWKWARD, "EMPTY", "", "EQ", "x=y=z"));
        Task running = new Task();
        running.id = 1;
        running.state = "r";
        running.started = 5;
        running.pid = 77;
        running.pidStart = 1234;
        Task error = new Task();
        error.id = 3;
        error.state = "Eqw";
        error.reason = AWKWARD;
        j.tasks.addAll(List.of(running, error));
        s.jobs.add(j);
        s.done.add(new Done(40, 0, "n", 1, 2, 3, 137, "100 : assumedly after job", 1, "all.q", "NONE"));

        String text = s.format();
        QueueState back = QueueState.parse(text, "test");
        assertEquals(text, back.format());
        Job b = back.jobs.get(0);
        assertEquals(List.of("", AWKWARD, "a=b"), b.args);
        assertEquals(AWKWARD, b.env.get("A"));
        assertEquals("x=y=z", b.env.get("EQ"));
        assertEquals("", b.env.get("EMPTY"));
        assertEquals(null, b.stderr);
        assertEquals("1-7:2", b.taskRange());
        assertEquals(AWKWARD, b.tasks.get(1).reason);
        assertEquals(77, b.tasks.get(0).pid);
        assertEquals("100 : assumedly after job", back.done.get(0).failed());
        assertEquals(Map.of("#000000003 x", 1), back.eqwByName);
        assertTrue(text.lines().allMatch(l -> !l.contains("\t")), "one record per line, no raw tabs:\n" + text);
    }

    @Test
    void aForeignFileIsRefusedWithTheFix() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> QueueState.parse("{\"pending\": []}\n", "/tmp/x.state"));
        assertTrue(e.getMessage().contains("/tmp/x.state is not a qmr dummy queue state file"), e.getMessage());
        assertTrue(e.getMessage().contains("delete it"), e.getMessage());
    }

    @Test
    void aBrokenLineIsNamedByNumber() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> QueueState.parse(QueueState.MAGIC + "\nslots 2\nslots two\n", "f"));
        assertTrue(e.getMessage().startsWith("f line 3 is unreadable"), e.getMessage());
    }
}
