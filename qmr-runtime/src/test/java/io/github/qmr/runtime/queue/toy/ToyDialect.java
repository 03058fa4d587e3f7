package io.github.qmr.runtime.queue.toy;

import io.github.qmr.runtime.process.CommandResult;
import io.github.qmr.runtime.queue.ArrayJobSpec;
import io.github.qmr.runtime.queue.Flavour;
import io.github.qmr.runtime.queue.JobId;
import io.github.qmr.runtime.queue.JobSpec;
import io.github.qmr.runtime.queue.JobState;
import io.github.qmr.runtime.queue.JobStatus;
import io.github.qmr.runtime.queue.QueueDialect;
import io.github.qmr.runtime.queue.QueueException;
import io.github.qmr.runtime.queue.Request;
import io.github.qmr.runtime.queue.RequestConflict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A third, made-up flavour, written only to show that a flavour is a dialect and a registry entry: {@code tsub NAME
 * OUT ERR DIR SIZE SCRIPT ARGS...} prints {@code toy job N} (SIZE 0 for a single job, else array elements
 * {@code N-1..N-SIZE}); {@code tstat} prints {@code ID STATE EXIT NAME} a line, STATE {@code Q} (queued), {@code R}
 * (running), {@code E} (error) or {@code D} (done, with its exit code); {@code tdel ID...} deletes. A job finds its
 * number in {@code TOYQ_JOB}, an element its index in {@code TOYQ_INDEX}.
 */
final class ToyDialect implements QueueDialect {
    static final Flavour FLAVOUR = new Flavour("toy", "Toy", List.of("tsub", "tstat", "tdel"),
            List.of("tsub", "tstat", "tdel"), "/opt/toy/bin/", '-', "element", "a smaller array",
            "toyd may be overloaded", false, "delete them with tdel", "delete them with tdel",
            List.of("QMR_TASK_INDEX=\"${TOYQ_INDEX:-}\"", "QMR_JOB_ID=\"${TOYQ_JOB:-}${TOYQ_INDEX:+-$TOYQ_INDEX}\""));
    private static final Pattern SUBMITTED = Pattern.compile("toy job ([0-9]+)");
    private static final Pattern LINE = Pattern.compile("([0-9]+(?:-[0-9]+)?) ([QRED]) (-|[0-9]+) (.*)");

    @Override
    public Flavour flavour() {
        return FLAVOUR;
    }

    @Override
    public int maxArraySize() {
        return 100;
    }

    @Override
    public List<String> submitArgs(JobSpec job) {
        return submit(job.name(), job.stdout(), job.stderr(), job.workingDir(), 0, job.script(), job.args());
    }

    @Override
    public List<String> arraySubmitArgs(ArrayJobSpec job) {
        return submit(job.name(), job.stdout(), job.stderr(), job.workingDir(), job.size(), job.script(),
                job.args());
    }

    private static List<String> submit(String name, Path out, Path err, Path dir, int size, Path script,
            List<String> args) {
        List<String> argv = new ArrayList<>(List.of("tsub", name, out.toString(), err.toString(), dir.toString(),
                Integer.toString(size), script.toString()));
        argv.addAll(args);
        return argv;
    }

    @Override
    public String parseJobId(String output) {
        Matcher m = SUBMITTED.matcher(QueueDialect.lastLine(output));
        if (!m.matches()) {
            throw new QueueException("tsub printed no 'toy job N': '" + output.strip() + "'");
        }
        return m.group(1);
    }

    @Override
    public List<String> jobNamedArgs(String name) {
        return statusArgs();
    }

    @Override
    public String parseJobNamed(String output, String name) {
        return parseJobsNamedFrom(output, name).stream().findFirst().orElse(null);
    }

    @Override
    public List<String> jobsWithNamesArgs() {
        return statusArgs();
    }

    @Override
    public List<String> parseJobsNamedFrom(String output, String prefix) {
        return lines(output).stream().filter(l -> l.name.startsWith(prefix) && l.state != JobState.FINISHED)
                .map(l -> l.id.number()).distinct().toList();
    }

    @Override
    public List<String> statusArgs() {
        return List.of("tstat");
    }

    private record Line(JobId id, JobState state, String code, Integer exit, String name) {}

    private static List<Line> lines(String output) {
        List<Line> lines = new ArrayList<>();
        for (String raw : output.split("\n")) {
            if (raw.isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(raw.strip());
            if (!m.matches()) {
                throw new QueueException("cannot read tstat's line '" + raw.strip() + "'");
            }
            JobState state = switch (m.group(2)) {
                case "Q" -> JobState.PENDING;
                case "R" -> JobState.RUNNING;
                case "E" -> JobState.ERROR;
                default -> JobState.FINISHED;
            };
            lines.add(new Line(FLAVOUR.parseId(m.group(1)), state, m.group(2),
                    m.group(3).equals("-") ? null : Integer.valueOf(m.group(3)), m.group(4)));
        }
        return lines;
    }

    @Override
    public Listing parseStatus(String output) {
        List<Line> lines = lines(output);
        return new Listing() {
            private List<JobStatus> of(JobId id) {
                return lines.stream().filter(l -> l.id.equals(id) || (!id.isElement()
                        && l.id.number().equals(id.number()))).map(l -> new JobStatus(l.state, l.code,
                                l.state == JobState.FINISHED ? l.exit : null)).toList();
            }

            @Override
            public JobStatus statusOf(JobId id) {
                return JobStatus.rollUp(of(id));
            }

            @Override
            public List<String> notEnding(JobId id) {
                return of(id).stream().filter(s -> s.state() != JobState.FINISHED)
                        .map(s -> id + " (" + s.queueState() + ")").toList();
            }

            @Override
            public Set<String> active(Set<String> jobNumbers) {
                Set<String> active = new LinkedHashSet<>();
                lines.stream().filter(l -> jobNumbers.contains(l.id.number()) && l.state != JobState.FINISHED)
                        .forEach(l -> active.add(l.id + " (" + l.code + ")"));
                return active;
            }
        };
    }

    @Override
    public List<List<String>> deleteArgs(List<String> jobIds) {
        return QueueDialect.inBatches("tdel", jobIds, 50);
    }

    @Override
    public Set<String> deleted(List<String> batch, CommandResult result) {
        return result.ok() ? Set.copyOf(batch) : Set.of();
    }

    @Override
    public boolean isUnreachable(CommandResult result) {
        return result.timedOut() || isTransient(result.stdout() + result.stderr());
    }

    @Override
    public boolean isTransient(String output) {
        return output.contains("toyd is down");
    }

    @Override
    public String hint(String output) {
        return isTransient(output) ? "start toyd" : "";
    }

    /** The toy queue takes no resource requests. */
    @Override
    public QueueDialect withRequest(Request request) {
        if (!request.isEmpty()) {
            throw new RequestConflict("memory", "cannot be requested on the toy queue", "leave it out");
        }
        return this;
    }

    @Override
    public String explain(JobId id, Function<List<String>, CommandResult> run) {
        return "";
    }
}
