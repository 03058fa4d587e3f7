package io.github.qmr.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** This JVM's class path split as the mojo splits a build's: qmr's own jars, and the "project" (test classes). */
public final class TestClasspath {
    /** The entries of qmr's runtime and Kryo's jars (the workers' own classes). */
    public static final String QMR = ".*(qmr-runtime|kryo|reflectasm|objenesis|minlog).*";

    private TestClasspath() {}

    /** qmr's own jars: the runtime and Kryo with its dependencies. */
    public static List<Path> qmr() {
        return entries(QMR);
    }

    /** This module's test classes, the project whose functions the tests map. */
    public static List<Path> project() {
        List<Path> out = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.matches(QMR) && entry.endsWith("test-classes")) {
                out.add(Path.of(entry));
            }
        }
        return out;
    }

    /** The class path entries that match the regex. */
    public static List<Path> entries(String regex) {
        List<Path> out = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.matches(regex)) {
                out.add(Path.of(entry));
            }
        }
        return out;
    }
}
