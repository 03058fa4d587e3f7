package io.github.qmr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.Escalation;
import io.github.qmr.runtime.JobRequest;
import io.github.qmr.runtime.Limits;
import io.github.qmr.runtime.Mode;
import io.github.qmr.runtime.Scheduling;
import io.github.qmr.runtime.SettingException;
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

    /** The runtime's records refuse a value; the goal says so naming its parameter, as {@code <name>}. */
    private static void assertRefused(String parameter, String message, String setting, String value) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> {
            try {
                Map<String, String> text = Map.of(setting, value);
                Scheduling.fromText(text::get);
                Limits.fromText(text::get);
                JobRequest.fromText(text::get);
            } catch (SettingException refused) {
                throw ConfigurationException.of(refused);
            }
        });
        assertEquals(message, e.getMessage());
        assertEquals(parameter, e.parameter());
    }

    @Test
    void theRecordsRefusalsNameTheGoalsParameters() {
        ConfigurationException both = assertThrows(ConfigurationException.class, () -> {
            try {
                Scheduling.fromText(Map.of("chunkSize", "2", "numChunks", "2")::get);
            } catch (SettingException refused) {
                throw ConfigurationException.of(refused);
            }
        });
        assertEquals("<chunkSize> and <numChunks> are both set; keep one", both.getMessage());
        assertEquals("chunkSize", both.parameter());
        assertRefused("numChunks", "<numChunks> must be at least 1, got 0", "numChunks", "0");
        assertRefused("pollInterval", "<pollInterval> 'soon' is not a duration; write e.g. 500ms, 2s, 1m or PT2S",
                "pollInterval", "soon");
        assertRefused("maxPendingTime", "<maxPendingTime> must be more than 0; leave it out for no limit",
                "maxPendingTime", "0s");
        assertRefused("memory", "<memory> is not a memory size: '4 gigs'; write e.g. 4G or 512M", "memory", "4 gigs");
        assertRefused("walltime", "<walltime> '2 hours' is not a walltime; write e.g. 2:00:00"
                + " (hours:minutes:seconds), 90m or 2h", "walltime", "2 hours");
        assertRefused("cpus", "<cpus> must be at least 1, got 0; leave it out for the site's default (one)", "cpus",
                "0");
        assertEquals(Duration.ofMillis(500), Scheduling.fromText(Map.of("pollInterval", "500ms")::get)
                .pollInterval());
        assertEquals(Duration.ofHours(2), Limits.fromText(Map.of("maxPendingTime", "2h")::get).maxPendingTime());
    }

    @Test
    void durations() throws ConfigurationException {
        assertEquals(Duration.ofSeconds(2), ConfigurationException.duration("p", "2s"));
        assertEquals(Duration.ofSeconds(90), ConfigurationException.duration("p", "1.5m"));
        assertEquals(Duration.ofHours(1), ConfigurationException.duration("p", "1h"));
        assertEquals(Duration.ofSeconds(3), ConfigurationException.duration("p", "PT3S"));
        assertEquals("<p> '2' is not a duration; write e.g. 500ms, 2s, 1m or PT2S",
                assertThrows(ConfigurationException.class, () -> ConfigurationException.duration("p", "2"))
                        .getMessage());
        assertEquals(Duration.ofSeconds(10), ProgressLog.interval(null));
        assertEquals(Duration.ofSeconds(3), ProgressLog.interval("3s"));
    }

    /** The goal's own settings, beside the runtime's records: one default and one check each. */
    @Test
    void theGoalsOwnSettings() throws ConfigurationException {
        SettingException threshold = assertThrows(SettingException.class, () -> new BuildThreshold(-1, false, true));
        assertEquals("<maxFailedTasks> must be 0 or more, got -1; 0 fails the build on any failed task",
                ConfigurationException.of(threshold).getMessage());
        assertEquals(0, BuildThreshold.DEFAULTS.maxFailedTasks());
        // the build's threshold is not the map's stop: only <failFast> stops the map at a count
        assertNull(BuildThreshold.DEFAULTS.applyTo(Limits.DEFAULTS).maxFailedTasks());
        assertEquals(0L, new BuildThreshold(5, true, true).applyTo(Limits.DEFAULTS).maxFailedTasks());
        assertEquals(false, new BuildThreshold(0, false, false).applyTo(Limits.DEFAULTS).stopOnSystematicFailure());
        assertEquals("<function> is not set: name the class that implements io.github.qmr.runtime.TaskFunction, e.g."
                + " <function>com.example.Simulate</function> or -Dqmr.function=com.example.Simulate",
                assertThrows(ConfigurationException.class, () -> MapGoal.function(" ")).getMessage());
        assertEquals("<classpathScope> 'provided' is not a classpath; use compile, runtime or test",
                assertThrows(ConfigurationException.class, () -> MapGoal.classpathScope("provided")).getMessage());
        assertEquals("runtime", MapGoal.classpathScope(null));
        assertEquals(io.github.qmr.maven.cache.Rerun.CHANGED, MapGoal.rerun(null));
        assertEquals("rerun", assertThrows(ConfigurationException.class, () -> MapGoal.rerun("all")).parameter());
        assertEquals(PreflightCheck.Setting.DEFAULTS, PreflightCheck.Setting.of(1, null));
        assertEquals("<preflight> must be 0 (no pre-flight check) or more tasks, got -1",
                assertThrows(ConfigurationException.class, () -> PreflightCheck.Setting.of(-1, null)).getMessage());
        assertEquals("preflightTimeLimit", assertThrows(ConfigurationException.class,
                () -> PreflightCheck.Setting.of(1, "0s")).parameter());
    }

    private static String text(Element parent, String child) {
        return parent.getElementsByTagName(child).item(0).getTextContent().strip();
    }
}
