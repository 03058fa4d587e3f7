package org.example.epidemic;

import io.github.qmr.runtime.Reducer;
import io.github.qmr.runtime.params.Params;
import java.util.Map;
import java.util.TreeMap;

/** The mean final size of the epidemic for each beta, over gamma and seeds. */
public class MeanFinalSize implements Reducer<Params, Outcome, Map<Double, Double>> {
    private final Map<Double, double[]> sums = new TreeMap<>();

    @Override
    public void add(Params task, Outcome result) {
        double[] s = sums.computeIfAbsent(task.getDouble("beta"), b -> new double[2]);
        s[0] += result.finalSize();
        s[1]++;
    }

    @Override
    public Map<Double, Double> result() {
        Map<Double, Double> means = new TreeMap<>();
        sums.forEach((beta, s) -> means.put(beta, s[0] / s[1]));
        return means;
    }
}
