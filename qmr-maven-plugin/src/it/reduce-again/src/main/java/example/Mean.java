package example;

import io.github.qmr.runtime.Reducer;
import io.github.qmr.runtime.params.Params;

/** The mean final size and peak. */
public class Mean implements Reducer<Params, Outcome, Summary> {
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
        return new Summary(n, finalSize / n, peak / n);
    }
}
