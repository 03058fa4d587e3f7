package io.github.qmr.maven.classpath;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.qmr.maven.TestClasspath;
import io.github.qmr.runtime.TaskFunction;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProjectClassLoaderTest {
    @Test
    void qmrsClassesAreThePluginsAndEveryOtherLibraryComesFromTheProjectsEntriesOnly() throws Exception {
        List<Path> qmr = TestClasspath.qmr();
        List<Path> commonsIo = TestClasspath.entries(".*commons-io.*");
        try (URLClassLoader loader = ProjectClassLoader.of(commonsIo, qmr)) {
            assertSame(TaskFunction.class, loader.loadClass(TaskFunction.class.getName()));
            // the project's own copy of a library, never the plugin's (this JVM has the same jar, another loader)
            Class<?> io = loader.loadClass("org.apache.commons.io.IOUtils");
            assertSame(loader, io.getClassLoader());
            assertNotSame(org.apache.commons.io.IOUtils.class, io);
            // a library only the plugin has is not visible to the project
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("org.apache.commons.csv.CSVFormat"));
        }
    }
}
