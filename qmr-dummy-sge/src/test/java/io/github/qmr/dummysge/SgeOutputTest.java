package io.github.qmr.dummysge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.dummysge.QueueState.Done;
import io.github.qmr.dummysge.QueueState.Job;
import io.github.qmr.dummysge.QueueState.Task;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** The printed forms against real SGE 8.1.9 output (src/test/resources/sge, from facts/sge-qstat-*.sample.xml). */
class SgeOutputTest {
    private static final SgeOutput TEXT = new SgeOutput("root", "root", "vm", ZoneOffset.UTC);
    static final List<String> SAMPLES = List.of("sge-qstat-mine.sample.xml", "sge-qstat-eqw-hqw.sample.xml",
            "sge-qstat-all-users.sample.xml");

    static String sample(String name) throws Exception {
        try (InputStream in = SgeOutputTest.class.getResourceAsStream("/sge/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static long at(String localTime) {
        return LocalDateTime.parse(localTime).toEpochSecond(ZoneOffset.UTC);
    }

    private static Job job(QueueState state, long id, String name, String submitted, int... taskIds) {
        Job j = new Job();
        j.id = id;
        j.name = name;
        j.submitted = at(submitted);
        j.workingDir = "/w";
        for (int t : taskIds) {
            Task task = new Task();
            task.id = t;
            j.tasks.add(task);
        }
        if (taskIds.length == 0) {
            j.tasks.add(new Task());
        } else {
            j.first = taskIds[0];
            j.last = taskIds[taskIds.length - 1];
            j.step = 1;
        }
        state.jobs.add(j);
        return j;
    }

    private static void run(Task t, String state, String started) {
        t.state = state;
        t.started = at(started);
    }

    @Test
    void reproducesTheRealSampleOfOnesOwnJobsByteForByte() throws Exception {
        QueueState s = new QueueState();
        run(job(s, 347, "rootrun", "2026-11-25T16:40:50").tasks.get(0), "r", "2026-11-25T16:40:54");
        run(job(s, 348, "rootpend", "2026-11-25T16:40:50").tasks.get(0), "r", "2026-11-25T16:41:00");
        job(s, 349, "q2026-11-25T16-24-27#000000007", "2026-11-25T16:40:53").tasks.get(0).state = "Eqw";
        run(job(s, 350, "rootarr", "2026-11-25T16:40:53", 1, 2, 3, 4).tasks.get(0), "t", "2026-11-25T16:41:02");
        assertEquals(sample("sge-qstat-mine.sample.xml"), TEXT.qstatXml(SgeOutput.entries(s)));
    }

    @Test
    void reproducesTheRealSampleWithErrorAndHeldJobsByteForByte() throws Exception {
        QueueState s = new QueueState();
        run(job(s, 249, "pend3", "2026-11-25T16:28:20").tasks.get(0), "r", "2026-11-25T16:28:30");
        job(s, 250, "held4", "2026-11-25T16:28:24").held = true;
        job(s, 251, "q2026-11-25T16-24-27#000000001", "2026-11-25T16:28:24").tasks.get(0).state = "Eqw";
        assertEquals(sample("sge-qstat-eqw-hqw.sample.xml"), TEXT.qstatXml(SgeOutput.entries(s)));
    }

    @Test
    void anEmptyQueueGivesEmptyListsAndPlainQstatPrintsNothing() {
        assertEquals("<?xml version='1.0'?>\n"
                + "<job_info  xmlns:xsd=\"http://arc.liv.ac.uk/repos/darcs/sge/source/dist/util/resources/schemas/"
                + "qstat/qstat.xsd\">\n  <queue_info>\n  </queue_info>\n  <job_info>\n  </job_info>\n</job_info>\n",
                TEXT.qstatXml(List.of()));
        assertEquals("", TEXT.qstatPlain(List.of()));
    }

    @Test
    void everyKindOfEntryHasAnElementStructureSeenInTheRealSamples() throws Exception {
        Set<String> real = new LinkedHashSet<>();
        for (String name : SAMPLES) {
            real.addAll(shapes(parse(sample(name))));
        }
        QueueState s = new QueueState();
        run(job(s, 1, "single", "2026-11-25T16:00:00").tasks.get(0), "r", "2026-11-25T16:00:01");
        Job array = job(s, 2, "array", "2026-11-25T16:00:00", 1, 2, 3, 4, 5);
        run(array.tasks.get(0), "r", "2026-11-25T16:00:02");
        run(array.tasks.get(1), "t", "2026-11-25T16:00:03");
        array.tasks.get(3).state = "Eqw";
        job(s, 3, "pending", "2026-11-25T16:00:00");
        job(s, 4, "held", "2026-11-25T16:00:00").held = true;
        job(s, 5, "error", "2026-11-25T16:00:00").tasks.get(0).state = "Eqw";
        job(s, 6, "heldarray", "2026-11-25T16:00:00", 1, 2).held = true;
        Document mine = parse(TEXT.qstatXml(SgeOutput.entries(s)));

        // the real samples hold exactly four structures (running/pending, with/without tasks): ours are the same
        assertEquals(4, real.size(), "structures in the real samples: " + real);
        assertEquals(real, shapes(mine));
        Element root = mine.getDocumentElement();
        assertEquals("job_info", root.getTagName());
        assertEquals(parse(sample(SAMPLES.get(0))).getDocumentElement().getAttribute("xmlns:xsd"),
                root.getAttribute("xmlns:xsd"));
        assertEquals(List.of("queue_info", "job_info"), childNames(root));
        // running tasks one by one; pending tasks as ranges, grouped by state
        assertEquals(List.of("1", "2"), texts(mine, "queue_info", "tasks"));
        assertEquals(List.of("3,5", "4", "1-2:1"), texts(mine, "job_info", "tasks"));
        assertEquals(List.of("qw", "Eqw", "qw", "Eqw", "hqw", "hqw"), texts(mine, "job_info", "state"),
                "pending by priority (held ones last), then job number");
    }

    static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    /** Each job_list as "parent/job_list[state]: child,child,...". */
    static Set<String> shapes(Document doc) {
        Set<String> shapes = new LinkedHashSet<>();
        NodeList lists = doc.getElementsByTagName("job_list");
        for (int i = 0; i < lists.getLength(); i++) {
            Element list = (Element) lists.item(i);
            shapes.add(((Element) list.getParentNode()).getTagName() + "/job_list[" + list.getAttribute("state")
                    + "]: " + String.join(",", childNames(list)));
        }
        return shapes;
    }

    static List<String> childNames(Element e) {
        List<String> names = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                names.add(child.getTagName());
            }
        }
        return names;
    }

    /** The text of every {@code field} of the job_lists under {@code section} (queue_info or the inner job_info). */
    static List<String> texts(Document doc, String section, String field) {
        List<String> out = new ArrayList<>();
        NodeList lists = doc.getElementsByTagName("job_list");
        for (int i = 0; i < lists.getLength(); i++) {
            Element list = (Element) lists.item(i);
            if (((Element) list.getParentNode()).getTagName().equals(section)) {
                NodeList f = list.getElementsByTagName(field);
                if (f.getLength() > 0) {
                    out.add(f.item(0).getTextContent());
                }
            }
        }
        return out;
    }

    @Test
    void taskRangesAndNames() {
        List<Task> tasks = new ArrayList<>();
        for (int id : new int[] {1, 3, 5, 9, 11}) {
            Task t = new Task();
            t.id = id;
            tasks.add(t);
        }
        assertEquals("1-5:2,9-11:2", SgeOutput.ranges(tasks, 2));
        assertEquals("1,3,5,9,11", SgeOutput.ranges(tasks, 1));
        assertEquals("a%lt;b>c&amp;d", SgeOutput.xmlName("a<b>c&d"), "SGE writes < as %lt; (facts)");
    }

    @Test
    void qacctBlockHasSgesFieldsAndPadding() {
        String block = TEXT.qacct(new Done(7, 0, "dprobe3", at("2026-11-25T17:18:13"), at("2026-11-25T17:18:13"),
                at("2026-11-25T17:18:14"), 3, "0", 1, "all.q", "NONE"));
        // lines as printed by SGE 8.1.9's qacct -j for a job that ran `exit 3` (measured)
        for (String line : List.of(SgeOutput.RULE, "qname        all.q               ",
                "jobname      dprobe3             ", "jobnumber    7                   ", "taskid       undefined",
                "qsub_time    Wed Nov 25 17:18:13 2026", "failed       0    ", "exit_status  3                   ")) {
            assertTrue(block.lines().anyMatch(line::equals), "missing line '" + line + "' in\n" + block);
        }
    }
}
