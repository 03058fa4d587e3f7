package io.github.qmr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class MapRequestTest {
    private static MapRequest valid() {
        MapRequest r = new MapRequest();
        r.basedir = Path.of("/project");
        r.function = "com.example.F";
        r.sweepSpec = "x=1..3";
        return r;
    }

    private static ConfigurationException invalid(Consumer<MapRequest> change) {
        MapRequest r = valid();
        change.accept(r);
        return assertThrows(ConfigurationException.class, r::validate);
    }

    private static void assertMessage(String parameter, String message, Consumer<MapRequest> change) {
        ConfigurationException e = invalid(change);
        assertEquals(message, e.getMessage());
        assertEquals(parameter, e.parameter());
    }

    @Test
    void defaultsAndDerivedValues() throws ConfigurationException {
        MapRequest r = valid();
        r.settings.put("pollInterval", "500ms");
        r.settings.put("maxPendingTime", "2h");
        r.environmentSecrets = List.of("*TOKEN*");
        r.resourcesSpec = "h_vmem=4G; h_rt=1:00:00";
        r.workDir = Path.of("scratch");
        r.environmentSpec = "OMP_NUM_THREADS=1; LANG = C.UTF-8";
        r.validate();
        assertEquals(Map.of("OMP_NUM_THREADS", "1", "LANG", "C.UTF-8"), r.environmentMap());
        assertEquals(Path.of("/project/scratch"), r.workDir);
        assertEquals(Path.of("/project/target/qmr/default-cli"), r.resultsDirectory());
        assertEquals(Duration.ofMillis(500), r.scheduling().pollInterval());
        assertEquals(Duration.ofHours(2), r.limits().maxPendingTime());
        assertEquals(Duration.ofSeconds(10), r.progressIntervalDuration());
        assertEquals(Map.of("h_vmem", "4G", "h_rt", "1:00:00"), r.resourceMap());
        assertEquals(List.of("h_vmem", "h_rt"), List.copyOf(r.resourceMap().keySet()));
        assertEquals(Map.of("x", "1..3"), r.sweepMap());
        assertEquals(3, r.sweepTasks().size());
        assertEquals(Path.of("/project/tasks.csv"), r.resolve(new File("tasks.csv")));
    }

    /** Another run to compare with: a results file or its folder, checked before anything is submitted. */
    @Test
    void compareWithNamesAResultsFileOrItsFolder(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("before"));
        java.nio.file.Files.writeString(dir.resolve("before/results.qmr"), "");
        MapRequest r = valid();
        r.basedir = dir;
        r.compareWith = new File("before");
        r.validate();
        assertEquals(dir.resolve("before/results.qmr"), r.compareResults());
        ConfigurationException missing = assertThrows(ConfigurationException.class, () -> {
            MapRequest m = valid();
            m.basedir = dir;
            m.compareWith = new File("nowhere");
            m.validate();
        });
        assertEquals("compareWith", missing.parameter());
        assertEquals("<compareWith> " + dir.resolve("nowhere") + " is neither a results.qmr nor a folder holding one;"
                + " name the other run's target/qmr/<execution id>/results.qmr", missing.getMessage());
        ConfigurationException negative = assertThrows(ConfigurationException.class, () -> {
            MapRequest m = valid();
            m.basedir = dir;
            m.compareWith = new File("before");
            m.compareTolerance = -1.0;
            m.validate();
        });
        assertEquals("compareTolerance", negative.parameter());
        MapRequest none = valid();
        none.compareTolerance = 1e-9; // as -Dqmr.compareTolerance for qmr:compare in the same build: nothing to do
        none.validate();
        assertNull(none.compareResults());
    }

    @Test
    void durations() throws ConfigurationException {
        assertEquals(Duration.ofSeconds(2), MapRequest.duration("p", "2s"));
        assertEquals(Duration.ofSeconds(90), MapRequest.duration("p", "1.5m"));
        assertEquals(Duration.ofHours(1), MapRequest.duration("p", "1h"));
        assertEquals(Duration.ofSeconds(3), MapRequest.duration("p", "PT3S"));
        assertEquals("<p> '2' is not a duration; write e.g. 500ms, 2s, 1m or PT2S",
                assertThrows(ConfigurationException.class, () -> MapRequest.duration("p", "2")).getMessage());
    }

    @Test
    void eachMistakeNamesItsParameter() {
        assertMessage("function", "<function> is not set: name the class that implements"
                + " io.github.qmr.runtime.TaskFunction, e.g. <function>com.example.Simulate</function> or"
                + " -Dqmr.function=com.example.Simulate", r -> r.function = " ");
        assertMessage("sweep", "no tasks: set one of <sweep> (e.g. <sweep><seed>1..10</seed></sweep>), <tasksFile> (a"
                + " .csv or .jsonl file) or <taskSource> (a class implementing io.github.qmr.runtime.TaskSource)",
                r -> r.sweepSpec = null);
        assertMessage("sweep", "several task sources are set (-Dqmr.sweep, <tasksFile>); keep exactly one of <sweep>"
                + " (or -Dqmr.sweep), <tasksFile> and <taskSource>", r -> r.tasksFile = new File("t.csv"));
        assertMessage("queue", "<queue> 'pbs' is not a queue qmr knows; use one of auto, local, sge, slurm, dummy",
                r -> r.queue = "pbs");
        assertMessage("chunkSize", "<chunkSize> and <numChunks> are both set; keep one", r -> {
            r.settings.put("chunkSize", "2");
            r.settings.put("numChunks", "2");
        });
        assertMessage("numChunks", "<numChunks> must be at least 1, got 0",
                r -> r.settings.put("numChunks", "0"));
        assertMessage("maxFailedTasks", "<maxFailedTasks> must be 0 or more, got -1; 0 fails the build on any failed"
                + " task", r -> r.maxFailedTasks = -1);
        assertMessage("pollInterval", "<pollInterval> 'soon' is not a duration; write e.g. 500ms, 2s, 1m or PT2S",
                r -> r.settings.put("pollInterval", "soon"));
        assertMessage("resourcesSpec", "-Dqmr.resources part 'h_vmem' is not name=value; write e.g."
                + " h_vmem=4G;h_rt=1:00:00", r -> r.resourcesSpec = "h_vmem");
        assertMessage("java", "<java> /nonexistent/java does not exist or is not executable; give the path of a java"
                + " executable (JDK 17 or later), or leave it out to use Maven's own",
                r -> r.java = Path.of("/nonexistent/java"));
        assertMessage("environmentDeny", "<environmentDeny> 'AWS-KEY' is not a variable name or pattern; write names"
                + " such as PATH, or patterns such as AWS_* or *TOKEN*", r -> r.environmentDeny = List.of("AWS-KEY"));
        assertMessage("maxPendingTime", "<maxPendingTime> must be more than 0; leave it out for no limit",
                r -> r.settings.put("maxPendingTime", "0s"));
        assertMessage("environment", "<environment><1X> is not a variable name; use letters, digits and _",
                r -> r.environmentSpec = "1X=2");
        assertMessage("environmentSpec", "-Dqmr.environment part 'LANG' is not name=value; write e.g."
                + " OMP_NUM_THREADS=1;LANG=C", r -> r.environmentSpec = "LANG");
        assertMessage("sweepSpec", "-Dqmr.sweep part 'x' is not name=values; write e.g."
                + " -Dqmr.sweep=\"alpha=0.1,0.2;seed=1..100\"", r -> r.sweepSpec = "x");
        assertMessage("sweepSpec", "-Dqmr.sweep names no parameter; write e.g."
                + " -Dqmr.sweep=\"alpha=0.1,0.2;seed=1..100\"", r -> r.sweepSpec = " ; ");
        assertMessage("sweepSpec", "-Dqmr.sweep seed range '1..' is not a range; write FROM..TO for integers (1..100)"
                + " or FROM..TO:STEP (0..1:0.25)", r -> r.sweepSpec = "seed=1..");
        assertMessage("memory", "<memory> is not a memory size: '4 gigs'; write e.g. 4G or 512M",
                r -> r.settings.put("memory", "4 gigs"));
        assertMessage("walltime", "<walltime> '2 hours' is not a walltime; write e.g. 2:00:00 (hours:minutes:seconds),"
                + " 90m or 2h", r -> r.settings.put("walltime", "2 hours"));
        assertMessage("cpus", "<cpus> must be at least 1, got 0; leave it out for the site's default (one)",
                r -> r.settings.put("cpus", "0"));
        assertMessage("resources", "<resources> and -Dqmr.resources (<resourcesSpec>) are both set; keep one", r -> {
            r.resources = new LinkedHashMap<>(Map.of("h_vmem", "4G"));
            r.resourcesSpec = "h_rt=1:00:00";
        });
    }

    @Test
    void replicatesMustBeParametersOfTheSweep() throws ConfigurationException {
        assertMessage("replicates", "<replicates> names sed, not a parameter of the sweep (x, seed); name the sweep's"
                + " parameters that are repeats (e.g. seed), or none", r -> {
                    r.sweepSpec = "x=1..3; seed=1..4";
                    r.replicates = "seed, sed";
                });
        MapRequest r = valid();
        r.sweepSpec = "x=1..3; seed=1..4";
        r.replicates = "x,seed";
        r.validate();
        r.replicates = "none";
        r.validate();
    }

    @Test
    void theSweepOnTheCommandLine() throws ConfigurationException {
        MapRequest r = valid();
        r.sweepSpec = "alpha=0.1,0.2; seed=1..3;";
        r.validate();
        assertEquals(List.of("alpha", "seed"), List.copyOf(r.sweepMap().keySet()));
        assertEquals(6, r.sweepTasks().size());
    }

    @Test
    void noSweepWhenTheTasksComeFromAFile() throws ConfigurationException {
        MapRequest r = valid();
        r.sweepSpec = null;
        r.tasksFile = new File("t.csv");
        r.validate();
        assertNull(r.sweepMap());
    }
}
