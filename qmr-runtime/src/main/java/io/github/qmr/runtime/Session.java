package io.github.qmr.runtime;

import io.github.qmr.runtime.codec.CodecException;
import io.github.qmr.runtime.codec.FileKind;
import io.github.qmr.runtime.codec.RecordReader;
import io.github.qmr.runtime.codec.RecordWriter;
import io.github.qmr.runtime.queue.ArrayJobSpec;
import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.JobSpec;
import io.github.qmr.runtime.queue.JobState;
import io.github.qmr.runtime.queue.JobStatus;
import io.github.qmr.runtime.queue.QueueException;
import io.github.qmr.runtime.workdir.SessionDir;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One map call on the process node: stage, submit, monitor. Single-threaded: the caller's thread runs every monitor
 * cycle while it waits for the next chunk's results (see {@link ResultStream}); only the shutdown hook may call
 * {@link #abort} from another thread, so the state-changing methods are synchronized.
 */
final class Session {
    private static final byte NEW = 0;
    private static final byte SUBMITTED = 1;
    private static final byte DONE = 2;
    private static final byte FAILED = 3;
    private static final int STDERR_TAIL_BYTES = 2000;

    private final SessionDir dir;
    private final BatchQueue queue;
    private final Pool.Options options;
    private final MapListener listener;
    private final long startNanos = System.nanoTime();

    private long taskCount;
    private int chunkSize;
    private int chunks;
    private byte[] state;
    private String[] jobIds;
    private int[] resubmissions;
    private long[] submittedAtNanos;
    private final Map<String, Integer> chunkOfJob = new HashMap<>();
    private final Map<Integer, Long> goneSinceNanos = new HashMap<>();
    private final Map<Integer, ChunkFailure> chunkFailures = new TreeMap<>();
    private final List<SessionDir> superseded = new ArrayList<>();
    /** Folds each task file's digest in chunk order as staging writes it: the tasks' part of the session key. */
    private final java.security.MessageDigest taskFilesDigest = SessionKey.sha256();
    private int pendingCount;
    private int runningCount;
    private int doneCount;
    private String lastProgress = "";
    /** Claim mode (Pool.Builder#claimChunks): the claimers in the queue, by job id, and when each was submitted. */
    private final boolean claiming;
    private final Map<String, Integer> claimerOfJob = new LinkedHashMap<>();
    private final Map<String, Long> claimerSubmittedAt = new HashMap<>();
    private final Map<String, Long> claimerGoneSince = new HashMap<>();
    private int nextClaimer;
    /** Claim mode: every chunk below it is resolved. */
    private int lowestUnresolved;
    private Thread shutdownHook;
    private boolean ended;

    Session(SessionDir dir, BatchQueue queue, Pool.Options options) {
        this.dir = dir;
        this.queue = queue;
        this.options = options;
        this.listener = options.listener();
        this.claiming = options.claimWorkers() > 0;
    }

    SessionDir dir() {
        return dir;
    }

    long taskCount() {
        return taskCount;
    }

    int chunkSize() {
        return chunkSize;
    }

    /** Writes every chunk's task file. Any task that cannot be serialized stops the map before submission. */
    void stageTasks(Iterable<?> tasks, long knownSize) {
        chunkSize = options.chunkSizeFor(knownSize);
        Iterator<?> it = tasks.iterator();
        long itask = 0;
        int ichunk = 0;
        while (it.hasNext()) {
            dir.prepareChunk(ichunk);
            try (RecordWriter writer = RecordWriter.create(dir.tasksFile(ichunk), FileKind.TASKS, ichunk, itask)) {
                for (int i = 0; i < chunkSize && it.hasNext(); i++, itask++) {
                    Object task = it.next();
                    try {
                        writer.writeObject(task);
                    } catch (CodecException e) {
                        throw new InvalidInputException("task " + itask + " (a "
                                + (task == null ? "null" : task.getClass().getName()) + ") cannot be written to "
                                + dir.tasksFile(ichunk) + ": " + e.getMessage(), e);
                    }
                }
                writer.finish();
                taskFilesDigest.update(writer.bodyDigest());
            }
            ichunk++;
        }
        taskCount = itask;
        chunks = ichunk;
        state = new byte[chunks];
        jobIds = new String[chunks];
        resubmissions = new int[chunks];
        submittedAtNanos = new long[chunks];
    }

    int chunks() {
        return chunks;
    }

    /**
     * Reuses the results of an earlier session of the same map (same function, tasks, chunking and classpath) that
     * was stopped or failed in this work dir: each chunk whose result file there is intact is taken over, so only the
     * rest is submitted. Returns how many chunks were reused.
     */
    int resume(List<Path> classpath) {
        String key = SessionKey.of(dir, chunks, chunkSize, taskFilesDigest.digest(), classpath);
        dir.writeText(dir.keyFile(), key + "\n", false);
        int reused = 0;
        for (SessionDir earlier : dir.earlierSessionsWithKey(key)) {
            for (int ichunk = 0; ichunk < chunks; ichunk++) {
                if (state[ichunk] == DONE || !Files.exists(earlier.resultFile(ichunk))) {
                    continue;
                }
                try {
                    RecordReader.open(earlier.resultFile(ichunk), FileKind.RESULTS).close(); // checks its CRC
                    Files.copy(earlier.resultFile(ichunk), dir.resultFile(ichunk));
                    state[ichunk] = DONE;
                    doneCount++;
                    reused++;
                } catch (CodecException | java.io.IOException e) {
                    notice(true, "chunk " + ichunk + ": not reusing " + earlier.resultFile(ichunk) + ": "
                            + e.getMessage());
                }
            }
            superseded.add(earlier);
        }
        if (reused > 0) {
            notice(false, dir.sessionId() + ": resuming: " + reused + " of " + chunks + " chunks already done in "
                    + superseded.stream().map(SessionDir::sessionId).toList() + "; submitting the other "
                    + (chunks - reused));
        }
        return reused;
    }

    long firstItask(int ichunk) {
        return (long) ichunk * chunkSize;
    }

    int tasksIn(int ichunk) {
        return (int) Math.min(chunkSize, taskCount - firstItask(ichunk));
    }

    int chunkOf(long itask) {
        return (int) (itask / chunkSize);
    }

    /** Submits every chunk; the shutdown hook from here on deletes this session's jobs if the JVM is stopped. */
    synchronized void submitAll() {
        try {
            submitRemaining();
        } catch (QueueException e) {
            throw queueFailed("submitting", e);
        }
    }

    /** A queue failure, as the caller sees it: what failed, and where the work dir is kept for a rerun. */
    private QmrException queueFailed(String doing, QueueException e) {
        return new QmrException("the " + queue.name() + " queue failed while " + doing + " the jobs of session "
                + dir.sessionId() + ": " + e.getMessage() + "\nThe work dir is kept at " + dir.path()
                + "; run the same map again to resume it", e);
    }

    private void submitRemaining() {
        shutdownHook = new Thread(this::abortFromHook, "qmr-abort-" + dir.sessionId());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        if (claiming) {
            submitClaimers();
            return;
        }
        int arraySize = options.jobArrays() ? queue.maxArraySize() : 0;
        // runs of consecutive chunks still to do (all of them, unless resuming)
        for (int first = 0; first < chunks; ) {
            if (state[first] == DONE) {
                first++;
                continue;
            }
            int end = first;
            while (end < chunks && state[end] != DONE && (arraySize <= 1 || end - first < arraySize)) {
                end++;
            }
            if (arraySize > 1 && end - first > 1) {
                dir.prepareQueueLogs();
                submitArray(first, end - 1);
            } else {
                for (int ichunk = first; ichunk < end; ichunk++) {
                    submit(ichunk);
                }
            }
            first = end;
        }
        pendingCount = chunks - doneCount;
        progress(true);
    }

    private void submit(int ichunk) {
        dir.prepareJobLogs(ichunk);
        JobSpec job = new JobSpec(dir.jobName(ichunk), dir.launcher(), List.of(Integer.toString(ichunk)),
                dir.stdoutFile(ichunk), dir.stderrFile(ichunk), options.workerWorkingDir());
        String id = queue.submit(job);
        if (jobIds[ichunk] != null) {
            chunkOfJob.remove(jobIds[ichunk]);
        }
        jobIds[ichunk] = id;
        chunkOfJob.put(id, ichunk);
        state[ichunk] = SUBMITTED;
        submittedAtNanos[ichunk] = System.nanoTime();
    }

    private void submitArray(int first, int last) {
        int size = last - first + 1;
        List<String> ids = queue.submitArray(new ArrayJobSpec(dir.arrayJobName(first, last), dir.launcher(),
                List.of("array", Integer.toString(first)), size, dir.queueStdout(), dir.queueStderr(),
                options.workerWorkingDir()));
        if (ids.size() != size) {
            throw new QueueException(queue.name() + " returned " + ids.size() + " ids for an array job of " + size
                    + " elements (chunks " + first + ".." + last + "): " + ids);
        }
        long now = System.nanoTime();
        for (int i = 0; i < size; i++) {
            jobIds[first + i] = ids.get(i);
            chunkOfJob.put(ids.get(i), first + i);
            state[first + i] = SUBMITTED;
            submittedAtNanos[first + i] = now;
        }
    }

    // -----------------------------------------------------------------------------------------------------------
    // Claim mode: a few claimers take chunks from the work dir; results still decide completion, per chunk.

    /** Every chunk not done is open for claiming; one claimer per worker, but never more than chunks to do. */
    private void submitClaimers() {
        int first = -1;
        int todo = 0;
        for (int ichunk = 0; ichunk < chunks; ichunk++) {
            if (state[ichunk] != DONE) {
                state[ichunk] = SUBMITTED;
                todo++;
                first = first < 0 ? ichunk : first;
            }
        }
        for (int k = 0; k < Math.min(options.claimWorkers(), todo); k++) {
            submitClaimer(first);
        }
        pendingCount = todo;
        progress(true);
    }

    /** A claimer that looks for unclaimed chunks from {@code first} on; returns its job id. */
    private String submitClaimer(int first) {
        int k = nextClaimer++;
        dir.prepareClaimer(k);
        String id = queue.submit(new JobSpec(dir.claimerJobName(k), dir.launcher(), List.of("claim",
                Integer.toString(k), Integer.toString(first), Integer.toString(chunks)), dir.claimerStdout(k),
                dir.claimerStderr(k), options.workerWorkingDir()));
        claimerOfJob.put(id, k);
        claimerSubmittedAt.put(id, System.nanoTime());
        return id;
    }

    private void monitorClaimers() {
        Map<String, JobStatus> statuses = queue.poll(new ArrayList<>(claimerOfJob.keySet()));
        int running = 0;
        for (Map.Entry<String, Integer> entry : new ArrayList<>(claimerOfJob.entrySet())) {
            String id = entry.getKey();
            int k = entry.getValue();
            JobStatus status = statuses.get(id);
            switch (status == null ? JobState.FINISHED : status.state()) {
                case PENDING -> {
                    Duration limit = options.maxPendingTime();
                    if (limit != null && System.nanoTime() - claimerSubmittedAt.get(id) > limit.toNanos()) {
                        queue.delete(List.of(id));
                        forgetClaimer(id);
                        String why = "claimer queue-job " + id + " was still pending (state '" + status.queueState()
                                + "') after " + limit.toSeconds() + " s, the limit set with maxPendingTime; deleted"
                                + " it. The queue may lack what the job asks for (check its resources and queue),"
                                + " or be full";
                        if (claimerOfJob.isEmpty()) {
                            failUnclaimed(why);
                        }
                    }
                }
                case RUNNING -> running++;
                case ERROR -> {
                    String explanation = queue.explain(id);
                    queue.delete(List.of(id));
                    forgetClaimer(id);
                    String what = "claimer queue-job " + id + " was in error state '" + status.queueState() + "'"
                            + (explanation.isBlank() ? "" : " (" + oneLine(explanation) + ")");
                    List<Integer> orphans = orphansOf(k);
                    if (orphans.isEmpty()) {
                        replaceClaimer(what);
                    } else {
                        releaseOrFail(orphans, id, null, what);
                    }
                }
                case FINISHED -> {
                    List<Integer> orphans = orphansOf(k);
                    Integer exitCode = status == null ? null : status.exitCode();
                    long now = System.nanoTime();
                    if (orphans.isEmpty() || (exitCode == null && now - claimerGoneSince.computeIfAbsent(id,
                            x -> now) < options.resultGracePeriod().toNanos())) {
                        if (orphans.isEmpty()) {
                            forgetClaimer(id); // ran out of chunks to claim: its slot is free
                        }
                        break; // else shared storage may still show its last result
                    }
                    forgetClaimer(id);
                    String how = exitCode != null && exitCode > 128 ? "was killed by signal " + (exitCode - 128)
                            + " (exit code " + exitCode + ")" : exitCode != null ? "ended with exit code " + exitCode
                            : "left the queue";
                    String explanation = exitCode == null ? queue.explain(id) : "";
                    releaseOrFail(orphans, id, exitCode, "claimer queue-job " + id + " " + how
                            + " before finishing it" + (explanation.isBlank() ? "" : " (" + oneLine(explanation) + ")"));
                }
            }
        }
        while (lowestUnresolved < chunks && (isResolved(lowestUnresolved) || hasResult(lowestUnresolved))) {
            if (!isResolved(lowestUnresolved)) {
                markDone(lowestUnresolved);
            }
            lowestUnresolved++;
        }
        if (claimerOfJob.isEmpty() && lowestUnresolved < chunks) {
            reviveUnclaimed();
        }
        runningCount = running;
        pendingCount = Math.max(0, chunks - doneCount - chunkFailures.size() - running);
        progress(false);
    }

    private void forgetClaimer(String id) {
        claimerOfJob.remove(id);
        claimerSubmittedAt.remove(id);
        claimerGoneSince.remove(id);
    }

    /** The chunks claimer {@code k} took and left without a result. */
    private List<Integer> orphansOf(int k) {
        List<Integer> orphans = new ArrayList<>();
        for (int ichunk = lowestUnresolved; ichunk < chunks; ichunk++) {
            if (state[ichunk] == SUBMITTED && !hasResult(ichunk) && dir.claimOwner(ichunk) == k) {
                orphans.add(ichunk);
            }
        }
        return orphans;
    }

    /**
     * Chunks whose claimer is gone without their result. As for a single job: one that stopped itself (its exit
     * note, or an exit code up to 128) failed for good; else the claim is released and a new claimer submitted,
     * counted against the chunk's resubmissions. A failed chunk keeps its claim, so nobody takes it.
     */
    private void releaseOrFail(List<Integer> orphans, String id, Integer exitCode, String what) {
        List<Integer> released = new ArrayList<>();
        for (int ichunk : orphans) {
            jobIds[ichunk] = id;
            Path exitNote = dir.exitFile(ichunk);
            if (Files.exists(exitNote) || (exitCode != null && exitCode != 0 && exitCode <= 128)) {
                String note = Files.exists(exitNote) ? SessionDir.tail(exitNote, 1000).strip() : "";
                fail(ichunk, exitCode, (note.isEmpty() ? "" : note + "; ") + what + "; see "
                        + dir.stderrFile(ichunk));
            } else if (resubmissions[ichunk] < options.maxResubmissions()) {
                resubmissions[ichunk]++;
                dir.releaseClaim(ichunk);
                released.add(ichunk);
            } else {
                fail(ichunk, exitCode, what + "; no resubmission left (" + resubmissions[ichunk] + " done; raise"
                        + " maxResubmissions to allow more)");
            }
        }
        if (!released.isEmpty()) {
            String newId = submitClaimer(released.get(0));
            for (int ichunk : released) {
                notice(true, "chunk " + ichunk + ": " + what + "; released for claimer queue-job " + newId
                        + " (resubmission " + resubmissions[ichunk] + " of at most " + options.maxResubmissions()
                        + ")");
            }
        }
    }

    /** A claimer that ran nothing (in error before it started) is replaced, counted against the first open chunk. */
    private void replaceClaimer(String what) {
        for (int ichunk = lowestUnresolved; ichunk < chunks; ichunk++) {
            if (isResolved(ichunk)) {
                continue;
            }
            if (resubmissions[ichunk] < options.maxResubmissions()) {
                resubmissions[ichunk]++;
                String newId = submitClaimer(ichunk);
                notice(true, "chunk " + ichunk + ": " + what + "; resubmitted as claimer queue-job " + newId
                        + " (resubmission " + resubmissions[ichunk] + " of at most " + options.maxResubmissions()
                        + ")");
                return;
            }
            jobIds[ichunk] = null;
            fail(ichunk, null, what + "; no resubmission left (" + resubmissions[ichunk] + " done; raise"
                    + " maxResubmissions to allow more)");
            dir.blockClaim(ichunk);
            if (!claimerOfJob.isEmpty()) {
                return; // the claimers still there run the rest
            }
        }
    }

    /**
     * No claimer is left but chunks are open, e.g. one was released after the others had passed it: any claim on
     * them is stale, so it is released and a claimer submitted for the first.
     */
    private void reviveUnclaimed() {
        for (int ichunk = lowestUnresolved; ichunk < chunks; ichunk++) {
            if (isResolved(ichunk)) {
                continue;
            }
            if (hasResult(ichunk)) {
                markDone(ichunk);
                continue;
            }
            if (dir.claimOwner(ichunk) != SessionDir.UNCLAIMED) {
                dir.releaseClaim(ichunk);
            }
            replaceClaimer("no claimer was left in the queue while it was not done");
            return;
        }
    }

    /** The last claimer could not start: the chunks nobody took fail with the reason. */
    private void failUnclaimed(String why) {
        for (int ichunk = lowestUnresolved; ichunk < chunks; ichunk++) {
            if (!isResolved(ichunk) && !hasResult(ichunk)) {
                fail(ichunk, null, why);
                dir.blockClaim(ichunk);
            }
        }
    }

    boolean isResolved(int ichunk) {
        return state[ichunk] == DONE || state[ichunk] == FAILED;
    }

    ChunkFailure chunkFailure(int ichunk) {
        return chunkFailures.get(ichunk);
    }

    /** Marks a chunk failed after the fact, e.g. when its result file turns out unreadable. */
    synchronized void failChunk(int ichunk, Integer exitCode, String reason) {
        if (state[ichunk] == DONE) {
            doneCount--;
        }
        fail(ichunk, exitCode, reason);
    }

    /**
     * Runs monitor cycles until the chunk is resolved. A result already there is taken without asking the queue,
     * so reading a session whose chunks are done costs no poll per chunk.
     */
    void awaitChunk(int ichunk) {
        if (takeResultIfThere(ichunk)) {
            return;
        }
        while (true) {
            cycle();
            if (isResolved(ichunk)) {
                return;
            }
            sleep(options.pollInterval());
        }
    }

    /** One monitor cycle: one poll of the queue for all jobs in flight, then the work dir for finished ones. */
    synchronized void cycle() {
        if (ended) {
            throw new QmrException("session " + dir.sessionId() + " was aborted; its work dir is kept at " + dir.path());
        }
        try {
            monitor();
        } catch (QueueException e) {
            throw queueFailed("following", e);
        }
    }

    private void monitor() {
        if (claiming) {
            monitorClaimers();
            return;
        }
        Map<String, JobStatus> statuses = queue.poll(new ArrayList<>(chunkOfJob.keySet()));
        int pending = 0;
        int running = 0;
        for (Map.Entry<String, Integer> entry : new ArrayList<>(chunkOfJob.entrySet())) {
            String id = entry.getKey();
            int ichunk = entry.getValue();
            JobStatus status = statuses.get(id);
            JobState jobState = status == null ? JobState.FINISHED : status.state();
            switch (jobState) {
                case PENDING -> {
                    if (pendingTooLong(ichunk)) {
                        queue.delete(List.of(id));
                        chunkOfJob.remove(id);
                        fail(ichunk, null, "queue-job " + id + " was still pending (state '" + status.queueState()
                                + "') after " + options.maxPendingTime().toSeconds() + " s, the limit set with"
                                + " maxPendingTime; deleted it. The queue may lack what the job asks for (check its"
                                + " resources and queue), or be full");
                    } else {
                        pending++;
                    }
                }
                case RUNNING -> {
                    if (hasResult(ichunk)) {
                        markDone(ichunk); // the job is still exiting; its result is complete
                    } else {
                        running++;
                    }
                }
                case ERROR -> onError(ichunk, id, status);
                case FINISHED -> onFinished(ichunk, id, status);
            }
        }
        pendingCount = pending;
        runningCount = running;
        progress(false);
    }

    private synchronized boolean takeResultIfThere(int ichunk) {
        if (state[ichunk] == SUBMITTED && hasResult(ichunk)) {
            markDone(ichunk); // its job may still be exiting, as in monitor()'s RUNNING case
            return true;
        }
        return isResolved(ichunk);
    }

    private boolean pendingTooLong(int ichunk) {
        Duration limit = options.maxPendingTime();
        return limit != null && System.nanoTime() - submittedAtNanos[ichunk] > limit.toNanos();
    }

    private boolean hasResult(int ichunk) {
        return Files.exists(dir.resultFile(ichunk));
    }

    private void markDone(int ichunk) {
        chunkOfJob.remove(jobIds[ichunk]);
        goneSinceNanos.remove(ichunk);
        state[ichunk] = DONE;
        doneCount++;
    }

    private void onError(int ichunk, String id, JobStatus status) {
        if (hasResult(ichunk)) {
            queue.delete(List.of(id));
            markDone(ichunk);
            return;
        }
        String explanation = queue.explain(id);
        queue.delete(List.of(id));
        resubmitOrFail(ichunk, id, null, "queue-job " + id + " was in error state '" + status.queueState() + "'"
                + (explanation.isBlank() ? "" : " (" + oneLine(explanation) + ")"));
    }

    /**
     * A job that left the queue without a result. A worker that stopped itself (its exit note, or an exit code up
     * to 128) failed for good: running it again would fail again. A worker killed by a signal, or a job that just
     * vanished, may have met a passing fault (a node lost, the OOM killer), so its chunk is resubmitted, counted
     * against the limit, after a grace period in which shared storage may still show the result.
     */
    private void onFinished(int ichunk, String id, JobStatus status) {
        if (hasResult(ichunk)) {
            markDone(ichunk);
            return;
        }
        Integer exitCode = status == null ? null : status.exitCode();
        Path exitNote = dir.exitFile(ichunk);
        boolean stoppedItself = Files.exists(exitNote);
        if (stoppedItself || (exitCode != null && exitCode != 0 && exitCode <= 128)) {
            chunkOfJob.remove(id);
            String note = stoppedItself ? SessionDir.tail(exitNote, 1000).strip() : "";
            fail(ichunk, exitCode, (note.isEmpty() ? "the worker" : note + "; it") + " ended"
                    + (exitCode == null ? "" : " with exit code " + exitCode) + " without writing a result; see "
                    + dir.stderrFile(ichunk));
            return;
        }
        long now = System.nanoTime();
        long since = goneSinceNanos.computeIfAbsent(ichunk, k -> now);
        // exit 0 without a result (a queue such as Slurm reports it) gets the same grace: the file may be late
        boolean signal = exitCode != null && exitCode > 128;
        if (!signal && now - since < options.resultGracePeriod().toNanos()) {
            return;
        }
        String how = signal ? "was killed by signal " + (exitCode - 128) + " (exit code " + exitCode + ")"
                : exitCode != null ? "ended with exit code " + exitCode + " without writing a result"
                : "left the queue without writing a result";
        // also for a signal: the queue may say why it sent it (e.g. Slurm's TIMEOUT, a node failure)
        String explanation = queue.explain(id);
        String what = "queue-job " + id + " " + how + (explanation.isBlank() ? "" : " (" + oneLine(explanation) + ")");
        if (status != null && !queue.mayResubmit(status)) {
            chunkOfJob.remove(id);
            fail(ichunk, exitCode, what + "; the " + queue.name() + " queue ended it in state '" + status.queueState()
                    + "', which running it again would meet again (raise the job's limits instead)");
            return;
        }
        resubmitOrFail(ichunk, id, exitCode, what);
    }

    private void resubmitOrFail(int ichunk, String id, Integer exitCode, String what) {
        chunkOfJob.remove(id);
        goneSinceNanos.remove(ichunk);
        if (resubmissions[ichunk] < options.maxResubmissions()) {
            resubmissions[ichunk]++;
            submit(ichunk);
            notice(true, "chunk " + ichunk + ": " + what + "; resubmitted as queue-job " + jobIds[ichunk]
                    + " (resubmission " + resubmissions[ichunk] + " of at most " + options.maxResubmissions() + ")");
        } else {
            fail(ichunk, exitCode, what + "; no resubmission left (" + resubmissions[ichunk] + " done; raise"
                    + " maxResubmissions to allow more)");
        }
    }

    /**
     * A result file that cannot be read (torn, altered) is never used: it is deleted and its chunk run again,
     * counted against the limit. Returns false when the chunk failed instead.
     */
    synchronized boolean recompute(int ichunk, String why) {
        try {
            Files.deleteIfExists(dir.resultFile(ichunk));
        } catch (java.io.IOException e) {
            failChunk(ichunk, null, why + "; and it cannot be deleted to run the chunk again: " + e);
            return false;
        }
        doneCount--;
        if (claiming) {
            state[ichunk] = SUBMITTED;
            lowestUnresolved = Math.min(lowestUnresolved, ichunk);
            releaseOrFail(List.of(ichunk), jobIds[ichunk], null, "the result file " + why);
            progress(true);
            return state[ichunk] != FAILED;
        }
        resubmitOrFail(ichunk, jobIds[ichunk], null, "the result file " + why);
        progress(true);
        return state[ichunk] != FAILED;
    }

    private static String oneLine(String text) {
        return text.strip().replace("\n", "; ");
    }

    private void fail(int ichunk, Integer exitCode, String reason) {
        state[ichunk] = FAILED;
        goneSinceNanos.remove(ichunk);
        chunkFailures.put(ichunk, new ChunkFailure(ichunk, firstItask(ichunk), tasksIn(ichunk), jobIds[ichunk],
                exitCode, reason, SessionDir.tail(dir.stderrFile(ichunk), STDERR_TAIL_BYTES)));
        progress(true);
    }

    boolean anyChunkFailed() {
        return !chunkFailures.isEmpty();
    }

    private void progress(boolean force) {
        MapEvent.Progress p = new MapEvent.Progress(dir.sessionId(), chunks, pendingCount, runningCount, doneCount,
                chunkFailures.size(), Duration.ofNanos(System.nanoTime() - startNanos));
        String key = p.pending() + "/" + p.running() + "/" + p.done() + "/" + p.failed();
        if (force || !key.equals(lastProgress)) {
            lastProgress = key;
            listener.onEvent(p);
        }
    }

    void notice(boolean warning, String text) {
        listener.onEvent(new MapEvent.Notice(warning, text));
    }

    /** Ends a completed session: removes the shutdown hook; deletes the session folder unless it must be kept. */
    synchronized void complete(boolean keep) {
        ended = true;
        removeHook();
        if (keep) {
            notice(true, dir.sessionId() + ": work dir kept at " + dir.path());
        } else {
            try {
                dir.delete();
                for (SessionDir earlier : superseded) {
                    earlier.delete(); // its results live on in this complete session's output
                }
            } catch (UncheckedIOException e) {
                notice(true, e.getMessage());
            }
        }
    }

    /** Stops early: deletes every job still in the queue and keeps the work dir. */
    synchronized void abort() {
        if (ended) {
            return;
        }
        ended = true;
        removeHook();
        deleteJobsInFlight();
        notice(true, dir.sessionId() + ": stopped before the end; deleted its queue-jobs; work dir kept at "
                + dir.path());
    }

    private void abortFromHook() {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            deleteJobsInFlight();
        }
    }

    private void deleteJobsInFlight() {
        if (!chunkOfJob.isEmpty() || !claimerOfJob.isEmpty()) {
            try {
                List<String> ids = new ArrayList<>(chunkOfJob.keySet());
                ids.addAll(claimerOfJob.keySet());
                queue.delete(ids);
            } catch (QueueException e) {
                notice(true, "could not delete the queue-jobs of session " + dir.sessionId() + ": " + e.getMessage());
            }
            chunkOfJob.clear();
            claimerOfJob.clear();
        }
    }

    private void removeHook() {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs anyway and finds the session ended
            }
            shutdownHook = null;
        }
    }

    Path path() {
        return dir.path();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QmrException("interrupted while waiting for queue-jobs", e);
        }
    }
}
