package io.github.qmr.runtime;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A setting was given a value it cannot take: thrown where the setting is made ({@link Pool.Builder}, a settings
 * record or its text form), so before anything is submitted. The message names settings by their builder methods; a
 * front end that calls them otherwise (the Maven goal's {@code <element>}) words it again with {@link #describe}.
 */
public final class SettingException extends InvalidInputException {
    private static final long serialVersionUID = 1L;
    /** A setting named inside the problem or the fix, {@code {numChunks}}; or {@code {{}, a brace of a value. */
    private static final Pattern NAMED = Pattern.compile("\\{\\{|\\{(\\w+)}");

    private final String setting;
    private final String problem;
    private final String fix;

    /**
     * @param setting the setting's name, as its builder method and its goal parameter are called
     * @param problem what is wrong with the value, e.g. {@code must be at least 1, got 0}; another setting it names is
     *     written {@code {name}}, and a value given as text goes through {@link #quoted}
     * @param fix how to put it right, or null where the problem says it; names settings as {@code problem} does
     */
    public SettingException(String setting, String problem, String fix) {
        super(describe(setting, problem, fix, UnaryOperator.identity()));
        this.setting = setting;
        this.problem = problem;
        this.fix = fix;
    }

    /** {@code 'text'}, its braces kept as they are when the message names settings. */
    public static String quoted(String text) {
        return "'" + text.replace("{", "{{") + "'";
    }

    /** The setting's name, as its builder method is called. */
    public String setting() {
        return setting;
    }

    /** The message with every setting named by {@code name}, e.g. {@code n -> "<" + n + ">"} for a POM. */
    public String describe(UnaryOperator<String> name) {
        return describe(setting, problem, fix, name);
    }

    /** The message with every setting named by {@code name} and {@code fix} (null: none) in place of this one's. */
    public String describe(UnaryOperator<String> name, String fix) {
        return describe(setting, problem, fix, name);
    }

    private static String describe(String setting, String problem, String fix, UnaryOperator<String> name) {
        return name.apply(setting) + " " + named(problem, name) + (fix == null ? "" : "; " + named(fix, name));
    }

    private static String named(String text, UnaryOperator<String> name) {
        Matcher m = NAMED.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) == null ? "{" : name.apply(m.group(1))));
        }
        return m.appendTail(out).toString();
    }
}
