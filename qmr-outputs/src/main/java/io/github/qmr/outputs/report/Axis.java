package io.github.qmr.outputs.report;

import java.util.Collection;

/**
 * How a plot's axis shows a parameter's or a result's values: as categories (some value is not a number), linear, or
 * logarithmic (positive numbers spanning at least two decades). Empty values (a task without that parameter, a
 * result left null) are left out: they never make a numeric axis categorical.
 */
enum Axis {
    CATEGORY, LINEAR, LOG;

    /** The largest over the smallest value from which a positive axis is drawn logarithmic. */
    static final double DECADES = 100;

    static Axis of(Collection<String> values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int numbers = 0;
        for (String v : values) {
            if (v == null || v.isBlank()) {
                continue;
            }
            double x = number(v);
            if (Double.isNaN(x)) {
                return CATEGORY;
            }
            numbers++;
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        return numbers == 0 ? CATEGORY : ofRange(min, max, numbers);
    }

    /** For numbers from {@code min} to {@code max}, {@code count} of them (distinct or not). */
    static Axis ofRange(double min, double max, long count) {
        return count >= 3 && min > 0 && max / min >= DECADES ? LOG : LINEAR;
    }

    /** The number a parameter's text stands for, NaN when none (or not finite). */
    static double number(String s) {
        if (s == null || s.isBlank()) {
            return Double.NaN;
        }
        try {
            double x = Double.parseDouble(s.strip());
            return Double.isFinite(x) ? x : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
