package example;

import io.github.qmr.runtime.Reducer;
import io.github.qmr.runtime.params.Params;

/** The bug this IT fixes afterwards: sums instead of averaging. */
public class BuggyMean implements Reducer<Params, Outcome, Summary> {
    private long n;
    private double finalSize;
    private double peak;

    @Override
    public void add(Params task, Outcome o) {
        n++;
        finalSize += o.finalSize();
        peak += o.peakInfected();
    }

    @Override
    public Summary result() {
        return new Summary(n, finalSize, peak);
    }
}
