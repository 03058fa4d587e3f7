package io.github.qmr.runtime.queue;

/**
 * A structured request that a queue cannot take as it is: set twice (the structured setting and the flavour's own
 * option, e.g. {@code memory} and SGE's {@code h_vmem}), or not expressible on the flavour. Thrown when the pool is
 * built, so before anything is submitted; the API words it as a setting's error.
 *
 * @see BatchQueue#withRequest
 */
public final class RequestConflict extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String setting;
    private final String problem;
    private final String fix;

    /**
     * @param setting the structured setting, e.g. {@code memory}
     * @param problem what is wrong, after the setting's name, e.g. {@code and h_vmem=2G (the SGE resources) are both
     *     set}
     * @param fix how to put it right
     */
    public RequestConflict(String setting, String problem, String fix) {
        super(setting + " " + problem + "; " + fix);
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

    public String fix() {
        return fix;
    }
}
