package io.github.qmr.maven.classpath;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Loads the project's classes on the process node (pre-flight, task source, reducer, reading results) as the
 * workers do: from the project's classpath in the project's versions, except qmr's own packages (qmr-runtime, Kryo
 * and Kryo's), which come from the plugin, so {@code TaskFunction} and the codec are the very classes the plugin
 * uses. A plain child of the plugin's loader would instead give the plugin's commons-io or Jackson first.
 */
public final class ProjectClassLoader {
    private ProjectClassLoader() {}

    /**
     * @param projectEntries the project's classpath, without qmr's artifacts
     * @param qmrJars qmr's own jars, whose packages are taken from the plugin's loader
     */
    public static URLClassLoader of(List<Path> projectEntries, List<Path> qmrJars) {
        URL[] urls = new URL[projectEntries.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = projectEntries.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("classpath entry " + projectEntries.get(i) + " is not a file path",
                        e);
            }
        }
        ClassLoader qmr = new QmrOnly(packagesOf(qmrJars), ProjectClassLoader.class.getClassLoader());
        // unnamed: a named loader would prefix each frame of the project's stack traces with its name
        return new URLClassLoader(urls, qmr);
    }

    /** The packages (dotted, with a trailing dot) holding the classes of {@code jars} (jars or class folders). */
    static Set<String> packagesOf(List<Path> jars) {
        Set<String> packages = new HashSet<>();
        for (Path jar : jars) {
            try {
                if (Files.isDirectory(jar)) {
                    try (Stream<Path> files = Files.walk(jar)) {
                        files.map(f -> jar.relativize(f).toString().replace(java.io.File.separatorChar, '/'))
                                .forEach(n -> addPackage(n, packages));
                    }
                } else {
                    try (JarFile file = new JarFile(jar.toFile())) {
                        file.stream().forEach(e -> addPackage(e.getName(), packages));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read qmr's classpath entry " + jar + ": " + e.getMessage(), e);
            }
        }
        return packages;
    }

    private static void addPackage(String entry, Set<String> packages) {
        if (entry.endsWith(".class") && entry.indexOf('/') > 0 && !entry.startsWith("META-INF/")) {
            packages.add(entry.substring(0, entry.lastIndexOf('/') + 1).replace('/', '.'));
        }
    }

    /** The platform's classes, and qmr's packages from the plugin's loader; nothing else of the plugin's. */
    private static final class QmrOnly extends ClassLoader {
        private final Set<String> packages;
        private final ClassLoader plugin;

        QmrOnly(Set<String> packages, ClassLoader plugin) {
            super("qmr-own", ClassLoader.getPlatformClassLoader());
            this.packages = packages;
            this.plugin = plugin;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            int dot = name.lastIndexOf('.');
            if (dot > 0 && packages.contains(name.substring(0, dot + 1))) {
                return plugin.loadClass(name);
            }
            return super.loadClass(name, resolve);
        }

        @Override
        protected URL findResource(String name) {
            return null; // resources come from the project's entries
        }

        @Override
        protected Enumeration<URL> findResources(String name) {
            return java.util.Collections.emptyEnumeration();
        }
    }
}
