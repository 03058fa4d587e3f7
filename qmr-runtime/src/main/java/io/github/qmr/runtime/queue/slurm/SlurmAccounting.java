package io.github.qmr.runtime.queue.slurm;

import io.github.qmr.runtime.process.CommandResult;
import io.github.qmr.runtime.queue.JobId;
import io.github.qmr.runtime.queue.QueueException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** What Slurm can tell about a job after the fact, from squeue and sacct; pure but for the calls given. */
public final class SlurmAccounting {
    private SlurmAccounting() {}

    /** One job or element in the same format, for {@link #explain}; exits 1 once Slurm forgot the job. */
    public static List<String> squeueArgs(String jobId) {
        return List.of("squeue", "-r", "-h", "-t", "all", "-j", SlurmDialect.FLAVOUR.parseId(jobId).toString(), "-O", Squeue.FORMAT);
    }

    /**
     * What Slurm can tell about a job: its line in squeue (state, reason, exit code, while the controller still
     * lists it) and its record in sacct (state, exit code, reason), from the accounting database or, on a site
     * without one, the job completion log ({@code sacct -c}). A command that fails or is missing adds nothing; "" if
     * nothing is known.
     */
    static String explain(JobId id, Function<List<String>, CommandResult> run) {
        List<String> lines = new ArrayList<>();
        CommandResult squeue = run.apply(squeueArgs(id.toString()));
        if (squeue != null && squeue.ok()) {
            try {
                for (SqueueEntry e : new SqueueListing(Squeue.parse(squeue.stdout())).entriesOf(id)) {
                    String exit = SlurmStates.isTerminal(e.state()) || e.waitStatus() != 0 ? ", exit code " + e.exitCode() : "";
                    lines.add("squeue -j " + id + ": " + e.state() + ", reason " + e.reason() + exit);
                }
            } catch (QueueException e) {
                // an unreadable answer adds nothing to an explanation
            }
        }
        boolean completionLog = false;
        CommandResult sacct = run.apply(Sacct.args(id.toString(), false));
        if (sacct != null && !sacct.ok() && Sacct.accountingDisabled(sacct.stdout() + sacct.stderr())) {
            completionLog = true;
            sacct = run.apply(Sacct.args(id.toString(), true));
        }
        if (sacct != null && sacct.ok()) {
            List<SacctRecord> records = Sacct.parse(sacct.stdout()).stream()
                    .filter(r -> r.jobId().equals(id.toString())).toList();
            if (!records.isEmpty()) {
                SacctRecord last = records.get(records.size() - 1);
                lines.add((completionLog ? "sacct -c -j " : "sacct -j ") + id + ": " + last.state() + ", "
                        + Sacct.describeExitCode(last.exitCode())
                        + (last.reason().isEmpty() || last.reason().equals("None") ? "" : ", reason " + last.reason())
                        + (records.size() > 1 ? " (last of " + records.size() + " records)" : ""));
            }
        }
        return String.join("\n", lines);
    }
}
