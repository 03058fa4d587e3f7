package io.github.qmr.maven;

import io.github.qmr.runtime.EnvironmentPolicy;
import io.github.qmr.runtime.SettingException;
import java.util.List;
import java.util.Map;

/**
 * The workers' environment as the goal gives it: {@code <environmentAllow>}, {@code <environmentDeny>},
 * {@code <environmentSecrets>} (names or patterns) and the variables set ({@code <environment>} or
 * {@code -Dqmr.environment}), kept as given for the map's key; the runtime's {@link EnvironmentPolicy#of} checks
 * them and is {@link #policy()}.
 */
record Environment(List<String> allow, List<String> deny, List<String> secrets, Map<String, String> variables,
        EnvironmentPolicy policy) {
    /** The default: the process node's variables but the queue-owned and secret-looking ones, nothing set. */
    static final Environment INHERIT = new Environment(List.of(), List.of(), List.of(), Map.of(),
            EnvironmentPolicy.inherit());

    Environment {
        allow = strip(allow);
        deny = strip(deny);
        secrets = strip(secrets);
        // in order: the function key holds it as text
        variables = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variables));
    }

    private static List<String> strip(List<String> names) {
        return names == null ? List.of() : names.stream().map(String::strip).toList();
    }

    /** Checked by the runtime; the variables given one way, {@code <environment>} or {@code -Dqmr.environment}. */
    static Environment of(List<String> allow, List<String> deny, List<String> secrets, Map<String, String> environment,
            String environmentSpec) throws ConfigurationException {
        if (environment != null && !environment.isEmpty() && !Pairs.isBlank(environmentSpec)) {
            throw new ConfigurationException("environment", "<environment> and -Dqmr.environment (<environmentSpec>)"
                    + " are both set; keep one");
        }
        Map<String, String> variables = environment != null && !environment.isEmpty() ? environment
                : Pairs.parse("environmentSpec", "-Dqmr.environment", environmentSpec, "OMP_NUM_THREADS=1;LANG=C");
        for (String name : variables.keySet()) {
            if (!EnvironmentPolicy.isVariableName(name)) {
                // the runtime checks it too; here in the POM's words
                throw new ConfigurationException("environment", "<environment><" + name + "> is not a variable"
                        + " name; use letters, digits and _");
            }
        }
        EnvironmentPolicy policy;
        try {
            policy = EnvironmentPolicy.of(allow, deny, secrets, variables);
        } catch (SettingException e) {
            throw ConfigurationException.of(e);
        }
        // a variable set to nothing is set empty, as in the policy
        Map<String, String> set = new java.util.LinkedHashMap<>();
        variables.forEach((k, v) -> set.put(k, v == null ? "" : v));
        return new Environment(allow, deny, secrets, set, policy);
    }
}
