package io.github.qmr.outputs;

import io.github.qmr.runtime.TaskResult;
import io.github.qmr.runtime.TaskRun;
import io.github.qmr.runtime.params.Params;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One task as the outputs show it: its parameters, its result flattened into columns, how it ended, and where,
 * when and in which attempt it ran.
 *
 * @param params the task's parameters: a {@link Params}' typed, a record's or plain object's components (as
 *     {@link Flattener} flattens results), else one {@code task} entry
 * @param values the result's columns ({@link Flattener}); empty when the task failed
 * @param status {@code ok}, {@code failed} (the function threw), {@code chunk-failed} (its chunk gave no results) or
 *     {@code not-run} (the map stopped early, before it ran)
 * @param errorType the exception class, {@code chunk-failed} or {@code not-run}; null when ok
 * @param error the message shown in the table: exception class and message, the chunk's summary, or why it did not
 *     run
 * @param detail the stack trace, or the chunk's stderr tail; null when ok or not run
 * @param attempt the attempt of its chunk that gave the result (1: first run)
 * @param run where and when it ran (null if unknown)
 */
public record TaskRow(long itask, int ichunk, Map<String, Object> params, Map<String, Object> values, String status,
        String errorType, String error, String detail, int attempt, double seconds, TaskRun run) {
    /** The status and error type of a task the map never ran. */
    public static final String NOT_RUN = "not-run";
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

    public static TaskRow of(Object task, TaskResult<?> r, int ichunk, int attempt) {
        Map<String, Object> params = params(task);
        double seconds = r.nanos() / 1e9;
        if (r.failure() != null) {
            var f = r.failure();
            return new TaskRow(r.itask(), ichunk, params, Map.of(), "failed", f.exceptionClass(),
                    f.exceptionClass() + (f.message() == null ? "" : ": " + f.message()), f.stackTrace(), attempt,
                    seconds, r.run());
        }
        if (r.notRun()) {
            return new TaskRow(r.itask(), ichunk, params, Map.of(), NOT_RUN, NOT_RUN, r.chunkFailure().reason(), null,
                    attempt, seconds, r.run());
        }
        if (r.chunkFailure() != null) {
            var c = r.chunkFailure();
            return new TaskRow(r.itask(), ichunk, params, Map.of(), "chunk-failed", "chunk-failed", c.summary(),
                    c.stderrTail(), attempt, seconds, r.run());
        }
        return new TaskRow(r.itask(), ichunk, params, Flattener.flatten(r.value()), "ok", null, null, null, attempt,
                seconds, r.run());
    }

    /** The CPU seconds of the thread that ran the task, or null where not measured. */
    public static Double cpuSeconds(TaskRun run) {
        return run == null || run.cpu() == null ? null : run.cpu().toNanos() / 1e9;
    }

    /** The worker JVM's peak resident memory in MiB when the task ended, or null where not measured. */
    public static Double peakMib(TaskRun run) {
        return run == null || run.peakMemory() == null ? null : run.peakMemory() / 1048576.0;
    }

    /** Parameters typed: whole numbers as longs, decimals exact ({@code 0.30} stays {@code 0.30}), the rest text. */
    public static Map<String, Object> params(Object task) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (task instanceof Params p) {
            for (String name : p.names()) {
                out.put(name, typed(p.get(name)));
            }
        } else {
            // a record or plain object: its components, as a result's; anything else one "task" column
            Flattener.flatten(task).forEach((k, v) -> out.put(k.equals(Flattener.PLAIN) ? "task" : k, v));
        }
        return out;
    }

    static Object typed(String s) {
        if (s == null) {
            return null;
        }
        if (INTEGER.matcher(s).matches()) {
            return Long.parseLong(s);
        }
        if (DECIMAL.matcher(s).matches()) {
            return new BigDecimal(s);
        }
        return s;
    }

    public boolean ok() {
        return status.equals("ok");
    }

    /** The map stopped early before it ran this task: neither a success nor a failure of it. */
    public boolean notRun() {
        return status.equals(NOT_RUN);
    }

    /** {@code beta=0.3, seed=7}: how the build log and the report name a task. */
    public String label() {
        StringBuilder s = new StringBuilder();
        params.forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(k).append('=')
                .append(Flattener.cell(v)));
        return s.toString();
    }
}
