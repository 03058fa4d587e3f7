package org.example.epidemic;

import io.github.qmr.runtime.TaskFunction;
import io.github.qmr.runtime.params.Params;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.random.RandomGenerator;

/** A stochastic SIR epidemic in a population of 2,000, day by day, with binomial infections and recoveries. */
public class Sir implements TaskFunction<Params, Outcome> {
    private static final int POPULATION = 2000;

    @Override
    public Outcome apply(Params p) {
        double beta = p.getDouble("beta");
        double gamma = p.getDouble("gamma");
        RandomGenerator random = new MersenneTwister(p.getLong("seed"));
        int s = POPULATION - 10;
        int i = 10;
        int peak = i;
        int peakDay = 0;
        for (int day = 1; day <= 365 && i > 0; day++) {
            double infectionChance = 1 - Math.exp(-beta * i / POPULATION);
            int infections = s == 0 ? 0 : new BinomialDistribution(random, s, infectionChance).sample();
            int recoveries = new BinomialDistribution(random, i, gamma).sample();
            s -= infections;
            i += infections - recoveries;
            if (i > peak) {
                peak = i;
                peakDay = day;
            }
        }
        return new Outcome(peak, peakDay, POPULATION - s);
    }
}
