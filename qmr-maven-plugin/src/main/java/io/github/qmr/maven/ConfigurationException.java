package io.github.qmr.maven;

/**
 * A parameter of the goal is missing, malformed or contradicts another one. The message names the parameter as it is
 * written in the POM ({@code <sweep>}) and says how to fix it; the mojo turns it into a build failure.
 */
public class ConfigurationException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String parameter;

    public ConfigurationException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public ConfigurationException(String parameter, String message, Throwable cause) {
        super(message, cause);
        this.parameter = parameter;
    }

    /** A setting the runtime refused, worded for the POM: {@code <maxWorkers> must be at least 1, got 0; ...}. */
    public static ConfigurationException of(io.github.qmr.runtime.SettingException e) {
        return new ConfigurationException(e.setting(), e.describe(n -> "<" + n + ">"), e);
    }

    /** {@code 500ms}, {@code 2s}, {@code 1.5m}, {@code 1h}, or ISO-8601 ({@code PT2S}), as the runtime reads it. */
    public static java.time.Duration duration(String parameter, String text) throws ConfigurationException {
        try {
            return io.github.qmr.runtime.SettingText.duration(parameter, text);
        } catch (io.github.qmr.runtime.SettingException e) {
            throw of(e);
        }
    }

    /** The parameter's name as in the POM, without brackets, e.g. {@code sweep}. */
    public String parameter() {
        return parameter;
    }
}
