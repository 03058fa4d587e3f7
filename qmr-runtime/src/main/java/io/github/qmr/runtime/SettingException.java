package io.github.qmr.runtime;

/**
 * A setting was given a value it cannot take: thrown where the setting is made ({@link Pool.Builder}, a settings
 * record or its text form), so before anything is submitted. The message names the setting by its builder method; a
 * front end that calls it otherwise (the Maven goal's {@code <element>}) words it again from {@link #setting()},
 * {@link #problem()} and {@link #fix()}.
 */
public final class SettingException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    private final String setting;
    private final String problem;
    private final String fix;

    /**
     * @param setting the setting's name, as its builder method and its goal parameter are called
     * @param problem what is wrong with the value, e.g. {@code must be at least 1, got 0}
     * @param fix how to put it right, or null where the problem says it
     */
    public SettingException(String setting, String problem, String fix) {
        super(setting + " " + problem + (fix == null ? "" : "; " + fix));
        this.setting = setting;
        this.problem = problem;
        this.fix = fix;
    }

    public String setting() {
        return setting;
    }

    public String problem() {
        return problem;
    }

    /** How to put it right; null where {@link #problem()} says it. */
    public String fix() {
        return fix;
    }
}
