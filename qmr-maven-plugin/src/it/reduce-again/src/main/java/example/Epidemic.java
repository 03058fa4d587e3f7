package example;

import io.github.qmr.runtime.TaskFunction;
import io.github.qmr.runtime.params.Params;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

/** A tiny stochastic SIR model; every call is noted in target/calls.txt, so the IT can count the tasks that ran. */
public class Epidemic implements TaskFunction<Params, Outcome> {
    @Override
    public Outcome apply(Params p) throws IOException {
        Files.writeString(Path.of("target/calls.txt"), p + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Random random = new Random(p.getLong("seed"));
        double beta = p.getDouble("beta");
        int n = 1000;
        int s = n - 5;
        int i = 5;
        int peak = i;
        int peakDay = 0;
        for (int day = 1; day < 200 && i > 0; day++) {
            int infections = 0;
            for (int k = 0; k < s; k++) {
                if (random.nextDouble() < beta * i / n) {
                    infections++;
                }
            }
            int recoveries = 0;
            for (int k = 0; k < i; k++) {
                if (random.nextDouble() < 0.1) {
                    recoveries++;
                }
            }
            s -= infections;
            i += infections - recoveries;
            if (i > peak) {
                peak = i;
                peakDay = day;
            }
        }
        return new Outcome(peak, peakDay, n - s);
    }
}
