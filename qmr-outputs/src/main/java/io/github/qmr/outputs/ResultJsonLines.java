package io.github.qmr.outputs;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code results.jsonl}: one JSON object per task and line, typed (numbers stay numbers, lists and maps stay JSON),
 * for Python ({@code pd.read_json(f, lines=True)}), R and jq. Keys as the CSV's columns; a key a task lacks is null.
 */
public final class ResultJsonLines implements AutoCloseable {
    private final OutputStream file;
    private final JsonGenerator out;
    private final Columns columns;
    private final java.util.Map<String, RunFacts.Job> jobs;

    public ResultJsonLines(Path path, Columns columns) throws IOException {
        this(path, columns, java.util.Map.of());
    }

    /** {@code jobs}: the run's queue-jobs, for the scheduler's figures of each task's job. */
    public ResultJsonLines(Path path, Columns columns, java.util.Map<String, RunFacts.Job> jobs) throws IOException {
        this.columns = columns;
        this.jobs = jobs;
        this.file = new java.io.BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
        this.out = Json.mapper().getFactory().createGenerator(file);
        out.setRootValueSeparator(null);
    }

    public void add(TaskRow row) throws IOException {
        out.writeStartObject();
        out.writeNumberField("itask", row.itask());
        for (String p : columns.params()) {
            write(p, row.params().get(p));
        }
        for (String v : columns.values()) {
            write(v, row.values().get(v));
        }
        out.writeStringField("status", row.status());
        out.writeStringField("error", row.error());
        out.writeNumberField("attempt", row.attempt());
        out.writeNumberField("seconds", Math.round(row.seconds() * 1e6) / 1e6);
        out.writeStringField("start", row.run() == null ? null : row.run().start().toString());
        out.writeStringField("host", row.run() == null ? null : row.run().host());
        out.writeStringField("job", row.run() == null ? null : row.run().jobId());
        Double cpu = TaskRow.cpuSeconds(row.run());
        if (cpu == null) {
            out.writeNullField("cpu_seconds");
        } else {
            out.writeNumberField("cpu_seconds", Math.round(cpu * 1e6) / 1e6);
        }
        Double peak = TaskRow.peakMib(row.run());
        if (peak == null) {
            out.writeNullField("peak_mib");
        } else {
            out.writeNumberField("peak_mib", Math.round(peak * 10) / 10.0);
        }
        Double jobCpu = Columns.jobCpuSeconds(row, jobs);
        if (jobCpu == null) {
            out.writeNullField("job_cpu_seconds");
        } else {
            out.writeNumberField("job_cpu_seconds", Math.round(jobCpu * 1e3) / 1e3);
        }
        Double jobMemory = Columns.jobMemoryMib(row, jobs);
        if (jobMemory == null) {
            out.writeNullField("job_mem_mib");
        } else {
            out.writeNumberField("job_mem_mib", Math.round(jobMemory * 10) / 10.0);
        }
        out.writeEndObject();
        out.flush();
        file.write('\n');
    }

    private void write(String name, Object v) throws IOException {
        out.writeFieldName(name);
        if (v == null) {
            out.writeNull();
        } else if (v instanceof JsonNode node) {
            out.writeTree(node);
        } else if (v instanceof Boolean b) {
            out.writeBoolean(b);
        } else if (v instanceof BigDecimal d) {
            out.writeNumber(d);
        } else if (v instanceof BigInteger i) {
            out.writeNumber(i);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            out.writeNumber(((Number) v).longValue());
        } else if (v instanceof Number n) {
            out.writeNumber(n.doubleValue());
        } else {
            out.writeString(v.toString());
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
        file.close();
    }
}
