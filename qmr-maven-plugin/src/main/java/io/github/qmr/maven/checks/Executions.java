package io.github.qmr.maven.checks;

import java.util.List;

/** What to tell someone who ran a bare {@code mvn qmr:map} in a project whose maps are declared in executions. */
public final class Executions {
    private Executions() {}

    /**
     * The hint to add to "{@code <function>} is not set", or "" when the project declares no execution of the goal.
     *
     * @param goal {@code map}
     * @param ids the ids of the executions that run the goal, in POM order
     */
    public static String hint(String goal, List<String> ids) {
        if (ids.isEmpty()) {
            return "";
        }
        return ". This project declares qmr:" + goal + " in " + (ids.size() == 1 ? "the execution " : "the executions ")
                + String.join(", ", ids) + ", whose configuration a bare mvn qmr:" + goal + " does not use: run "
                + String.join(" or ", ids.stream().map(id -> "mvn qmr:" + goal + "@" + id).toList())
                + ", or mvn verify to run " + (ids.size() == 1 ? "it" : "them all");
    }
}
