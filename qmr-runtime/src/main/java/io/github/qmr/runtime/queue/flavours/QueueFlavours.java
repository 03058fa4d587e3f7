package io.github.qmr.runtime.queue.flavours;

import io.github.qmr.runtime.process.Commands;
import io.github.qmr.runtime.queue.QueueFlavour;
import io.github.qmr.runtime.queue.sge.SgeFlavour;
import io.github.qmr.runtime.queue.slurm.SlurmFlavour;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of queue flavours, in the order auto-detection tries them: a flavour is found here by its name (the
 * goal's {@code <queue>}), and {@link #detect} picks the first whose programs are found. Immutable; {@link #with}
 * adds one (a site's own flavour, or a test's).
 */
public final class QueueFlavours {
    private static final QueueFlavours STANDARD = new QueueFlavours(List.of(new SgeFlavour(), new SlurmFlavour()));

    private final List<QueueFlavour> flavours;

    private QueueFlavours(List<QueueFlavour> flavours) {
        this.flavours = List.copyOf(flavours);
    }

    /** SGE, then Slurm (SGE first, as the original tool; a host with both names its queue). */
    public static QueueFlavours standard() {
        return STANDARD;
    }

    /** These flavours and one more, tried last. */
    public QueueFlavours with(QueueFlavour flavour) {
        if (named(flavour.name()).isPresent() || flavour.name().equals("local") || flavour.name().equals("auto")) {
            throw new IllegalArgumentException("a queue flavour named " + flavour.name() + " is already known; give"
                    + " it another name");
        }
        List<QueueFlavour> more = new ArrayList<>(flavours);
        more.add(flavour);
        return new QueueFlavours(more);
    }

    /** Every flavour, in detection order. */
    public List<QueueFlavour> all() {
        return flavours;
    }

    /** Their names, in detection order. */
    public List<String> names() {
        return flavours.stream().map(QueueFlavour::name).toList();
    }

    /** The flavour of this name, if known. */
    public Optional<QueueFlavour> named(String name) {
        return flavours.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /**
     * What auto-detection takes: the first flavour whose programs are found, or none (then the embedded local queue).
     *
     * @param flavour the flavour taken, or null for the local queue
     * @param why in words, for a log: {@code using Slurm, sbatch is /usr/bin/sbatch (no qsub on PATH)}
     */
    public record Choice(QueueFlavour flavour, String why) {
        /** The name of the queue taken: a flavour's, or {@code local}. */
        public String kind() {
            return flavour == null ? "local" : flavour.name();
        }
    }

    /**
     * The first flavour whose programs (configured in {@code programs} by name, else found by name on
     * {@code pathEnv}) {@link QueueFlavour#detect detect} as theirs.
     */
    public Choice detect(Map<String, String> programs, String pathEnv, Commands commands) {
        QueueFlavour.Settings settings = new QueueFlavour.Settings(programs, Map.of(), null, null);
        List<String> missed = new ArrayList<>();
        List<String> submitPrograms = new ArrayList<>();
        for (QueueFlavour flavour : flavours) {
            QueueFlavour.Detection found = flavour.detect(flavour.tools(settings), pathEnv, commands);
            if (found.found()) {
                return new Choice(flavour, "using " + flavour.facts().label() + ", " + found.words()
                        + (missed.isEmpty() ? "" : " (" + String.join("; ", missed) + ")"));
            }
            missed.add(found.words());
            submitPrograms.add(flavour.tools(settings).program(flavour.facts().programs().get(0)));
        }
        boolean noneOnPath = missed.stream().allMatch(w -> w.startsWith("no ") && w.endsWith(" on PATH"));
        if (!noneOnPath || submitPrograms.isEmpty()) {
            return new Choice(null, "using the embedded local queue: " + String.join("; ", missed));
        }
        return new Choice(null, "using the embedded local queue, " + (submitPrograms.size() == 1
                ? "no " + submitPrograms.get(0) : "neither " + String.join(" nor ", submitPrograms)) + " on PATH");
    }
}
