package io.github.qmr.runtime;

import io.github.qmr.runtime.session.Lease;
import io.github.qmr.runtime.workdir.SessionSearch;
import io.github.qmr.runtime.workdir.ChunkScan;
import io.github.qmr.runtime.workdir.SessionDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a session stands, read from its folder in the work dir alone (no queue call, so it answers while the queue's
 * controller is down, and from any host that sees the work dir): its chunks done, with failed tasks, being run by a
 * pull-mode worker, and still waiting; who runs it now; an estimate of the time left.
 *
 * <pre>{@code
 * for (SessionStatus s : SessionStatus.in(Path.of("target/qmr-work"))) System.out.println(s.describe(Instant.now()));
 * }</pre>
 *
 * @param sessionId e.g. {@code qmr-20261207T083615Z-ad91}
 * @param folder the session folder
 * @param started when the session was made
 * @param heldBy the process that runs it now ({@code host node7, pid 4242, since ...}); null when none does (it
 *     ended, or was stopped or killed: a run of the same map resumes it)
 * @param chunks chunks staged
 * @param done chunks with a result
 * @param withFailures chunks whose result holds failed tasks
 * @param running chunks held by a pull-mode worker now (jobs mode: 0, the folder does not tell); 0 once the session
 *     was stopped (see {@link #beingRun})
 * @param lastResult when the newest result arrived; null before the first
 * @param leftBy the process that ran it and is gone without giving it up (killed, or lost with its host:
 *     {@code host node7, pid 4242, since ...}), as its lease on this host says; null otherwise
 * @param failures the failures so far, one line for each of the first {@link #FAILURES_SHOWN} chunks with failed
 *     tasks: {@code chunk 3: 2 failed tasks; the first: itask 7 (x=7, seed=1): java.lang.IllegalStateException: boom}
 */
public record SessionStatus(String sessionId, Path folder, Instant started, String heldBy, int chunks, int done,
        int withFailures, int running, Instant lastResult, String leftBy, List<String> failures) {
    /** How many chunks with failed tasks {@link #failures} describes; the others are counted only. */
    public static final int FAILURES_SHOWN = 10;

    public SessionStatus {
        failures = List.copyOf(failures);
    }

    /** Every session in {@code workDir}, newest first; empty when there is none. */
    public static List<SessionStatus> in(Path workDir) {
        List<SessionStatus> all = new ArrayList<>();
        for (SessionDir dir : SessionSearch.sessionsIn(workDir)) {
            ChunkScan.ChunkCounts c = dir.scan().countChunks();
            Instant started;
            try {
                started = Files.getLastModifiedTime(dir.keyFile()).toInstant();
            } catch (IOException e) {
                continue; // removed while read: it ended
            }
            String heldBy = Lease.glance(dir);
            String leftBy = Lease.leftBy(dir);
            List<String> failures = new ArrayList<>();
            dir.scan().failureNotes(FAILURES_SHOWN).forEach((ichunk, note) -> failures.add(failure(ichunk, note)));
            all.add(new SessionStatus(dir.sessionId(), dir.path(), started, heldBy, c.staged(), c.done(),
                    c.withFailures(), beingRun(c.claimed(), heldBy, leftBy), c.lastResult(), leftBy, failures));
        }
        return all;
    }

    /**
     * The chunks being run: those claimed by a worker, unless the session was stopped (no process holds it, and none
     * was killed holding it): stopping deletes its workers, whose claims stay behind in the folder.
     */
    static int beingRun(int claimed, String heldBy, String leftBy) {
        return heldBy == null && leftBy == null ? 0 : claimed;
    }

    /** A worker's note of a chunk's failures (the count, then the first) as one line. */
    static String failure(int ichunk, String note) {
        String[] lines = note.split("\n", 2);
        String count = lines[0].strip();
        String first = lines.length > 1 ? lines[1].strip().lines().findFirst().orElse("") : "";
        return "chunk " + ichunk + ": " + count + " failed task" + (count.equals("1") ? "" : "s")
                + (first.isEmpty() ? "" : "; the first: " + first);
    }

    /** Chunks neither done nor being run. */
    public int waiting() {
        return Math.max(0, chunks - done - running);
    }

    /** True when every chunk has a result. */
    public boolean complete() {
        return chunks > 0 && done == chunks;
    }

    /**
     * The time left at the pace so far (the chunks done over the time from the start to the newest result); null
     * before the first result or once complete.
     */
    public static Duration timeLeft(Instant started, Instant lastResult, int done, int chunks) {
        if (done <= 0 || lastResult == null || done >= chunks) {
            return null;
        }
        Duration pace = Duration.between(started, lastResult).dividedBy(done);
        return pace.multipliedBy(chunks - done);
    }

    /** One paragraph for a person: what is done, what runs, who runs it, and about how long is left. */
    public String describe(Instant now) {
        StringBuilder b = new StringBuilder(sessionId).append(" (").append(folder).append("): ");
        b.append(done).append(" of ").append(chunks).append(" chunks done");
        if (withFailures > 0) {
            b.append(", ").append(withFailures).append(" with failed tasks");
        }
        b.append(", ").append(running).append(" being run, ").append(waiting()).append(" waiting");
        Duration left = timeLeft(started, lastResult, done, chunks);
        if (left != null) {
            b.append("; about ").append(words(left)).append(" left at the pace so far");
        }
        b.append(". Started ").append(words(Duration.between(started, now))).append(" ago; ");
        if (heldBy != null) {
            b.append("running now in ").append(heldBy);
        } else if (complete()) {
            b.append("complete; a run of the same map takes its results");
        } else {
            b.append("no process runs it now (stopped or killed): a run of the same map resumes it");
            if (leftBy != null) {
                b.append(" (the one that ran it, ").append(leftBy).append(", is gone without having given it up:"
                        + " killed, or lost with its host; its queue-jobs may still run, and that run adopts them)");
            }
        }
        if (!failures.isEmpty()) {
            b.append(". Failures so far:");
            failures.forEach(f -> b.append("\n  ").append(f));
            if (withFailures > failures.size()) {
                b.append("\n  and ").append(withFailures - failures.size()).append(" more chunks with failed tasks"
                        + " (their notes: the *.failed files under ").append(folder.resolve("chunks")).append(')');
            }
        }
        return b.toString();
    }

    private static String words(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return (s / 60) + " min";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }
}
