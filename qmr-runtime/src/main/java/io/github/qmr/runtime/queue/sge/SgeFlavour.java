package io.github.qmr.runtime.queue.sge;

import io.github.qmr.runtime.process.CommandException;
import io.github.qmr.runtime.process.CommandResult;
import io.github.qmr.runtime.process.Commands;
import io.github.qmr.runtime.queue.Flavour;
import io.github.qmr.runtime.queue.QueueFlavour;
import io.github.qmr.runtime.queue.QueueTools;
import io.github.qmr.runtime.queue.Walltime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Son of Grid Engine (and the other Grid Engines) as a unit of the flavour registry. */
public final class SgeFlavour implements QueueFlavour {
    /**
     * The first line of a Grid Engine's {@code qsub -help}: {@code SGE 8.1.9}, {@code GE 2011.11p1}, {@code UGE 8.6.4},
     * {@code OGS/GE 2011.11}. PBS's and Torque's qsub print a usage line there.
     */
    private static final Pattern VERSION_LINE = Pattern.compile("(?:[A-Z]+/)?[A-Z]*GE [0-9].*");
    /** Help is quick; a qsub that hangs is not one to submit to. */
    private static final Duration HELP_TIMEOUT = Duration.ofSeconds(20);

    @Override
    public Flavour facts() {
        return SgeDialect.FLAVOUR;
    }

    /**
     * Grid Engine when {@code qsub} is found and its {@code -help} starts with a Grid Engine version line, or says
     * that SGE_ROOT is missing (a Grid Engine binary without its environment); another scheduler's qsub is not taken.
     */
    @Override
    public Detection detect(QueueTools tools, String pathEnv, Commands commands) {
        Optional<Path> qsub = tools.locate("qsub", pathEnv);
        if (qsub.isEmpty()) {
            return new Detection(false, "no " + tools.program("qsub") + " on PATH");
        }
        String first;
        try {
            CommandResult help = commands.run(List.of(qsub.get().toString(), "-help"), HELP_TIMEOUT);
            String output = help.stdout() + "\n" + help.stderr();
            if (output.contains("SGE_ROOT")) {
                return new Detection(true, tools.program("qsub") + " is " + qsub.get());
            }
            first = output.strip().lines().findFirst().orElse("").strip();
        } catch (CommandException e) {
            first = "(it could not be run: " + e.getMessage() + ")";
        }
        if (VERSION_LINE.matcher(first).matches()) {
            return new Detection(true, tools.program("qsub") + " is " + qsub.get());
        }
        return new Detection(false, tools.program("qsub") + " at " + qsub.get() + " is not Grid Engine's (its -help"
                + " begins '" + (first.length() > 80 ? first.substring(0, 80) + "..." : first) + "')");
    }

    /**
     * {@code siteQueue} is {@code -q}, {@code parallelEnv} {@code -pe NAME 1}, every resource a {@code -l}; the
     * defaults for the rest.
     */
    @Override
    public SgeDialect dialect(Settings settings) {
        return new SgeDialect(new SgeOptions(settings.siteQueue(), settings.resources(), settings.parallelEnv(), 1,
                null, List.of(), SgeOptions.SGE_MAX_AJ_TASKS, 0));
    }

    /** The site's queue and parallel environment (as {@code sgeQueue}, {@code sgeParallelEnv}), then the default's. */
    @Override
    public Map<String, Object> record(Settings settings) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("sgeQueue", settings.siteQueue());
        record.put("sgeParallelEnv", settings.parallelEnv());
        record.putAll(QueueFlavour.super.record(settings));
        return record;
    }

    /** {@code h_rt}: seconds or {@code [[hours:]minutes:]seconds}. */
    @Override
    public Duration walltime(String value) {
        return Walltime.sge(value);
    }
}
