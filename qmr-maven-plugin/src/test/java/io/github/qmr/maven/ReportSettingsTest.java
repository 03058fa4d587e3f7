package io.github.qmr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the goal writes beside the results and compares them with, checked before anything is submitted. */
class ReportSettingsTest {
    private static ReportSettings of(String replicates, File compareWith, Double tolerance, String junit,
            Map<String, String> sweep, Path basedir) throws ConfigurationException {
        return ReportSettings.of(replicates, compareWith, tolerance, junit, null, sweep, basedir);
    }

    /** Another run to compare with: a results file or its folder. */
    @Test
    void compareWithNamesAResultsFileOrItsFolder(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("before"));
        Files.writeString(dir.resolve("before/results.qmr"), "");
        assertEquals(dir.resolve("before/results.qmr"), of(null, new File("before"), null, "auto", null, dir)
                .compareResults());
        ConfigurationException missing = assertThrows(ConfigurationException.class,
                () -> of(null, new File("nowhere"), null, "auto", null, dir));
        assertEquals("compareWith", missing.parameter());
        assertEquals("<compareWith> " + dir.resolve("nowhere") + " is neither a results.qmr nor a folder holding one;"
                + " name the other run's target/qmr/<execution id>/results.qmr", missing.getMessage());
        ConfigurationException negative = assertThrows(ConfigurationException.class,
                () -> of(null, new File("before"), -1.0, "auto", null, dir));
        assertEquals("compareTolerance", negative.parameter());
        // as -Dqmr.compareTolerance for qmr:compare in the same build: nothing to do
        assertNull(of(null, null, 1e-9, "auto", null, dir).compareResults());
    }

    @Test
    void replicatesMustBeParametersOfTheSweep() throws ConfigurationException {
        Map<String, String> sweep = new LinkedHashMap<>();
        sweep.put("x", "1..3");
        sweep.put("seed", "1..4");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> of("seed, sed", null, null, "auto", sweep, Path.of("/project")));
        assertEquals("replicates", e.parameter());
        assertEquals("<replicates> names sed, not a parameter of the sweep (x, seed); name the sweep's parameters that"
                + " are repeats (e.g. seed), or none", e.getMessage());
        assertEquals(List.of("x", "seed"), of("x,seed", null, null, "auto", sweep, Path.of("/project")).replicates());
        assertEquals(List.of(), of("none", null, null, "auto", sweep, Path.of("/project")).replicates());
    }

    @Test
    void anUnknownJUnitModeNamesItsParameter() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> of(null, null, null, "sometimes", null, Path.of("/project")));
        assertEquals("junitReport", e.parameter());
        assertEquals("<junitReport> 'sometimes' is not a setting; use auto (one test case per task up to 10000 tasks,"
                + " then one per chunk), tasks, chunks or off", e.getMessage());
    }
}
