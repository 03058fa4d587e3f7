package io.github.qmr.runtime.workdir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Pull mode's claim protocol: each pull worker writes a ticket holding its number, and takes a chunk by making the
 * chunk's claim file a hard link to its ticket, so exactly one worker wins and the process node can read who. The
 * process node releases the claim of a worker that is gone and blocks the claim of a chunk that failed for good.
 * (The files keep their first names, {@code claimers/} and {@code .claim}, so older sessions stay readable.)
 */
public final class ClaimBoard {
    private final SessionDir dir;

    ClaimBoard(SessionDir dir) {
        this.dir = dir;
    }

    /** The process node: the workers folder (owner-only) and empty output files (0600) for worker {@code k}. */
    public void prepareWorker(int worker) {
        try {
            try {
                Files.createDirectory(dir.workersFolder(), SessionDir.dirAttribute());
            } catch (FileAlreadyExistsException ignored) {
                // made for an earlier worker
            }
            SessionDir.createEmpty(dir.workerStdout(worker));
            SessionDir.createEmpty(dir.workerStderr(worker));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare worker " + worker + " in " + dir.workersFolder() + ": " + e,
                    e);
        }
    }

    /**
     * Claims the chunk unless it is taken or done: a chunk with a claim file is taken, and is passed with a stat that
     * finds its file, far cheaper than a failed link (an exception each) for a worker that starts late and meets
     * thousands of them. Returns whether this worker got it.
     */
    public boolean claimIfOpen(int ichunk, int worker) {
        return !taken(ichunk) && claim(ichunk, worker);
    }

    /**
     * Whether the chunk is held by a worker, was finished by one, or is blocked: its claim file is there. One look,
     * not also one for its result file: a chunk finished in this session has its claim; one with a result and no
     * claim (reused from an earlier session, or finished late by a worker whose claim was released) is claimed
     * again and then skipped, as the worker looks for the chunk's result after every claim it wins.
     */
    public boolean taken(int ichunk) {
        return Files.exists(dir.claimFile(ichunk));
    }

    /**
     * A worker takes a chunk: a hard link from the chunk's claim file to its ticket appears atomically with the
     * worker's number in it, so exactly one worker wins and the process node can tell which. Returns false when
     * the chunk was claimed already.
     */
    public boolean claim(int ichunk, int worker) {
        Path claim = dir.claimFile(ichunk);
        try {
            Files.createLink(claim, dir.workerTicket(worker));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | IOException e) {
            // no hard links here: an exclusive create wins just as surely; its number follows at once
            try {
                SessionDir.createNew(claim, worker + "\n");
                return true;
            } catch (FileAlreadyExistsException taken) {
                return false;
            } catch (IOException e2) {
                // sshfs reports a lost race as EPERM, not EEXIST, when its cache did not know the name yet: the
                // claim file is there then, and says who won
                if (Files.exists(claim)) {
                    return owner(ichunk) == worker;
                }
                throw new UncheckedIOException("cannot claim chunk " + ichunk + " (" + claim + "): " + e2
                        + "; check that the work dir is writable from the workers", e2);
            }
        }
    }

    /** Worker {@code k}'s ticket: its number, the target of its claim links. Written once, before any claim. */
    public void writeTicket(int worker) {
        dir.writeText(dir.workerTicket(worker), worker + "\n", false);
    }

    /**
     * Who holds the chunk's claim: the worker's number; {@link #UNCLAIMED}; or {@link #CLAIM_UNKNOWN} for a claim
     * whose number is not written yet (only without hard links) or was blocked by the process node.
     */
    public int owner(int ichunk) {
        try {
            String text = Files.readString(dir.claimFile(ichunk), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? CLAIM_UNKNOWN : Integer.parseInt(text);
        } catch (java.nio.file.NoSuchFileException e) {
            return UNCLAIMED;
        } catch (IOException | NumberFormatException e) {
            return CLAIM_UNKNOWN;
        }
    }

    public static final int UNCLAIMED = -1;

    public static final int CLAIM_UNKNOWN = -2;

    /** Frees the claim of a chunk whose worker is gone, so another worker can take it. */
    public void release(int ichunk) {
        try {
            Files.deleteIfExists(dir.claimFile(ichunk));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the claim " + dir.claimFile(ichunk) + ": " + e, e);
        }
    }

    /** Makes a chunk that failed for good unclaimable (its stale claim, if any, stays and does the same). */
    public void block(int ichunk) {
        try {
            SessionDir.createNew(dir.claimFile(ichunk), "blocked\n");
        } catch (FileAlreadyExistsException e) {
            // held by a worker that is gone: nobody takes it either
        } catch (IOException e) {
            throw new UncheckedIOException("cannot block " + dir.claimFile(ichunk) + ": " + e, e);
        }
    }

    /** The folder of the workers' tickets and output files, owner-only; made before a worker is submitted. */
    public void prepareWorkers() {
        try {
            Files.createDirectory(dir.workersFolder(), SessionDir.dirAttribute());
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // made for an earlier worker
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir.workersFolder() + ": " + e, e);
        }
    }
}
