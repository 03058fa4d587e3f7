package io.github.qmr.maven.output;

import io.github.qmr.runtime.TaskResult;
import io.github.qmr.runtime.params.Params;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The table of a map, one row per task, for a person, a spreadsheet or pandas ({@code pd.read_csv}):
 * {@code itask}, the task's parameters (one column each; a single {@code task} column when tasks are not
 * {@link Params}), {@code result}, {@code status} ({@code ok}, {@code failed}, {@code chunk-failed}), {@code error}
 * and {@code seconds} (the function's time on the worker).
 */
public final class ResultTable implements AutoCloseable {
    private final BufferedWriter out;
    private final List<String> columns;

    private ResultTable(BufferedWriter out, List<String> columns) {
        this.out = out;
        this.columns = columns;
    }

    /** Starts the table; the parameter columns are every name any task has, in order of first appearance. */
    public static ResultTable create(Path file, List<?> tasks) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        boolean allParams = !tasks.isEmpty();
        for (Object task : tasks) {
            if (task instanceof Params p) {
                names.addAll(p.names());
            } else {
                allParams = false;
                break;
            }
        }
        List<String> columns = allParams ? new ArrayList<>(names) : List.of();
        BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        List<String> header = new ArrayList<>();
        header.add("itask");
        if (allParams) {
            header.addAll(columns);
        } else {
            header.add("task");
        }
        header.addAll(List.of("result", "status", "error", "seconds"));
        ResultTable table = new ResultTable(out, allParams ? columns : null);
        table.row(header);
        return table;
    }

    public void add(Object task, TaskResult<?> r) throws IOException {
        List<String> row = new ArrayList<>();
        row.add(Long.toString(r.itask()));
        if (columns != null) {
            Params p = (Params) task;
            for (String c : columns) {
                row.add(p.has(c) ? p.get(c) : "");
            }
        } else {
            row.add(Text.of(task));
        }
        row.add(Text.of(r.value()));
        if (r.failure() != null) {
            row.add("failed");
            row.add(r.failure().exceptionClass() + (r.failure().message() == null ? "" : ": " + r.failure().message()));
        } else if (r.chunkFailure() != null) {
            row.add("chunk-failed");
            row.add(r.chunkFailure().summary());
        } else {
            row.add("ok");
            row.add("");
        }
        row.add(Text.seconds(r.nanos()));
        row(row);
    }

    private void row(List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(Text.csv(fields.get(i)));
        }
        out.write('\n');
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
