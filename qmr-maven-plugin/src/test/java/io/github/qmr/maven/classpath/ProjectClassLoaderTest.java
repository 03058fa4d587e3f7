package io.github.qmr.maven.classpath;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.qmr.runtime.TaskFunction;
import java.io.File;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProjectClassLoaderTest {
    private static List<Path> entries(String regex) {
        List<Path> out = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.matches(regex)) {
                out.add(Path.of(entry));
            }
        }
        return out;
    }

    @Test
    void qmrsClassesAreThePluginsAndEveryOtherLibraryComesFromTheProjectsEntriesOnly() throws Exception {
        List<Path> qmr = entries(".*(qmr-runtime|kryo|reflectasm|objenesis|minlog).*");
        List<Path> commonsIo = entries(".*commons-io.*");
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
