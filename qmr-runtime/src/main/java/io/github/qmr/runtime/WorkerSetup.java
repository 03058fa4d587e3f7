package io.github.qmr.runtime;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * How each worker JVM starts: which {@code java}, with which options and classpath, environment and working
 * directory, and whether it maps a class-data archive. Immutable; {@link #defaults()} holds every default (this JVM's
 * own java, classpath and directory), the constructor every check of a value, and {@link #fromText} the text form.
 *
 * @param java the workers' {@code java} executable
 * @param jvmOptions the workers' JVM options (the queue's, such as an -Xmx for a memory request, come first)
 * @param classpath the workers' classpath, absolute
 * @param environment which environment variables the workers get
 * @param classDataArchive whether the workers map a class-data archive (AppCDS): null when every classpath entry is
 *     a jar; true also says in a notice why one cannot be used; false never
 * @param workingDir the workers' working directory, absolute
 * @param stageClasspath whether the classpath is copied into the work dir's {@code classpath} folder by content
 *     before the first map (see {@code workdir.ClasspathStager}): null when the queue's jobs run on other nodes
 *     ({@link Plan#stagesClasspath()}); true also on this node; false never (the entries are on shared storage)
 */
public record WorkerSetup(Path java, List<String> jvmOptions, List<Path> classpath, EnvironmentPolicy environment,
        Boolean classDataArchive, Path workingDir, Boolean stageClasspath) {
    /** The workers' JVM options by default: no parallel GC threads, which a worker of one task at a time never needs. */
    public static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC");

    public WorkerSetup {
        Objects.requireNonNull(java, "java");
        jvmOptions = List.copyOf(Objects.requireNonNull(jvmOptions, "jvmOptions"));
        classpath = Objects.requireNonNull(classpath, "classpath").stream().map(Path::toAbsolutePath).toList();
        Objects.requireNonNull(environment, "environment");
        workingDir = Objects.requireNonNull(workingDir, "workingDir").toAbsolutePath();
    }

    /** Every default: this JVM's java and classpath, {@link #JVM_OPTIONS}, the environment inherited, this directory. */
    public static WorkerSetup defaults() {
        List<Path> classpath = Arrays.stream(System.getProperty("java.class.path", "").split(File.pathSeparator))
                .filter(s -> !s.isEmpty()).map(Path::of).toList();
        return new WorkerSetup(Path.of(System.getProperty("java.home"), "bin", "java"), JVM_OPTIONS, classpath,
                EnvironmentPolicy.inherit(), null, Path.of(""), null);
    }

    /**
     * {@link #defaults()} with the settings read through {@code text}: {@code java} (a path), {@code jvmOptions}
     * ({@code -Xmx2g,-Dfoo=bar}), {@code classDataArchive} ({@code auto}, {@code true} or {@code false}),
     * {@code workerWorkingDir} (a path); one not set keeps its default. The classpath and environment are no text.
     */
    public static WorkerSetup fromText(Function<String, String> text) {
        SettingText t = SettingText.of(text);
        WorkerSetup d = defaults();
        String java = t.text("java");
        String options = t.text("jvmOptions");
        Boolean archive = t.choice("classDataArchive", List.of("auto", "true", "false"),
                w -> w.equals("auto") ? null : Boolean.valueOf(w));
        String dir = t.text("workerWorkingDir");
        return new WorkerSetup(java == null ? d.java : Path.of(java),
                options == null ? d.jvmOptions : Arrays.stream(options.split(",")).map(String::strip)
                        .filter(s -> !s.isEmpty()).toList(),
                d.classpath, d.environment, archive, dir == null ? d.workingDir : Path.of(dir), d.stageClasspath);
    }

    /**
     * This setup, its {@code java} checked before anything starts: an executable file.
     *
     * @throws SettingException it is not
     */
    public WorkerSetup checkedJava() {
        if (!Files.isExecutable(java)) {
            throw new SettingException("java", java + " does not exist or is not executable",
                    "give the path of a java executable (JDK 17 or later)");
        }
        return this;
    }

    public WorkerSetup withJava(Path java) {
        return new WorkerSetup(java, jvmOptions, classpath, environment, classDataArchive, workingDir, stageClasspath);
    }

    public WorkerSetup withJvmOptions(List<String> options) {
        return new WorkerSetup(java, options, classpath, environment, classDataArchive, workingDir, stageClasspath);
    }

    public WorkerSetup withClasspath(List<Path> classpath) {
        return new WorkerSetup(java, jvmOptions, classpath, environment, classDataArchive, workingDir, stageClasspath);
    }

    public WorkerSetup withEnvironment(EnvironmentPolicy policy) {
        return new WorkerSetup(java, jvmOptions, classpath, policy, classDataArchive, workingDir, stageClasspath);
    }

    /** Null: when every classpath entry is a jar. */
    public WorkerSetup withClassDataArchive(Boolean use) {
        return new WorkerSetup(java, jvmOptions, classpath, environment, use, workingDir, stageClasspath);
    }

    /** Null: when the queue's jobs run on other nodes. */
    public WorkerSetup withStageClasspath(Boolean stage) {
        return new WorkerSetup(java, jvmOptions, classpath, environment, classDataArchive, workingDir, stage);
    }

    public WorkerSetup withWorkingDir(Path dir) {
        return new WorkerSetup(java, jvmOptions, classpath, environment, classDataArchive, dir, stageClasspath);
    }
}
