package io.github.qmr.runtime;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Settings as text, the way a command line gives them ({@code -Dqmr.maxWorkers=8}): each settings record reads its own
 * settings with these, through a lookup from the setting's name to its text (null or blank: not set, the default
 * holds). {@code Scheduling.fromText(name -> System.getProperty("qmr." + name))} reads them as the Maven goal does.
 */
public final class SettingText {
    private static final Pattern DURATION = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(ms|s|m|h|d)");
    /** Slurm's {@code days-hours[:minutes[:seconds]]}, e.g. {@code 1-12:00:00}. */
    private static final Pattern DAYS_FORM = Pattern.compile("[0-9]+-[0-9:]+");
    private static final String WALLTIME_EXAMPLES = "write e.g. 2:00:00 (hours:minutes:seconds), 90m or 2h";
    private static final Pattern SIZE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([kKmMgGtT]?)[bB]?");

    private final Function<String, String> lookup;

    private SettingText(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    /** Reads settings through {@code lookup}: a setting's name to its text, null where it is not set. */
    public static SettingText of(Function<String, String> lookup) {
        return new SettingText(lookup);
    }

    /** The setting's text, stripped; null where it is not set or blank. */
    public String text(String setting) {
        String t = lookup.apply(setting);
        return t == null || t.isBlank() ? null : t.strip();
    }

    /**
     * {@code 500ms}, {@code 2s}, {@code 1.5m}, {@code 1h}, {@code 2d}, or ISO-8601 such as {@code PT2S}; null where not
     * set.
     */
    public Duration duration(String setting) {
        String t = text(setting);
        return t == null ? null : duration(setting, t);
    }

    /** {@code text} as a duration: {@code 500ms}, {@code 2s}, {@code 1.5m}, {@code 1h}, {@code 2d}, or ISO-8601. */
    public static Duration duration(String setting, String text) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            double n = Double.parseDouble(m.group(1));
            double millis = switch (m.group(2)) {
                case "ms" -> n;
                case "s" -> n * 1_000;
                case "m" -> n * 60_000;
                case "h" -> n * 3_600_000;
                default -> n * 86_400_000;
            };
            return Duration.ofMillis(Math.round(millis));
        }
        try {
            Duration d = Duration.parse(text.strip());
            if (!d.isNegative()) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // the message below says what is accepted
        }
        throw new SettingException(setting, SettingException.quoted(text) + " is not a duration",
                "write e.g. 500ms, 2s, 1m or PT2S");
    }

    /**
     * A memory size, the one text form of every qmr setting of memory: a number with K, M, G or T (powers of 1024,
     * either case, an optional B), e.g. {@code 4G}, {@code 512M}, {@code 1.5g}; no unit is bytes. Null where not set.
     */
    public Long bytes(String setting) {
        String t = text(setting);
        return t == null ? null : bytes(setting, t);
    }

    /** {@code text} as a memory size in bytes, see {@link #bytes(String)}. */
    public static long bytes(String setting, String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new SettingException(setting, "is not a memory size: " + SettingException.quoted(text),
                    "write e.g. 4G or 512M");
        }
        int power = m.group(2).isEmpty() ? 0 : "KMGT".indexOf(m.group(2).toUpperCase(Locale.ROOT)) + 1;
        return (long) (Double.parseDouble(m.group(1)) * Math.pow(1024, power));
    }

    /**
     * A walltime, the one text form of every qmr setting of a job's time: {@code hours:minutes:seconds} as SGE and
     * Slurm write it ({@code 2:00:00}, {@code 1:30}, read as SGE's {@code h_rt}), Slurm's day form
     * {@code days-hours[:minutes[:seconds]]} ({@code 1-12:00:00}), or a duration as {@link #duration(String)} reads it
     * ({@code 90m}, {@code 2h}, {@code 2d}, {@code PT2H}). Null where not set.
     */
    public Duration walltime(String setting) {
        String t = text(setting);
        return t == null ? null : walltime(setting, t);
    }

    /** {@code text} as a walltime, see {@link #walltime(String)}. */
    public static Duration walltime(String setting, String text) {
        String t = text.strip();
        if (DAYS_FORM.matcher(t).matches() || t.contains(":")) {
            Duration d = DAYS_FORM.matcher(t).matches() ? io.github.qmr.runtime.queue.Walltime.slurm(t)
                    : io.github.qmr.runtime.queue.Walltime.sge(t);
            if (d == null) {
                throw new SettingException(setting, SettingException.quoted(text) + " is not a walltime",
                        WALLTIME_EXAMPLES);
            }
            return d;
        }
        try {
            return duration(setting, t);
        } catch (SettingException e) {
            throw new SettingException(setting, SettingException.quoted(text) + " is not a walltime",
                    WALLTIME_EXAMPLES);
        }
    }

    /** A whole number; null where not set. */
    public Long number(String setting) {
        String t = text(setting);
        if (t == null) {
            return null;
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new SettingException(setting, SettingException.quoted(t) + " is not a whole number", "write e.g. 10");
        }
    }

    /** A whole number that fits an int; null where not set. */
    public Integer integer(String setting) {
        Long n = number(setting);
        if (n != null && (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE)) {
            throw new SettingException(setting, n + " is too large", "write a number below 2^31");
        }
        return n == null ? null : n.intValue();
    }

    /** {@code true} or {@code false}; null where not set. */
    public Boolean bool(String setting) {
        return choice(setting, List.of("true", "false"), t -> t.equals("true"));
    }

    /** One of {@code words} (any case), turned into a value; null where not set. */
    public <T> T choice(String setting, List<String> words, Function<String, T> value) {
        String t = text(setting);
        if (t == null) {
            return null;
        }
        String word = t.toLowerCase(Locale.ROOT);
        if (!words.contains(word)) {
            throw new SettingException(setting, "must be " + String.join(", ", words.subList(0, words.size() - 1))
                    + " or " + words.get(words.size() - 1) + ", got " + SettingException.quoted(t), null);
        }
        return value.apply(word);
    }
}
