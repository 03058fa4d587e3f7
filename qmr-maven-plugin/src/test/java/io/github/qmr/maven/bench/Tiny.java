package io.github.qmr.maven.bench;

import io.github.qmr.runtime.TaskFunction;
import io.github.qmr.runtime.params.Params;

/** A task of no compute: the benchmark measures the process node's bookkeeping, not the function. */
public class Tiny implements TaskFunction<Params, Integer> {
    @Override
    public Integer apply(Params p) {
        return p.getInt("a") + p.getInt("b");
    }
}
