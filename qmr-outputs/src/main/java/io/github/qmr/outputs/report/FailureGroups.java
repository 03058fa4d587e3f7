package io.github.qmr.outputs.report;

import io.github.qmr.outputs.StepSummary;
import io.github.qmr.outputs.TaskRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A map's failures as the report groups them: the tasks that threw (or whose chunk died) by exception class and
 * message, and apart from them the tasks not run, by why the map stopped (they have no cause of their own). Each group
 * keeps its first {@value #GROUP_TASKS} tasks.
 */
final class FailureGroups {
    static final int GROUP_TASKS = 20;

    private final Map<String, Group> causes = new LinkedHashMap<>();
    private final Map<String, Group> notRun = new LinkedHashMap<>();

    /** One group of failures: same exception class and message. */
    static final class Group {
        final String type;
        final String message;
        final String detail;
        long count;
        final List<TaskRow> tasks = new ArrayList<>();

        Group(String type, String message, String detail) {
            this.type = type;
            this.message = message;
            this.detail = detail;
        }

        private void add(TaskRow row) {
            count++;
            if (tasks.size() < GROUP_TASKS) {
                tasks.add(row);
            }
        }
    }

    /** A task that threw or whose chunk gave no results. */
    void failed(TaskRow row) {
        String message = row.error();
        causes.computeIfAbsent(row.errorType() + "\u0000" + message,
                k -> new Group(row.errorType(), message, row.detail())).add(row);
    }

    /** A task not run: the map stopped early. */
    void notRun(TaskRow row) {
        notRun.computeIfAbsent(row.error(), k -> new Group(row.errorType(), k, null)).add(row);
    }

    boolean isEmpty() {
        return causes.isEmpty() && notRun.isEmpty();
    }

    /** The groups of real causes, largest first. */
    List<Group> causes() {
        return sorted(causes).toList();
    }

    /** The groups of tasks not run, largest first. */
    List<Group> notRun() {
        return sorted(notRun).toList();
    }

    /** Failure groups, largest first, then the groups of tasks not run: real causes first. */
    List<StepSummary.Group> summary() {
        return Stream.concat(sorted(causes), sorted(notRun)).map(g -> new StepSummary.Group(g.type, g.message,
                g.count, g.tasks.stream().map(t -> "itask " + t.itask() + " (" + t.label() + ")").toList())).toList();
    }

    private static Stream<Group> sorted(Map<String, Group> groups) {
        return groups.values().stream().sorted((a, b) -> Long.compare(b.count, a.count));
    }
}
