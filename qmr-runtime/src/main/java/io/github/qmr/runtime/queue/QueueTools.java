package io.github.qmr.runtime.queue;

import io.github.qmr.runtime.process.Executables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a queue's client programs are: for each program name qmr uses ({@code qsub}, {@code sbatch}, ...) a bare
 * name looked up on PATH, or a path.
 *
 * <p>On Grid Engine, Debian's {@code /usr/bin/qsub} etc. are wrapper scripts that find SGE by themselves but cost
 * ~0.1 s per call; the real binaries ({@code $SGE_ROOT/bin/lx-amd64}, see {@link #sgeInRoot}) are ten times faster
 * but need {@code SGE_ROOT} and {@code SGE_CELL} in their environment.
 *
 * @param programs the configured program for each name, in the order given
 */
public record QueueTools(Map<String, String> programs) {
    /** Grid Engine's programs: submit, status, delete, accounting. */
    public static final List<String> SGE_PROGRAMS = List.of("qsub", "qstat", "qdel", "qacct");
    /** Slurm's programs: submit, status, cancel, accounting. */
    public static final List<String> SLURM_PROGRAMS = List.of("sbatch", "squeue", "scancel", "sacct");

    public QueueTools {
        for (Map.Entry<String, String> e : programs.entrySet()) {
            if (e.getValue() == null || e.getValue().isBlank()) {
                throw new IllegalArgumentException("every queue program needs a name or path, got " + e.getValue()
                        + " for " + e.getKey());
            }
        }
        programs = Collections.unmodifiableMap(new LinkedHashMap<>(programs));
    }

    /** The programs as found on PATH. */
    public static QueueTools onPath(List<String> names) {
        Map<String, String> programs = new LinkedHashMap<>();
        names.forEach(name -> programs.put(name, name));
        return new QueueTools(programs);
    }

    /** The programs in one folder, e.g. {@code /opt/slurm/bin}. */
    public static QueueTools in(Path binDir, List<String> names) {
        Map<String, String> programs = new LinkedHashMap<>();
        names.forEach(name -> programs.put(name, binDir.resolve(name).toString()));
        return new QueueTools(programs);
    }

    /** {@code qsub}, {@code qstat}, {@code qdel} and {@code qacct} as found on PATH. */
    public static QueueTools sge() {
        return onPath(SGE_PROGRAMS);
    }

    /** Grid Engine's programs by name or path each, e.g. from a build's configuration. */
    public static QueueTools sge(String qsub, String qstat, String qdel, String qacct) {
        return of(SGE_PROGRAMS, qsub, qstat, qdel, qacct);
    }

    /** Grid Engine's programs in one folder, e.g. {@code /var/lib/gridengine/bin/lx-amd64}. */
    public static QueueTools sgeIn(Path binDir) {
        return in(binDir, SGE_PROGRAMS);
    }

    /** The real binaries of an SGE installation: {@code SGE_ROOT/bin/ARCH}, ARCH e.g. {@code lx-amd64}. */
    public static QueueTools sgeInRoot(Path sgeRoot, String arch) {
        return sgeIn(sgeRoot.resolve("bin").resolve(arch));
    }

    /** {@code sbatch}, {@code squeue}, {@code scancel} and {@code sacct} as found on PATH. */
    public static QueueTools slurm() {
        return onPath(SLURM_PROGRAMS);
    }

    /** Slurm's programs by name or path each. */
    public static QueueTools slurm(String sbatch, String squeue, String scancel, String sacct) {
        return of(SLURM_PROGRAMS, sbatch, squeue, scancel, sacct);
    }

    /** Slurm's programs in one folder, e.g. {@code /usr/bin} or {@code /opt/slurm/bin}. */
    public static QueueTools slurmIn(Path binDir) {
        return in(binDir, SLURM_PROGRAMS);
    }

    private static QueueTools of(List<String> names, String... values) {
        Map<String, String> programs = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            programs.put(names.get(i), values[i]);
        }
        return new QueueTools(programs);
    }

    /** The configured program (a name on PATH or a path) for a program name such as {@code qsub}. */
    public String program(String name) {
        String program = programs.get(name);
        if (program == null) {
            throw new IllegalArgumentException("no program configured for " + name + "; these tools name "
                    + programs.keySet());
        }
        return program;
    }

    /**
     * The executable that {@link #program(String)} stands for, the way the JDK starts it: a path as it is, a bare
     * name as the first executable file of that name in {@code pathEnv}'s folders; empty if there is none.
     */
    public Optional<Path> locate(String name, String pathEnv) {
        return Executables.locate(program(name), pathEnv);
    }

    /** An argv whose first element is a program name, with that name replaced by the configured program. */
    public List<String> resolve(List<String> argv) {
        List<String> resolved = new ArrayList<>(argv);
        resolved.set(0, program(argv.get(0)));
        return resolved;
    }
}
