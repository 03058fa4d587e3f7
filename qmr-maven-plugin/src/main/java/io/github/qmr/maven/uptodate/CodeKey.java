package io.github.qmr.maven.uptodate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;

/**
 * The code a class runs with, by content: every jar of the classpath (its bytes), and of the project's class folders
 * only the classes it can reach from its bytecode (fields, methods, signatures, constants, annotations, nested and
 * lambda classes, following each reached class in turn), plus the folders' other files (resources it may read). A
 * class it cannot reach (another map's function, a reducer) does not change the key; any reached class does.
 *
 * <p>A class named only in a string (reflection, {@code Class.forName}) is not seen: such a change needs
 * {@code -Dqmr.force}. A class file newer than ASM reads makes every class of the folders part of the key.
 */
public final class CodeKey {
    private CodeKey() {}

    /**
     * @param roots the classes the code starts from (binary names, e.g. {@code com.example.Simulate})
     * @param classpath the classpath in order: jars (by content) and class folders (by reachable class)
     * @return SHA-256 of it all, in hex
     */
    public static String of(Collection<String> roots, List<Path> classpath) {
        return of(roots, classpath, new java.util.HashMap<>());
    }

    /**
     * As {@link #of(Collection, List)}, with the jars' digests taken from and put into {@code jarDigests}: one build
     * reads each jar once for the function's key and the reducer's.
     */
    public static String of(Collection<String> roots, List<Path> classpath, Map<Path, String> jarDigests) {
        StringBuilder s = new StringBuilder("qmr code key 1\n");
        for (String root : new TreeSet<>(roots)) {
            s.append("root ").append(root).append('\n');
        }
        List<Path> folders = classpath.stream().filter(Files::isDirectory).toList();
        for (Path entry : classpath) {
            if (!Files.isDirectory(entry)) {
                s.append("jar ").append(jarDigests.computeIfAbsent(entry, ContentDigest::of)).append('\n');
            }
        }
        reachable(roots, folders).forEach((name, digest) -> s.append("class ").append(name).append(' ')
                .append(digest).append('\n'));
        for (Path folder : folders) {
            s.append("resources ").append(resources(folder)).append('\n');
        }
        return sha256(s.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The classes of {@code folders} that {@code roots} reach, by internal name, each with the digest of its class
     * file (the first folder holding it wins, as on a classpath). Classes elsewhere (the JDK, jars) end the walk.
     */
    public static SortedMap<String, String> reachable(Collection<String> roots, List<Path> folders) {
        SortedMap<String, String> found = new TreeMap<>();
        Deque<String> todo = new ArrayDeque<>();
        Set<String> seen = new TreeSet<>();
        for (String root : roots) {
            todo.add(root.strip().replace('.', '/'));
        }
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!seen.add(name)) {
                continue;
            }
            Path file = classFile(name, folders);
            if (file == null) {
                continue;
            }
            byte[] bytes = read(file);
            found.put(name, sha256(bytes));
            Set<String> refs;
            try {
                refs = references(bytes);
            } catch (RuntimeException e) {
                // a class file ASM cannot read (a newer JDK): every class of the folders counts, never too few
                return allClasses(folders);
            }
            for (String ref : refs) {
                if (!seen.contains(ref)) {
                    todo.add(ref);
                }
            }
        }
        return found;
    }

    /** Every class name a class file refers to: the names ASM's remapper is asked to map are exactly those. */
    static Set<String> references(byte[] classFile) {
        Set<String> refs = new TreeSet<>();
        Remapper collector = new Remapper() {
            @Override
            public String map(String internalName) {
                refs.add(internalName);
                return internalName;
            }
        };
        // a writer behind the remapper: with no visitor behind it, ASM skips method bodies, fields and annotations
        new ClassReader(classFile).accept(new ClassRemapper(new ClassWriter(0), collector), 0);
        return refs;
    }

    private static Path classFile(String internalName, List<Path> folders) {
        if (internalName.startsWith("[") || internalName.isEmpty()) {
            return null;
        }
        for (Path folder : folders) {
            Path f = folder.resolve(internalName + ".class");
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        return null;
    }

    private static SortedMap<String, String> allClasses(List<Path> folders) {
        SortedMap<String, String> all = new TreeMap<>();
        for (Path folder : folders) {
            for (Path f : files(folder)) {
                String rel = folder.relativize(f).toString().replace('\\', '/');
                if (rel.endsWith(".class")) {
                    all.putIfAbsent(rel.substring(0, rel.length() - 6), sha256(read(f)));
                }
            }
        }
        return all;
    }

    /** The folder's files other than classes, by name and content. */
    private static String resources(Path folder) {
        StringBuilder s = new StringBuilder();
        for (Path f : files(folder)) {
            String rel = folder.relativize(f).toString().replace('\\', '/');
            if (!rel.endsWith(".class")) {
                s.append(rel).append(' ').append(ContentDigest.of(f)).append('\n');
            }
        }
        return sha256(s.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static List<Path> files(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + " to tell what changed since the last run: "
                    + e, e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " to tell what changed since the last run: " + e,
                    e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
