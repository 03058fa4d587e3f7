package io.github.qmr.runtime.queue.slurm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where Slurm's client programs are: each a bare name looked up on PATH, or a path. */
public record SlurmTools(String sbatch, String squeue, String scancel, String sacct) {
    public SlurmTools {
        for (String program : List.of(sbatch, squeue, scancel, sacct)) {
            if (program == null || program.isBlank()) {
                throw new IllegalArgumentException("every Slurm program needs a name or path, got " + program);
            }
        }
    }

    /** {@code sbatch}, {@code squeue}, {@code scancel} and {@code sacct} as found on PATH. */
    public static SlurmTools onPath() {
        return new SlurmTools("sbatch", "squeue", "scancel", "sacct");
    }

    /** The programs in one folder, e.g. {@code /usr/bin} or {@code /opt/slurm/bin}. */
    public static SlurmTools in(Path binDir) {
        return new SlurmTools(binDir.resolve("sbatch").toString(), binDir.resolve("squeue").toString(),
                binDir.resolve("scancel").toString(), binDir.resolve("sacct").toString());
    }

    /** The program to run for a dialect argv's first element ({@code sbatch}, {@code squeue}, ...). */
    String program(String name) {
        return switch (name) {
            case "sbatch" -> sbatch;
            case "squeue" -> squeue;
            case "scancel" -> scancel;
            case "sacct" -> sacct;
            default -> throw new IllegalArgumentException("not a Slurm program qmr uses: " + name);
        };
    }

    /** A dialect argv with its bare program name replaced by the configured one. */
    List<String> resolve(List<String> dialectArgv) {
        List<String> argv = new ArrayList<>(dialectArgv);
        argv.set(0, program(argv.get(0)));
        return argv;
    }
}
