package io.github.qmr.runtime;

/**
 * A task whose function threw.
 *
 * @param itask the task's index in the input
 * @param ichunk the chunk it ran in
 * @param exceptionClass the class name of what it threw
 * @param message the exception's message (may be null)
 * @param stackTrace the full stack trace as printed on the worker, causes included
 */
public record TaskFailure(long itask, int ichunk, String exceptionClass, String message, String stackTrace) {
    /** One line: {@code itask 17 (chunk 1): java.lang.IllegalStateException: boom}. */
    public String summary() {
        return "itask " + itask + " (chunk " + ichunk + "): " + exceptionClass + (message == null ? "" : ": " + message);
    }

    /**
     * The failures grouped by cause, in order of first appearance: the same exception class thrown through the same
     * frames (causes included) is one cause, whatever the messages say (they usually name the task).
     */
    public static java.util.List<java.util.List<TaskFailure>> byCause(java.util.Collection<TaskFailure> failures) {
        return java.util.List.copyOf(failures.stream().collect(java.util.stream.Collectors.groupingBy(TaskFailure::cause,
                java.util.LinkedHashMap::new, java.util.stream.Collectors.toList())).values());
    }

    private String cause() {
        StringBuilder key = new StringBuilder(exceptionClass);
        for (String line : (stackTrace == null ? "" : stackTrace).lines().map(String::strip).toList()) {
            if (line.startsWith("at ")) {
                key.append('\n').append(line);
            } else if (line.startsWith("Caused by: ")) {
                int colon = line.indexOf(':', "Caused by: ".length());
                key.append('\n').append(colon < 0 ? line : line.substring(0, colon));
            }
        }
        return key.toString();
    }

    /**
     * For a cause's first failure: {@code ; 12 more tasks failed the same way: itasks 5, 6, 9, ...} (the first ten
     * named), or "" for a cause of one task.
     */
    public static String sameWay(java.util.List<TaskFailure> group) {
        if (group.size() < 2) {
            return "";
        }
        int more = group.size() - 1;
        StringBuilder line = new StringBuilder("; ").append(more).append(more == 1 ? " more task" : " more tasks")
                .append(" failed the same way: itask").append(more == 1 ? " " : "s ");
        java.util.List<TaskFailure> named = group.subList(1, Math.min(group.size(), 11));
        line.append(String.join(", ", named.stream().map(f -> String.valueOf(f.itask())).toList()));
        return line.append(group.size() > 11 ? ", ..." : "").toString();
    }
}
