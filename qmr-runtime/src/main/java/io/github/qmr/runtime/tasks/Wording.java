package io.github.qmr.runtime.tasks;

/**
 * How the messages about tasks name what the user wrote, so that each front end words them as its users write them:
 * the Maven goal says {@code <sweep><alpha>} and {@code -Dqmr.sweep}, a Java caller reads {@link #PLAIN}'s words.
 */
public interface Wording {
    /** The words of the Java API: the sweep, its parameters, the tasks file, as a Java caller gives them. */
    Wording PLAIN = new Wording() {};

    /**
     * The sweep as a whole.
     *
     * @param setting {@link Sweep#SETTING} for a map of parameters, {@link SweepSpec#SETTING} for the text form
     */
    default String sweep(String setting) {
        return setting.equals(SweepSpec.SETTING) ? "the sweep text" : "the sweep";
    }

    /** One parameter of the sweep. */
    default String sweepParameter(String setting, String name) {
        return "sweep parameter " + name;
    }

    /** A sweep of one parameter, as a correct example. */
    default String sweepExample() {
        return "Map.of(\"alpha\", \"0.1,0.2\")";
    }

    /** The sweep's text form {@code text} as the user writes it, e.g. quoted. */
    default String sweepText(String text) {
        return "\"" + text + "\"";
    }

    /** The tasks file, before its path. */
    default String tasksFile() {
        return "tasks file";
    }

    /** Where a relative tasks file is looked for. */
    default String relativeTo() {
        return "the working directory";
    }

    /** The source of tasks that makes them in code, with its article: {@code a TaskSource}. */
    default String taskSource() {
        return "a TaskSource";
    }
}
