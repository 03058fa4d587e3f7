package io.github.qmr.runtime.queue;

import java.time.Duration;

/** Walltime requests as the queues write them, read into a {@link Duration}; pure. */
public final class Walltime {
    private Walltime() {}

    /**
     * Grid Engine's {@code h_rt}: seconds, or {@code [[hours:]minutes:]seconds} (fields may be empty, e.g.
     * {@code 1::}); null for null, {@code INFINITY} or a value it cannot read.
     */
    public static Duration sge(String value) {
        if (value == null || value.isBlank() || value.strip().equalsIgnoreCase("INFINITY")) {
            return null;
        }
        String[] parts = value.strip().split(":", -1);
        if (parts.length > 3) {
            return null;
        }
        long seconds = 0;
        for (String part : parts) {
            Long n = number(part.isEmpty() ? "0" : part);
            if (n == null) {
                return null;
            }
            seconds = seconds * 60 + n;
        }
        return seconds > 0 ? Duration.ofSeconds(seconds) : null;
    }

    /**
     * Slurm's {@code --time}: {@code minutes}, {@code minutes:seconds}, {@code hours:minutes:seconds},
     * {@code days-hours}, {@code days-hours:minutes}, {@code days-hours:minutes:seconds}; null for null,
     * {@code UNLIMITED}/{@code INFINITE} or a value it cannot read.
     */
    public static Duration slurm(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.equalsIgnoreCase("UNLIMITED") || v.equalsIgnoreCase("INFINITE")) {
            return null;
        }
        long days = 0;
        int dash = v.indexOf('-');
        String[] parts;
        if (dash >= 0) {
            Long d = number(v.substring(0, dash));
            if (d == null) {
                return null;
            }
            days = d;
            parts = v.substring(dash + 1).split(":", -1);
            if (parts.length > 3) {
                return null;
            }
            long[] hms = new long[3]; // hours[:minutes[:seconds]]
            for (int i = 0; i < parts.length; i++) {
                Long n = number(parts[i]);
                if (n == null) {
                    return null;
                }
                hms[i] = n;
            }
            return positive(Duration.ofDays(days).plusHours(hms[0]).plusMinutes(hms[1]).plusSeconds(hms[2]));
        }
        parts = v.split(":", -1);
        long[] n = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Long x = number(parts[i]);
            if (x == null) {
                return null;
            }
            n[i] = x;
        }
        return switch (parts.length) {
            case 1 -> positive(Duration.ofMinutes(n[0]));
            case 2 -> positive(Duration.ofMinutes(n[0]).plusSeconds(n[1]));
            case 3 -> positive(Duration.ofHours(n[0]).plusMinutes(n[1]).plusSeconds(n[2]));
            default -> null;
        };
    }

    private static Duration positive(Duration d) {
        return d.isZero() || d.isNegative() ? null : d;
    }

    private static Long number(String s) {
        try {
            long n = Long.parseLong(s.strip());
            return n < 0 ? null : n;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
