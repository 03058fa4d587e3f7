package io.github.qmr.outputs.report;

import java.util.ArrayList;
import java.util.List;

/** A linear or logarithmic map from data to pixels, with round ticks. */
final class Scale {
    final double lo;
    final double hi;
    final double p0;
    final double p1;
    final boolean log;

    Scale(double lo, double hi, double p0, double p1) {
        this(lo, hi, p0, p1, false);
    }

    Scale(double lo, double hi, double p0, double p1, boolean log) {
        this.log = log && lo > 0 && hi > lo;
        if (this.log) {
            lo = Math.log10(lo);
            hi = Math.log10(hi);
        }
        if (!(hi > lo)) {
            double pad = lo == 0 || !Double.isFinite(lo) ? 1 : Math.abs(lo) * 0.1;
            lo = Double.isFinite(lo) ? lo - pad : 0;
            hi = Double.isFinite(hi) ? hi + pad : 1;
        } else {
            double pad = (hi - lo) * 0.05;
            lo -= pad;
            hi += pad;
        }
        this.lo = lo;
        this.hi = hi;
        this.p0 = p0;
        this.p1 = p1;
    }

    double at(double v) {
        double u = log ? Math.log10(v) : v;
        return p0 + (u - lo) / (hi - lo) * (p1 - p0);
    }

    List<Double> ticks() {
        List<Double> out = new ArrayList<>();
        if (log) {
            // powers of ten, and 2 and 5 between them when the axis spans few decades
            double[] steps = hi - lo < 2.5 ? new double[] {1, 2, 5} : new double[] {1};
            for (int e = (int) Math.floor(lo); e <= Math.ceil(hi); e++) {
                for (double m : steps) {
                    double t = m * Math.pow(10, e);
                    double u = Math.log10(t);
                    if (u >= lo - 1e-9 && u <= hi + 1e-9) {
                        out.add(t);
                    }
                }
            }
            return out;
        }
        double span = hi - lo;
        double step = Math.pow(10, Math.floor(Math.log10(span / 5)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (span / (step * m) <= 6) {
                step *= m;
                break;
            }
        }
        for (double t = Math.ceil(lo / step) * step; t <= hi + 1e-12; t += step) {
            out.add(Math.abs(t) < step * 1e-9 ? 0 : t);
        }
        return out;
    }
}
