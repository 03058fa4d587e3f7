package io.github.qmr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mvn site asks the report whether it has a page: only where a map left results. */
class SiteReportMojoTest {
    @TempDir
    Path dir;

    @Test
    void aModuleWithoutResultsHasNoPageAndSaysWhyOnce() throws Exception {
        SiteReportMojo mojo = new SiteReportMojo();
        java.lang.reflect.Field results = SiteReportMojo.class.getDeclaredField("resultsDirectory");
        results.setAccessible(true);
        results.set(mojo, dir.resolve("qmr").toFile());
        List<String> info = new ArrayList<>();
        mojo.setLog(new SystemStreamLog() {
            @Override
            public void info(CharSequence line) {
                info.add(line.toString());
            }
        });
        assertFalse(mojo.canGenerateReport(), "no folder");
        Files.createDirectories(dir.resolve("qmr/sweep"));
        assertFalse(mojo.canGenerateReport(), "a folder without results.qmr");
        assertEquals(1, info.size(), info.toString());
        assertTrue(info.get(0).startsWith("qmr:site-report: no map results under " + dir.resolve("qmr")
               ), info.get(0));
        assertTrue(info.get(0).endsWith("mvn verify site"), info.get(0));
        Files.writeString(dir.resolve("qmr/sweep/results.qmr"), "");
        assertTrue(mojo.canGenerateReport());
        assertEquals("qmr", mojo.getOutputName());
    }
}
