package io.github.qmr.runtime;

import java.time.Duration;
import java.util.function.Function;

/**
 * What a chunk's next attempt asks for after its job was killed for memory or time (the scheduler's limit, or the
 * worker JVM's own OutOfMemoryError): each attempt multiplies the last request by the factor, up to the cap. A
 * factor of 1 (the default) turns escalation off for that resource: such a chunk fails at once, with what it used
 * and requested. Immutable; {@link #OFF} holds every default, the constructor every range check, and
 * {@link #fromText} the text form. In jobs mode the chunk's next job asks for more; in pull mode, where one worker
 * runs many chunks, the killed chunk leaves the pull workers (which keep the site's request) for a job of its own
 * that asks for more, and its later attempts escalate from there.
 *
 * @param memoryFactor the next attempt's memory request is the last one times this (at least 1; 1: off)
 * @param memoryCap no attempt asks for more memory than this many bytes; null: no cap but the resubmissions
 * @param timeFactor the next attempt's walltime request is the last one times this (at least 1; 1: off)
 * @param timeCap no attempt asks for a longer walltime than this; null: no cap but the resubmissions
 */
public record Escalation(double memoryFactor, Long memoryCap, double timeFactor, Duration timeCap) {
    /** Every default: no escalation; a chunk killed for memory or time fails at once. */
    public static final Escalation OFF = new Escalation(1, null, 1, null);

    public Escalation {
        if (!(memoryFactor >= 1) || Double.isInfinite(memoryFactor)) {
            throw new SettingException("escalateMemory", "must be a factor of at least 1, got " + memoryFactor,
                    "e.g. 2 doubles the memory request at each attempt; 1 turns it off");
        }
        if (!(timeFactor >= 1) || Double.isInfinite(timeFactor)) {
            throw new SettingException("escalateTime", "must be a factor of at least 1, got " + timeFactor,
                    "e.g. 2 doubles the walltime request at each attempt; 1 turns it off");
        }
        if (memoryCap != null && memoryCap <= 0) {
            throw new SettingException("escalateMemoryCap", "must be more than 0, got " + memoryCap, "e.g. 64G");
        }
        if (timeCap != null && (timeCap.isNegative() || timeCap.isZero())) {
            throw new SettingException("escalateTimeCap", "must be more than 0, got " + timeCap, "e.g. 24h");
        }
    }

    /** Whether a kill of this kind gets a larger request (its factor is above 1). */
    public boolean escalates(boolean memory) {
        return (memory ? memoryFactor : timeFactor) > 1;
    }

    /**
     * Reads {@code escalateMemory} (a factor, e.g. {@code 2}), {@code escalateMemoryCap} (e.g. {@code 16G}; K, M, G,
     * T are powers of 1024, see {@link SettingText#bytes}), {@code escalateTime} and {@code escalateTimeCap} (e.g.
     * {@code 4h} or {@code 4:00:00}, see {@link SettingText#walltime}) through {@code text};
     * one not set keeps its default.
     */
    public static Escalation fromText(Function<String, String> text) {
        SettingText t = SettingText.of(text);
        Double memory = factor("escalateMemory", t.text("escalateMemory"));
        Double time = factor("escalateTime", t.text("escalateTime"));
        return new Escalation(memory == null ? OFF.memoryFactor : memory, t.bytes("escalateMemoryCap"),
                time == null ? OFF.timeFactor : time, t.walltime("escalateTimeCap"));
    }

    private static Double factor(String setting, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Double.valueOf(text.strip().replaceFirst("[xX]$", ""));
        } catch (NumberFormatException e) {
            throw new SettingException(setting, "is not a factor: " + SettingException.quoted(text), "e.g. 2 or 1.5");
        }
    }

    public Escalation withMemory(double factor, Long cap) {
        return new Escalation(factor, cap, timeFactor, timeCap);
    }

    public Escalation withTime(double factor, Duration cap) {
        return new Escalation(memoryFactor, memoryCap, factor, cap);
    }
}
