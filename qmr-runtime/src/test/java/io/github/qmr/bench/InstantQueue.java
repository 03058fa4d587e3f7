package io.github.qmr.bench;

import io.github.qmr.runtime.codec.FileKind;
import io.github.qmr.runtime.codec.RecordReader;
import io.github.qmr.runtime.codec.RecordWriter;
import io.github.qmr.runtime.queue.ArrayJobSpec;
import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.JobSpec;
import io.github.qmr.runtime.queue.JobStatus;
import io.github.qmr.runtime.workdir.ClaimBoard;
import io.github.qmr.runtime.workdir.SessionDir;
import io.github.qmr.runtime.workdir.WorkerArgs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A queue whose jobs finish the moment they are submitted: it writes each chunk's result file itself (the task
 * echoed) and then no longer lists the job. What remains to measure is qmr's own bookkeeping on the process node.
 */
final class InstantQueue implements BatchQueue {
    private long nextId = 1;
    long polls;
    long polledIds;
    /** Time spent doing the workers' part (reading tasks, writing results), to be taken off the process node's. */
    long workerNanos;
    /**
     * Per session folder, the chunks below which every chunk is claimed: the workers here run one after another, so
     * the first takes every chunk, and the others (which the process node deletes before they start on a real queue)
     * need not scan the claims in this JVM, whose memory and time count as the process node's.
     */
    private final Map<Path, Integer> claimedBelow = new HashMap<>();

    @Override
    public String name() {
        return "instant";
    }

    @Override
    public int maxArraySize() {
        return 75_000; // SGE's default max_aj_tasks, so a 100,000-chunk session is split as on SGE
    }

    @Override
    public String submit(JobSpec job) {
        SessionDir dir = SessionDir.open(job.script().getParent());
        List<String> args = job.args();
        if (args.get(0).equals(WorkerArgs.PULL)) { // a pull-mode worker: takes every chunk it can, as WorkerMain does
            WorkerArgs w = WorkerArgs.parse(args);
            claimAll(dir, w.worker(), w.firstChunk(), w.chunks());
        } else {
            run(dir, Integer.parseInt(args.get(0)));
        }
        return Long.toString(nextId++);
    }

    private void claimAll(SessionDir dir, int worker, int first, int chunks) {
        ClaimBoard claims = dir.claims();
        claims.writeTicket(worker);
        for (int ichunk = Math.max(first, claimedBelow.getOrDefault(dir.path(), 0)); ichunk < chunks; ichunk++) {
            if (claims.claimIfOpen(ichunk, worker)) {
                run(dir, ichunk);
            }
        }
        claimedBelow.merge(dir.path(), chunks, Math::max);
    }

    @Override
    public List<String> submitArray(ArrayJobSpec job) {
        SessionDir dir = SessionDir.open(job.script().getParent());
        boolean pull = job.args().get(0).equals(WorkerArgs.PULL_ARRAY);
        int first = Integer.parseInt(job.args().get(pull ? 2 : 1));
        long number = nextId++;
        List<String> ids = new ArrayList<>(job.size());
        for (int task = 1; task <= job.size(); task++) {
            if (pull) { // element task is worker firstWorker + task - 1
                claimAll(dir, Integer.parseInt(job.args().get(1)) + task - 1, first,
                        Integer.parseInt(job.args().get(3)));
            } else {
                run(dir, first + task - 1);
            }
            ids.add(number + "." + task);
        }
        return ids;
    }

    private void run(SessionDir dir, int ichunk) {
        long start = System.nanoTime();
        try (RecordReader tasks = RecordReader.open(dir.tasksFile(ichunk), FileKind.TASKS);
                RecordWriter results = RecordWriter.create(dir.resultFile(ichunk), FileKind.RESULTS, ichunk,
                        tasks.firstItask())) {
            while (tasks.hasNext()) {
                results.writeSuccess(0, tasks.readObject());
            }
            results.finish();
        }
        workerNanos += System.nanoTime() - start;
    }

    @Override
    public Map<String, JobStatus> poll(Collection<String> jobIds) {
        polls++;
        polledIds += jobIds.size();
        return Map.of();
    }

    @Override
    public void delete(Collection<String> jobIds) {}

    @Override
    public Duration defaultPollInterval() {
        return Duration.ofMillis(1);
    }
}
