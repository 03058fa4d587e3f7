package io.github.qmr.maven;

import io.github.qmr.runtime.EnvironmentPolicy;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The workers' environment as the goal gives it: {@code <environmentAllow>}, {@code <environmentDeny>},
 * {@code <environmentSecrets>} (names or patterns) and the variables set ({@code <environment>} or
 * {@code -Dqmr.environment}). Checked when made; {@link #policy()} is the runtime's form.
 */
record Environment(List<String> allow, List<String> deny, List<String> secrets, Map<String, String> variables) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9_*]+");

    /** The default: the process node's variables but the queue-owned and secret-looking ones, nothing set. */
    static final Environment INHERIT = new Environment(List.of(), List.of(), List.of(), Map.of());

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

    /** Checked: names or patterns in the lists, variable names set, the variables given one way. */
    static Environment of(List<String> allow, List<String> deny, List<String> secrets, Map<String, String> environment,
            String environmentSpec) throws ConfigurationException {
        checkNames("environmentAllow", allow);
        checkNames("environmentDeny", deny);
        checkNames("environmentSecrets", secrets);
        if (environment != null && !environment.isEmpty() && !Pairs.isBlank(environmentSpec)) {
            throw new ConfigurationException("environment", "<environment> and -Dqmr.environment (<environmentSpec>)"
                    + " are both set; keep one");
        }
        Map<String, String> variables = environment != null && !environment.isEmpty() ? environment
                : Pairs.parse("environmentSpec", "-Dqmr.environment", environmentSpec, "OMP_NUM_THREADS=1;LANG=C");
        for (String name : variables.keySet()) {
            if (!NAME.matcher(name).matches()) {
                throw new ConfigurationException("environment", "<environment><" + name + "> is not a variable"
                        + " name; use letters, digits and _");
            }
        }
        // a variable set to nothing is set empty
        Map<String, String> set = new java.util.LinkedHashMap<>();
        variables.forEach((k, v) -> set.put(k, v == null ? "" : v));
        return new Environment(allow, deny, secrets, set);
    }

    private static void checkNames(String parameter, List<String> names) throws ConfigurationException {
        for (String name : names == null ? List.<String>of() : names) {
            if (!NAME_PATTERN.matcher(name.strip()).matches()) {
                throw new ConfigurationException(parameter, "<" + parameter + "> '" + name + "' is not a variable"
                        + " name or pattern; write names such as PATH, or patterns such as AWS_* or *TOKEN*");
            }
        }
    }

    /** The runtime's policy: the allow-list (or all), less the deny-list, plus the secrets named, plus the set. */
    EnvironmentPolicy policy() {
        EnvironmentPolicy policy = allow.isEmpty() ? EnvironmentPolicy.inherit()
                : EnvironmentPolicy.only(allow.toArray(String[]::new));
        if (!deny.isEmpty()) {
            policy = policy.excluding(deny.toArray(String[]::new));
        }
        if (!secrets.isEmpty()) {
            policy = policy.allowing(secrets.toArray(String[]::new));
        }
        for (Map.Entry<String, String> e : variables.entrySet()) {
            policy = policy.with(e.getKey(), e.getValue());
        }
        return policy;
    }
}
