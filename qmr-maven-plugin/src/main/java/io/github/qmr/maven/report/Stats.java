package io.github.qmr.maven.report;

/** Count, mean and standard deviation of a stream of numbers (Welford), with min and max. */
final class Stats {
    long n;
    double mean;
    private double m2;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;

    void add(double x) {
        n++;
        double d = x - mean;
        mean += d / n;
        m2 += d * (x - mean);
        min = Math.min(min, x);
        max = Math.max(max, x);
    }

    double sd() {
        return n < 2 ? 0 : Math.sqrt(m2 / (n - 1));
    }
}
