package io.github.qmr.runtime.tasks;

import io.github.qmr.runtime.InvalidInputException;

/** A sweep or a tasks file that cannot give tasks: said before anything is submitted, naming where and how to fix. */
public final class TasksException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    private final String setting;

    /**
     * @param setting what the tasks were given as: {@link Sweep#SETTING}, {@link SweepSpec#SETTING} or
     *     {@link TasksFile#SETTING}
     */
    public TasksException(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    TasksException(String setting, String message, Throwable cause) {
        super(message, cause);
        this.setting = setting;
    }

    /** What the tasks were given as, as the setting is called. */
    public String setting() {
        return setting;
    }
}
