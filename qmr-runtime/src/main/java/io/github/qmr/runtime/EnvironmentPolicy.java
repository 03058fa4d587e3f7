package io.github.qmr.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which environment variables of the process node the workers get. The launcher script exports them itself,
 * because {@code qsub -V} is unreliable (a login shell resets {@code PATH}; {@code LD_LIBRARY_PATH} and
 * {@code TMPDIR} never arrive).
 *
 * <p>The default, {@link #inherit()}, passes everything except the variables that belong to one process or one
 * queue-job and must be the worker's own: {@value #QUEUE_OWNED_DESCRIPTION}. Names may end in {@code *} to match a
 * prefix. Names that are not valid shell identifiers are never exported.
 */
public final class EnvironmentPolicy {
    static final String QUEUE_OWNED_DESCRIPTION = "_, PWD, OLDPWD, SHLVL, HOSTNAME, TMPDIR, TMP, JOB_*, SGE_*, "
            + "SLURM_*, PBS_*, NSLOTS, NHOSTS, NQUEUES, QUEUE, PE, PE_HOSTFILE, RESTARTED, ENVIRONMENT, REQUEST";
    private static final List<String> QUEUE_OWNED = List.of("_", "PWD", "OLDPWD", "SHLVL", "HOSTNAME", "TMPDIR", "TMP",
            "JOB_*", "SGE_*", "SLURM_*", "PBS_*", "NSLOTS", "NHOSTS", "NQUEUES", "QUEUE", "PE", "PE_HOSTFILE",
            "RESTARTED", "ENVIRONMENT", "REQUEST");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final boolean inherit;
    private final List<String> allowed;
    private final List<String> denied;
    private final Map<String, String> set;

    private EnvironmentPolicy(boolean inherit, List<String> allowed, List<String> denied, Map<String, String> set) {
        this.inherit = inherit;
        this.allowed = List.copyOf(allowed);
        this.denied = List.copyOf(denied);
        this.set = Map.copyOf(set);
    }

    /** All variables of the process node except the queue-owned ones (the default). */
    public static EnvironmentPolicy inherit() {
        return new EnvironmentPolicy(true, List.of(), QUEUE_OWNED, Map.of());
    }

    /** No variable of the process node; only what {@link #with} adds. */
    public static EnvironmentPolicy none() {
        return new EnvironmentPolicy(false, List.of(), List.of(), Map.of());
    }

    /** Only the named variables (an allow-list; {@code *} suffix for prefixes). */
    public static EnvironmentPolicy only(String... names) {
        return new EnvironmentPolicy(false, List.of(names), List.of(), Map.of());
    }

    /** This policy, also dropping the named variables (a deny-list; {@code *} suffix for prefixes). */
    public EnvironmentPolicy excluding(String... names) {
        List<String> more = new ArrayList<>(denied);
        more.addAll(List.of(names));
        return new EnvironmentPolicy(inherit, allowed, more, set);
    }

    /** This policy, also setting {@code name} to {@code value} on the workers (wins over the process node's). */
    public EnvironmentPolicy with(String name, String value) {
        if (!NAME.matcher(name).matches()) {
            throw new InvalidInputException("environment variable name '" + name
                    + "' is not a valid shell identifier ([A-Za-z_][A-Za-z0-9_]*)");
        }
        Map<String, String> more = new LinkedHashMap<>(set);
        more.put(name, value);
        return new EnvironmentPolicy(inherit, allowed, denied, more);
    }

    /** The variables to export, sorted by name, from the given process environment. */
    public Map<String, String> resolve(Map<String, String> processEnvironment) {
        Map<String, String> out = new TreeMap<>();
        processEnvironment.forEach((name, value) -> {
            if (NAME.matcher(name).matches() && (inherit || matchesAny(name, allowed)) && !matchesAny(name, denied)) {
                out.put(name, value);
            }
        });
        out.putAll(set);
        return out;
    }

    private static boolean matchesAny(String name, List<String> patterns) {
        for (String p : patterns) {
            if (p.endsWith("*") ? name.startsWith(p.substring(0, p.length() - 1)) : name.equals(p)) {
                return true;
            }
        }
        return false;
    }
}
