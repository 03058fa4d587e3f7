package io.github.qmr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.Escalation;
import io.github.qmr.runtime.JobRequest;
import io.github.qmr.runtime.Limits;
import io.github.qmr.runtime.Mode;
import io.github.qmr.runtime.Scheduling;
import io.github.qmr.runtime.WorkerSetup;
import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The goal's runtime settings: each has its default once, in the runtime's records (the goal's parameters have no
 * {@code defaultValue} of their own, and their documentation says the records' defaults), and each parameter reaches
 * the record of the same name.
 */
class GoalSettingsTest {
    /** The goal's parameters whose value the runtime's settings records read, by the records' names. */
    private static final Set<String> RUNTIME_SETTINGS = Set.of("mode", "maxWorkers", "workerTimeBudget", "jobArrays",
            "chunkSize", "numChunks", "pollInterval", "maxResubmissions", "maxPendingTime", "outageTolerance",
            "heartbeatTimeout", "classDataArchive", "taskTimeLimit", "escalateMemory", "escalateMemoryCap",
            "escalateTime", "escalateTimeCap", "memory", "walltime", "cpus", "partition", "account", "submitArgs");

    @Test
    void everyParameterReachesItsRecord() throws Exception {
        MapMojo mojo = new MapMojo();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("mode", "jobs");
        values.put("maxWorkers", 7);
        values.put("workerTimeBudget", "3m");
        values.put("jobArrays", false);
        values.put("numChunks", 9);
        values.put("pollInterval", "2s");
        values.put("maxResubmissions", 4);
        values.put("maxPendingTime", "1h");
        values.put("outageTolerance", "30s");
        values.put("heartbeatTimeout", "45s");
        values.put("classDataArchive", "false");
        values.put("taskTimeLimit", "30m");
        values.put("escalateMemory", "2");
        values.put("escalateMemoryCap", "16G");
        values.put("escalateTime", "1.5");
        values.put("escalateTimeCap", "4h");
        values.put("memory", "4G");
        values.put("walltime", "2:00:00");
        values.put("cpus", 2);
        values.put("partition", "short");
        values.put("account", "bio");
        values.put("submitArgs", "--qos=long --nice=5");
        for (Map.Entry<String, Object> e : values.entrySet()) {
            Field f = MapMojo.class.getDeclaredField(e.getKey());
            f.setAccessible(true);
            f.set(mojo, e.getValue());
        }
        Map<String, String> text = new LinkedHashMap<>();
        Method settings = MapMojo.class.getDeclaredMethod("settings", Map.class);
        settings.setAccessible(true);
        settings.invoke(mojo, text);
        assertEquals(values.keySet(), text.keySet());
        assertEquals(new Scheduling(Mode.JOBS, 7, Duration.ofMinutes(3), false, null, 9, Duration.ofSeconds(2)),
                Scheduling.fromText(text::get));
        assertEquals(new Limits(4, Duration.ofHours(1), Duration.ofSeconds(30), null,
                Limits.DEFAULTS.resultGracePeriod(), true, Duration.ofMinutes(30), Duration.ofSeconds(45)),
                Limits.fromText(text::get));
        assertEquals(Boolean.FALSE, WorkerSetup.fromText(text::get).classDataArchive());
        assertEquals(new Escalation(2, 16L << 30, 1.5, Duration.ofHours(4)), Escalation.fromText(text::get));
        assertEquals(new JobRequest(4L << 30, Duration.ofHours(2), 2, "short", "bio", List.of("--qos=long",
                "--nice=5")), JobRequest.fromText(text::get));
        // none set: nothing, so the records' defaults hold
        Map<String, String> none = new LinkedHashMap<>();
        settings.invoke(new MapMojo(), none);
        assertEquals(Map.of(), none);
    }

    @Test
    void theGoalWritesNoDefaultOfItsOwnAndDocumentsTheRecordsDefaults() throws Exception {
        Document plugin = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new File("target/classes/META-INF/maven/plugin.xml"));
        Element map = null;
        NodeList mojos = plugin.getElementsByTagName("mojo");
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            if (text(mojo, "goal").equals("map")) {
                map = mojo;
            }
        }
        assertNotNull(map, "the map goal in plugin.xml");
        Map<String, String> described = new LinkedHashMap<>();
        NodeList parameters = ((Element) map.getElementsByTagName("parameters").item(0))
                .getElementsByTagName("parameter");
        for (int i = 0; i < parameters.getLength(); i++) {
            Element p = (Element) parameters.item(i);
            described.put(text(p, "name"), text(p, "description"));
        }
        Element configuration = (Element) map.getElementsByTagName("configuration").item(0);
        for (String name : RUNTIME_SETTINGS) {
            assertTrue(described.containsKey(name), "the goal has <" + name + ">");
            Element value = (Element) configuration.getElementsByTagName(name).item(0);
            assertEquals("${qmr." + name + "}", value.getTextContent(), "<" + name + "> is -Dqmr." + name);
            assertEquals("", value.getAttribute("default-value"), "<" + name + "> has a defaultValue of its own;"
                    + " the runtime's record holds its default");
        }
        Scheduling s = Scheduling.DEFAULTS;
        Limits l = Limits.DEFAULTS;
        Map<String, String> says = new LinkedHashMap<>();
        says.put("mode", "pull (the default)");
        assertEquals(Mode.PULL, s.mode());
        says.put("maxWorkers", Scheduling.CLUSTER_MAX_WORKERS + " on SGE and Slurm");
        says.put("workerTimeBudget", "Default: " + s.workerTimeBudget().toMinutes() + " minutes");
        says.put("jobArrays", "Default: " + s.jobArrays());
        says.put("chunkSize", "in pull mode " + io.github.qmr.runtime.session.Chunking.PULL_CHUNKS_PER_WORKER
                + " chunks per worker");
        says.put("maxResubmissions", "Default: " + l.maxResubmissions());
        says.put("outageTolerance", "Default: " + l.outageTolerance().toMinutes() + " minutes");
        says.put("heartbeatTimeout", "Default: " + l.heartbeatTimeout().toMinutes() + " minutes");
        assertNull(l.maxPendingTime());
        says.put("maxPendingTime", "Default: no limit");
        assertNull(WorkerSetup.defaults().classDataArchive());
        says.put("classDataArchive", "auto (when every classpath entry is a jar");
        assertEquals(1.0, Escalation.OFF.memoryFactor());
        assertEquals(1.0, Escalation.OFF.timeFactor());
        assertNull(l.taskTimeLimit());
        says.put("taskTimeLimit", "Default: no limit");
        says.put("escalateMemory", "Default: 1 (off)");
        says.put("escalateTime", "Default: 1 (off)");
        assertNull(Escalation.OFF.memoryCap());
        assertNull(Escalation.OFF.timeCap());
        says.put("escalateMemoryCap", "Default: no cap");
        says.put("escalateTimeCap", "Default: no cap");
        assertTrue(JobRequest.NONE.isEmpty());
        says.put("memory", "Default: none, the site's");
        says.put("walltime", "Default: none, the site's");
        says.put("cpus", "Default: none, the site's (one)");
        says.put("partition", "Default: none, the cluster's");
        says.put("account", "Default: none, the site's");
        says.put("submitArgs", "Default: none");
        says.forEach((name, phrase) -> assertTrue(described.get(name).contains(phrase),
                "the goal's <" + name + "> should say '" + phrase + "': " + described.get(name)));
    }

    private static String text(Element parent, String child) {
        return parent.getElementsByTagName(child).item(0).getTextContent().strip();
    }
}
