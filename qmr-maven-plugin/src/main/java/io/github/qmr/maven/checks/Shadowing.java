package io.github.qmr.maven.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Command-line properties that the POM silently overrides. Maven gives a parameter set in the POM's
 * {@code <configuration>} precedence over {@code -Dqmr.queue=sge}, which surprises anyone who typed it; each such
 * property is worth one warning naming both values.
 */
public final class Shadowing {
    private Shadowing() {}

    /**
     * One parameter as the mojo descriptor and the execution's configuration see it.
     *
     * @param name the parameter, e.g. {@code queue}
     * @param property its user property, e.g. {@code qmr.queue}
     * @param configured the text of its element in the execution's configuration, or null if absent; Maven puts the
     *     property expression there ({@code ${qmr.queue}}) when the POM does not set it
     */
    public record Parameter(String name, String property, String configured) {}

    /** The warnings, one per user property that the POM's configuration overrides with another value. */
    public static List<String> warnings(List<Parameter> parameters, Properties userProperties) {
        List<String> out = new ArrayList<>();
        for (Parameter p : parameters) {
            if (p.property() == null || p.configured() == null) {
                continue;
            }
            String typed = userProperties.getProperty(p.property());
            if (typed == null || p.configured().contains("${" + p.property() + "}")) {
                continue; // not typed, or the configuration reads the property
            }
            if (typed.strip().equals(p.configured().strip())) {
                continue; // the same value either way
            }
            out.add("-D" + p.property() + "=" + typed + " is ignored: the POM's <configuration> sets <" + p.name() + ">"
                    + p.configured().strip() + "</" + p.name() + ">, which Maven puts before command-line properties."
                    + " Remove <" + p.name() + "> from the POM, or write <" + p.name() + ">${" + p.property() + "}</"
                    + p.name() + "> with a default in <properties>, to let -D" + p.property() + " choose");
        }
        return out;
    }

    /** The parameters of a descriptor ({@code name -> property}) with what the configuration holds for each. */
    public static List<Parameter> parameters(Map<String, String> propertyOf, Map<String, String> configured) {
        List<Parameter> out = new ArrayList<>();
        propertyOf.forEach((name, property) -> out.add(new Parameter(name, property, configured.get(name))));
        return out;
    }
}
