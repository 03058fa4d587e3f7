package io.github.qmr.runtime.queue.sge;

import io.github.qmr.runtime.process.Executables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where SGE's client programs are: each a bare name looked up on PATH, or a path.
 *
 * <p>Debian's {@code /usr/bin/qsub} etc. are wrapper scripts that find SGE by themselves but cost ~0.1 s per
 * call; the real binaries ({@code $SGE_ROOT/bin/lx-amd64}, see {@link #inSgeRoot}) are ten times faster but need
 * {@code SGE_ROOT} and {@code SGE_CELL} in their environment.
 */
public record SgeTools(String qsub, String qstat, String qdel, String qacct) {
    public SgeTools {
        for (String program : List.of(qsub, qstat, qdel, qacct)) {
            if (program == null || program.isBlank()) {
                throw new IllegalArgumentException("every SGE program needs a name or path, got " + program);
            }
        }
    }

    /** {@code qsub}, {@code qstat}, {@code qdel} and {@code qacct} as found on PATH. */
    public static SgeTools onPath() {
        return new SgeTools("qsub", "qstat", "qdel", "qacct");
    }

    /** The programs in one folder, e.g. {@code /var/lib/gridengine/bin/lx-amd64}. */
    public static SgeTools in(Path binDir) {
        return new SgeTools(binDir.resolve("qsub").toString(), binDir.resolve("qstat").toString(),
                binDir.resolve("qdel").toString(), binDir.resolve("qacct").toString());
    }

    /** The real binaries of an SGE installation: {@code SGE_ROOT/bin/ARCH}, ARCH e.g. {@code lx-amd64}. */
    public static SgeTools inSgeRoot(Path sgeRoot, String arch) {
        return in(sgeRoot.resolve("bin").resolve(arch));
    }

    /** The program to run for a dialect argv's first element ({@code qsub}, {@code qstat}, ...). */
    String program(String name) {
        return switch (name) {
            case "qsub" -> qsub;
            case "qstat" -> qstat;
            case "qdel" -> qdel;
            case "qacct" -> qacct;
            default -> throw new IllegalArgumentException("not an SGE program qmr uses: " + name);
        };
    }

    /** A dialect argv with its bare program name replaced by the configured one. */
    List<String> resolve(List<String> dialectArgv) {
        List<String> argv = new ArrayList<>(dialectArgv);
        argv.set(0, program(argv.get(0)));
        return argv;
    }

    /**
     * The executable a program name or path stands for, the way the JDK starts it: a name containing {@code /}
     * as it is, otherwise the first executable file of that name in {@code pathEnv}'s folders.
     */
    public static Optional<Path> locate(String program, String pathEnv) {
        return Executables.locate(program, pathEnv);
    }
}
