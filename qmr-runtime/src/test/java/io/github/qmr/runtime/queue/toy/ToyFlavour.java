package io.github.qmr.runtime.queue.toy;

import io.github.qmr.runtime.process.Commands;
import io.github.qmr.runtime.queue.Flavour;
import io.github.qmr.runtime.queue.QueueDialect;
import io.github.qmr.runtime.queue.QueueFlavour;
import io.github.qmr.runtime.queue.QueueTools;
import java.time.Duration;

/** The toy flavour's registry entry: found when {@code tsub} is on PATH; walltimes in whole minutes. */
final class ToyFlavour implements QueueFlavour {
    @Override
    public Flavour facts() {
        return ToyDialect.FLAVOUR;
    }

    @Override
    public Detection detect(QueueTools tools, String pathEnv, Commands commands) {
        return tools.locate("tsub", pathEnv).map(p -> new Detection(true, "tsub is " + p))
                .orElse(new Detection(false, "no " + tools.program("tsub") + " on PATH"));
    }

    @Override
    public QueueDialect dialect(Settings settings) {
        if (!settings.resources().isEmpty()) {
            throw new IllegalArgumentException("the toy queue takes no resources; " + settings.resources().keySet()
                    + " given");
        }
        return new ToyDialect();
    }

    @Override
    public Duration walltime(String value) {
        return value != null && value.matches("[0-9]+") ? Duration.ofMinutes(Long.parseLong(value)) : null;
    }
}
