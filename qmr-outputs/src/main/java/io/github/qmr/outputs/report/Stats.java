package io.github.qmr.outputs.report;

/** Count, mean and standard deviation of a stream of numbers (Welford), with min and max; mergeable (Chan). */
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

    /** Takes in {@code o}'s numbers as if they had been added here. */
    void merge(Stats o) {
        if (o.n == 0) {
            return;
        }
        long total = n + o.n;
        double d = o.mean - mean;
        mean += d * o.n / total;
        m2 += o.m2 + d * d * n * o.n / total;
        n = total;
        min = Math.min(min, o.min);
        max = Math.max(max, o.max);
    }

    /** The sample standard deviation (n - 1); 0 for fewer than two numbers. */
    double sd() {
        return n < 2 ? 0 : Math.sqrt(m2 / (n - 1));
    }
}
