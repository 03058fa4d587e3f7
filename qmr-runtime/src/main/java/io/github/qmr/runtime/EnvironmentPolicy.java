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
 * queue-job and must be the worker's own ({@value #QUEUE_OWNED_DESCRIPTION}) and those that look like secrets, which
 * would otherwise be written into the launcher script in the work dir: names matching
 * {@value #SECRET_LOOKING_DESCRIPTION} in any case ({@code github_token} and {@code MY_Token} too), and values that
 * are URLs with a password ({@code postgres://user:pw@host/db}). {@link #allowing} passes one of those on purpose.
 * Patterns use {@code *} for any run of characters. Names that are not valid shell identifiers are never exported.
 */
public final class EnvironmentPolicy {
    static final String QUEUE_OWNED_DESCRIPTION = "_, PWD, OLDPWD, SHLVL, HOSTNAME, TMPDIR, TMP, JOB_*, SGE_*, "
            + "SLURM_*, PBS_*, NSLOTS, NHOSTS, NQUEUES, QUEUE, PE, PE_HOSTFILE, RESTARTED, ENVIRONMENT, REQUEST";
    private static final List<String> QUEUE_OWNED = List.of("_", "PWD", "OLDPWD", "SHLVL", "HOSTNAME", "TMPDIR", "TMP",
            "JOB_*", "SGE_*", "SLURM_*", "PBS_*", "NSLOTS", "NHOSTS", "NQUEUES", "QUEUE", "PE", "PE_HOSTFILE",
            "RESTARTED", "ENVIRONMENT", "REQUEST");
    static final String SECRET_LOOKING_DESCRIPTION = "*TOKEN*, *SECRET*, *PASS*, *PWD*, *_PW, *CREDENTIAL*, *AUTH*, "
            + "*JWT*, *DSN*, KEY, *_KEY, *API_KEY*, *APIKEY*, *PRIVATE_KEY*, *ACCESS_KEY*, *_PAT, *WEBHOOK*, *LOGIN*";
    /** Matched without regard to case: {@code github_token} is as secret as {@code GITHUB_TOKEN}. */
    private static final List<String> SECRET_LOOKING = List.of("*TOKEN*", "*SECRET*", "*PASS*", "*PWD*", "*_PW",
            "*CREDENTIAL*", "*AUTH*", "*JWT*", "*DSN*", "KEY", "*_KEY", "*API_KEY*", "*APIKEY*", "*PRIVATE_KEY*",
            "*ACCESS_KEY*", "*_PAT", "*WEBHOOK*", "*LOGIN*");
    /**
     * A URL with a password in its user info ({@code scheme://user:password@host}, as in DATABASE_URL) or in its
     * query ({@code jdbc:mysql://host/db?user=u&password=p}, {@code ;password=} as SQL Server writes it).
     */
    private static final Pattern URL_WITH_PASSWORD = Pattern.compile(
            "\\b[A-Za-z][A-Za-z0-9+.-]*://[^/?#@\\s:]*:[^/?#@\\s]+@|(?i)[?&;](password|passwd|pwd)=[^&;\\s]");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** A name, or a pattern with {@code *} for any run of characters. */
    private static final Pattern NAME_OR_PATTERN = Pattern.compile("[A-Za-z0-9_*]+");

    private final boolean inherit;
    private final List<String> allowed;
    private final List<String> denied;
    private final List<String> secretLooking;
    private final Map<String, String> set;

    private EnvironmentPolicy(boolean inherit, List<String> allowed, List<String> denied, List<String> secretLooking,
            Map<String, String> set) {
        this.inherit = inherit;
        this.allowed = List.copyOf(allowed);
        this.denied = List.copyOf(denied);
        this.secretLooking = List.copyOf(secretLooking);
        this.set = Map.copyOf(set);
    }

    /** All variables of the process node except the queue-owned and secret-looking ones (the default). */
    public static EnvironmentPolicy inherit() {
        return new EnvironmentPolicy(true, List.of(), QUEUE_OWNED, SECRET_LOOKING, Map.of());
    }

    /** No variable of the process node; only what {@link #with} adds. */
    public static EnvironmentPolicy none() {
        return new EnvironmentPolicy(false, List.of(), List.of(), List.of(), Map.of());
    }

    /** Only the named variables (an allow-list of patterns), secret-looking ones included if named. */
    public static EnvironmentPolicy only(String... names) {
        return new EnvironmentPolicy(false, List.of(names), List.of(), List.of(), Map.of());
    }

    /**
     * The policy of the goal's settings (the same names, so a plain-Java user reads them alike), each checked: the
     * allow-list {@code environmentAllow} (empty: {@link #inherit()}), less the deny-list {@code environmentDeny},
     * plus the secret-looking variables named in {@code environmentSecrets} (names, or patterns with {@code *}), plus
     * the variables set in {@code environment} (a null value is set empty). Null lists and maps are empty.
     *
     * @throws SettingException a name or pattern is not one, naming its setting
     */
    public static EnvironmentPolicy of(List<String> allow, List<String> deny, List<String> secrets,
            Map<String, String> environment) {
        List<String> allowed = checkedNames("environmentAllow", allow);
        List<String> denied = checkedNames("environmentDeny", deny);
        List<String> secretsAllowed = checkedNames("environmentSecrets", secrets);
        EnvironmentPolicy policy = allowed.isEmpty() ? inherit() : only(allowed.toArray(String[]::new));
        if (!denied.isEmpty()) {
            policy = policy.excluding(denied.toArray(String[]::new));
        }
        if (!secretsAllowed.isEmpty()) {
            policy = policy.allowing(secretsAllowed.toArray(String[]::new));
        }
        for (Map.Entry<String, String> e : (environment == null ? Map.<String, String>of() : environment).entrySet()) {
            if (!isVariableName(e.getKey())) {
                throw new SettingException("environment", "has " + SettingException.quoted(e.getKey()) + ", which is"
                        + " not a variable name", "use letters, digits and _");
            }
            policy = policy.with(e.getKey(), e.getValue() == null ? "" : e.getValue());
        }
        return policy;
    }

    /** Whether {@code name} is a variable name a shell exports: {@code [A-Za-z_][A-Za-z0-9_]*}. */
    public static boolean isVariableName(String name) {
        return NAME.matcher(name).matches();
    }

    /** The names or patterns of a list setting, stripped; each must be one. */
    private static List<String> checkedNames(String setting, List<String> names) {
        List<String> stripped = new ArrayList<>();
        for (String name : names == null ? List.<String>of() : names) {
            if (!NAME_OR_PATTERN.matcher(name.strip()).matches()) {
                throw new SettingException(setting, SettingException.quoted(name) + " is not a variable name or"
                        + " pattern", "write names such as PATH, or patterns such as AWS_* or *TOKEN*");
            }
            stripped.add(name.strip());
        }
        return stripped;
    }

    /** This policy, also dropping the named variables (a deny-list of patterns). */
    public EnvironmentPolicy excluding(String... names) {
        List<String> more = new ArrayList<>(denied);
        more.addAll(List.of(names));
        return new EnvironmentPolicy(inherit, allowed, more, secretLooking, set);
    }

    /** This policy, passing these variables although their names look like secrets (patterns allowed). */
    public EnvironmentPolicy allowing(String... names) {
        List<String> allowedToo = new ArrayList<>(allowed);
        allowedToo.addAll(List.of(names));
        return new EnvironmentPolicy(inherit, allowedToo, denied, secretLooking, set);
    }

    /** This policy, also setting {@code name} to {@code value} on the workers (wins over the process node's). */
    public EnvironmentPolicy with(String name, String value) {
        if (!NAME.matcher(name).matches()) {
            throw new InvalidInputException("environment variable name '" + name
                    + "' is not a valid shell identifier ([A-Za-z_][A-Za-z0-9_]*)");
        }
        Map<String, String> more = new LinkedHashMap<>(set);
        more.put(name, value);
        return new EnvironmentPolicy(inherit, allowed, denied, secretLooking, more);
    }

    /** The variables to export, sorted by name, from the given process environment. */
    public Map<String, String> resolve(Map<String, String> processEnvironment) {
        Map<String, String> out = new TreeMap<>();
        processEnvironment.forEach((name, value) -> {
            if (passes(name, value)) {
                out.put(name, value);
            }
        });
        out.putAll(set);
        return out;
    }

    /** The names of the process environment held back because they look like secrets, sorted. */
    public List<String> withheldSecrets(Map<String, String> processEnvironment) {
        return processEnvironment.entrySet().stream().filter(e -> NAME.matcher(e.getKey()).matches())
                .filter(e -> (inherit || matchesAny(e.getKey(), allowed)) && !matchesAny(e.getKey(), denied))
                .filter(e -> isSecretLooking(e.getKey(), e.getValue())).map(Map.Entry::getKey).sorted().toList();
    }

    private boolean passes(String name, String value) {
        return NAME.matcher(name).matches() && (inherit || matchesAny(name, allowed)) && !matchesAny(name, denied)
                && !isSecretLooking(name, value);
    }

    private boolean isSecretLooking(String name, String value) {
        boolean looksSecret = matchesAny(name.toUpperCase(java.util.Locale.ROOT), secretLooking)
                || (!secretLooking.isEmpty() && value != null && URL_WITH_PASSWORD.matcher(value).find());
        return looksSecret && !matchesAny(name, allowed);
    }

    /** Exact-case glob match: allow- and deny-lists name variables as the environment spells them. */
    static boolean matchesAny(String name, List<String> patterns) {
        for (String p : patterns) {
            if (glob(p).matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    private static Pattern glob(String pattern) {
        String[] parts = pattern.split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString());
    }

    /** Equal when every rule is: a policy is a setting, compared as the settings records are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof EnvironmentPolicy p && inherit == p.inherit && allowed.equals(p.allowed)
                && denied.equals(p.denied) && secretLooking.equals(p.secretLooking) && set.equals(p.set);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(inherit, allowed, denied, secretLooking, set);
    }
}
