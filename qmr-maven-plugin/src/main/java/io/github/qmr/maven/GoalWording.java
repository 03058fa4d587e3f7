package io.github.qmr.maven;

import io.github.qmr.runtime.tasks.SweepSpec;
import io.github.qmr.runtime.tasks.TasksException;
import io.github.qmr.runtime.tasks.Wording;

/**
 * The messages about tasks in the words of the POM and the command line: {@code <sweep><alpha>}, {@code -Dqmr.sweep},
 * {@code <tasksFile>}, {@code <taskSource>}.
 */
final class GoalWording implements Wording {
    static final GoalWording WORDS = new GoalWording();

    private GoalWording() {}

    /** The runtime's refusal of the tasks as a refusal of the goal's parameter that gave them. */
    static ConfigurationException refused(TasksException e) {
        return new ConfigurationException(e.setting(), e.getMessage(), e);
    }

    @Override
    public String sweep(String setting) {
        return setting.equals(SweepSpec.SETTING) ? "-Dqmr.sweep" : "<" + setting + ">";
    }

    @Override
    public String sweepParameter(String setting, String name) {
        return setting.equals(SweepSpec.SETTING) ? "-Dqmr.sweep " + name : "<" + setting + "><" + name + ">";
    }

    @Override
    public String sweepExample() {
        return "<sweep><alpha>0.1,0.2</alpha></sweep>";
    }

    @Override
    public String sweepText(String text) {
        return "-Dqmr.sweep=\"" + text + "\"";
    }

    @Override
    public String tasksFile() {
        return "<tasksFile>";
    }

    @Override
    public String relativeTo() {
        return "the project's folder";
    }

    @Override
    public String taskSource() {
        return "a <taskSource>";
    }
}
