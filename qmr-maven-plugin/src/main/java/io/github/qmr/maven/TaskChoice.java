package io.github.qmr.maven;

import io.github.qmr.runtime.TaskSource;
import io.github.qmr.runtime.params.Params;
import io.github.qmr.runtime.tasks.Sweep;
import io.github.qmr.runtime.tasks.SweepSpec;
import io.github.qmr.runtime.tasks.TasksException;
import io.github.qmr.runtime.tasks.TasksFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a map's tasks come from: exactly one of a sweep ({@code <sweep>} or {@code -Dqmr.sweep}), a tasks file or a
 * task source class. Checked when made; a sweep's tasks are made then too.
 *
 * @param sweep the sweep as declared, parameter to values; null when the tasks come from elsewhere
 * @param sweepTasks the sweep's tasks; null when the tasks come from elsewhere
 * @param tasksFile the tasks file, absolute; null when the tasks come from elsewhere
 * @param taskSource the task source's class name; null when the tasks come from elsewhere
 */
record TaskChoice(Map<String, String> sweep, List<Params> sweepTasks, Path tasksFile, String taskSource) {
    /**
     * The one source given, checked.
     *
     * @param sweep {@code <sweep>}; null or empty: not given
     * @param sweepSpec {@code -Dqmr.sweep}; null or blank: not given
     * @param tasksFile {@code <tasksFile>}, relative to {@code basedir}; null: not given
     * @param taskSource {@code <taskSource>}; null or blank: not given
     */
    static TaskChoice of(Map<String, String> sweep, String sweepSpec, Path tasksFile, String taskSource,
            Path basedir) throws ConfigurationException {
        boolean pomSweep = sweep != null && !sweep.isEmpty();
        boolean specSweep = !Pairs.isBlank(sweepSpec);
        boolean source = !Pairs.isBlank(taskSource);
        int sources = (pomSweep ? 1 : 0) + (specSweep ? 1 : 0) + (tasksFile != null ? 1 : 0) + (source ? 1 : 0);
        if (sources == 0) {
            throw new ConfigurationException("sweep", "no tasks: set one of <sweep> (e.g. <sweep><seed>1..10</seed>"
                    + "</sweep>), <tasksFile> (a .csv or .jsonl file) or <taskSource> (a class implementing"
                    + " io.github.qmr.runtime.TaskSource)");
        }
        if (sources > 1) {
            List<String> names = new ArrayList<>();
            if (pomSweep) {
                names.add("<sweep>");
            }
            if (specSweep) {
                names.add("-Dqmr.sweep");
            }
            if (tasksFile != null) {
                names.add("<tasksFile>");
            }
            if (source) {
                names.add("<taskSource>");
            }
            throw new ConfigurationException("sweep", "several task sources are set (" + String.join(", ", names)
                    + "); keep exactly one of <sweep> (or -Dqmr.sweep), <tasksFile> and <taskSource>");
        }
        try {
            if (pomSweep) {
                return new TaskChoice(sweep, Sweep.tasks(sweep, Sweep.SETTING, GoalWording.WORDS), null, null);
            }
            if (specSweep) {
                Map<String, String> declared = SweepSpec.parse(sweepSpec, GoalWording.WORDS);
                return new TaskChoice(declared, Sweep.tasks(declared, SweepSpec.SETTING, GoalWording.WORDS), null,
                        null);
            }
        } catch (TasksException e) {
            throw GoalWording.refused(e);
        }
        if (tasksFile != null) {
            return new TaskChoice(null, null, tasksFile.isAbsolute() ? tasksFile : basedir.resolve(tasksFile), null);
        }
        return new TaskChoice(null, null, null, taskSource.strip());
    }

    /** Whether the tasks are known only once the task source made them (not by the text of a sweep or a file). */
    boolean fromSource() {
        return taskSource != null;
    }

    /** The tasks: the sweep's, the file's rows, or what the task source (loaded by {@code loader}) gives. */
    List<?> tasks(ClassLoader loader) throws ConfigurationException {
        if (sweepTasks != null) {
            return sweepTasks;
        }
        if (tasksFile != null) {
            return readTasksFile();
        }
        TaskSource<?> source = (TaskSource<?>) ProjectClasses.instantiate("taskSource", taskSource, TaskSource.class,
                loader);
        Iterable<?> produced;
        try {
            produced = source.tasks();
        } catch (Exception | LinkageError e) {
            throw new ConfigurationException("taskSource", "<taskSource> " + taskSource + " failed to"
                    + " produce the tasks: " + e, e);
        }
        if (produced == null) {
            throw new ConfigurationException("taskSource", "<taskSource> " + taskSource + " returned null;"
                    + " return an empty list for no tasks");
        }
        // held as a list: rows of the table and the report are matched to their task by index
        List<Object> list = new ArrayList<>();
        produced.forEach(list::add);
        return list;
    }

    /** The tasks file's rows, each checked, in the goal's words. */
    List<Params> readTasksFile() throws ConfigurationException {
        try {
            return TasksFile.read(tasksFile, GoalWording.WORDS);
        } catch (TasksException e) {
            throw GoalWording.refused(e);
        }
    }

    /** For provenance.json: {@code sweep x=1..3;seed=1..2}, {@code tasksFile PATH} or {@code taskSource CLASS}. */
    String origin() {
        if (sweep != null) {
            StringBuilder s = new StringBuilder("sweep ");
            sweep.forEach((k, v) -> s.append(k).append('=').append(v.strip()).append(';'));
            return s.substring(0, s.length() - 1);
        }
        return tasksFile != null ? "tasksFile " + tasksFile : "taskSource " + taskSource;
    }
}
