package io.github.qmr.outputs;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * {@code results.csv}: one row per task for a person, a spreadsheet or pandas ({@code pd.read_csv}): {@code itask},
 * one column per parameter, one per result component (see {@link Flattener}), then {@code status}, {@code error},
 * {@code attempt}, {@code seconds}, {@code start}, {@code host}, {@code job}, {@code cpu_seconds} (the CPU time of
 * the thread that ran the task) and {@code peak_mib} (the worker JVM's peak resident memory in MiB when the task
 * ended; see {@code TaskRun}), empty where not measured; then the scheduler's own figures of the task's queue-job,
 * {@code job_cpu_seconds} and {@code job_mem_mib} (SGE qacct {@code cpu}/{@code maxvmem}, Slurm sacct
 * {@code TotalCPU}/{@code MaxRSS}; the whole job's, which may have run other tasks), empty where the scheduler
 * recorded none. RFC 4180, written by Commons CSV.
 */
public final class ResultCsv implements AutoCloseable {
    private final CSVPrinter out;
    private final Columns columns;
    private final java.util.Map<String, RunFacts.Job> jobs;

    public ResultCsv(Path file, Columns columns) throws IOException {
        this(file, columns, java.util.Map.of());
    }

    /** {@code jobs}: the run's queue-jobs, for the scheduler's figures of each task's job. */
    public ResultCsv(Path file, Columns columns, java.util.Map<String, RunFacts.Job> jobs) throws IOException {
        this.columns = columns;
        this.jobs = jobs;
        List<String> header = new ArrayList<>();
        header.add("itask");
        header.addAll(columns.params());
        header.addAll(columns.values());
        header.addAll(Columns.TRAILING);
        Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        this.out = new CSVPrinter(w, CSVFormat.RFC4180.builder().setRecordSeparator('\n')
                .setHeader(header.toArray(String[]::new)).get());
    }

    public void add(TaskRow row) throws IOException {
        List<String> cells = new ArrayList<>();
        cells.add(Long.toString(row.itask()));
        for (String p : columns.params()) {
            cells.add(Flattener.cell(row.params().get(p)));
        }
        for (String v : columns.values()) {
            cells.add(Flattener.cell(row.values().get(v)));
        }
        cells.add(row.status());
        cells.add(row.error() == null ? "" : row.error());
        cells.add(Integer.toString(row.attempt()));
        cells.add(String.format(java.util.Locale.ROOT, "%.3f", row.seconds()));
        cells.add(row.run() == null ? "" : row.run().start().toString());
        cells.add(row.run() == null || row.run().host() == null ? "" : row.run().host());
        cells.add(row.run() == null || row.run().jobId() == null ? "" : row.run().jobId());
        Double cpu = TaskRow.cpuSeconds(row.run());
        cells.add(cpu == null ? "" : String.format(java.util.Locale.ROOT, "%.3f", cpu));
        Double peak = TaskRow.peakMib(row.run());
        cells.add(peak == null ? "" : String.format(java.util.Locale.ROOT, "%.1f", peak));
        Double jobCpu = Columns.jobCpuSeconds(row, jobs);
        cells.add(jobCpu == null ? "" : String.format(java.util.Locale.ROOT, "%.3f", jobCpu));
        Double jobMemory = Columns.jobMemoryMib(row, jobs);
        cells.add(jobMemory == null ? "" : String.format(java.util.Locale.ROOT, "%.1f", jobMemory));
        out.printRecord(cells);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
