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

    /** The parameter's name as in the POM, without brackets, e.g. {@code sweep}. */
    public String parameter() {
        return parameter;
    }
}
