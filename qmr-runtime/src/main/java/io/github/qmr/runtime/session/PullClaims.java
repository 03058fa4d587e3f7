package io.github.qmr.runtime.session;

import io.github.qmr.runtime.workdir.ClaimBoard;
import io.github.qmr.runtime.workdir.SessionDir;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Pull mode's view of the claim board from the process node: how far the workers have claimed (two cursors, so a
 * cycle looks only at the chunks being worked on), whose chunks a gone worker left, and claims released or blocked.
 */
final class PullClaims {
    private final ChunkTable table;
    private final SessionDir dir;
    private final ClaimBoard claims;
    /** The lowest chunk that may be unclaimed; moves back when a claim is released. */
    private int cursor;
    /** Every chunk below it was claimed at some point (or resolved); only moves up. */
    private int frontier;

    PullClaims(ChunkTable table, SessionDir dir) {
        this.table = table;
        this.dir = dir;
        this.claims = dir.claims();
    }

    /** The chunks not done are open to claim from the lowest on. */
    void start() {
        cursor = table.advance();
        frontier = cursor;
        claims.prepareWorkers();
    }

    ClaimBoard board() {
        return claims;
    }

    /** The lowest chunk that may be unclaimed, where a new worker starts looking. */
    int cursor() {
        return cursor;
    }

    /** Whether every chunk is claimed or resolved: a new worker would find nothing. */
    boolean allTaken() {
        return cursor >= table.chunks;
    }

    /** Moves the cursors past the chunks claimed since the last look. */
    void advance() {
        while (cursor < table.chunks && (table.isResolved(cursor) || Files.exists(dir.claimFile(cursor)))) {
            cursor++;
        }
        if (frontier <= cursor) {
            frontier = cursor; // the chunk there was just seen unclaimed: a second look would only cost a call
            return;
        }
        while (frontier < table.chunks && Files.exists(dir.claimFile(frontier))) {
            frontier++;
        }
    }

    /**
     * Chunks finished above one that is still open (e.g. held by a hung worker) count as done now, not only once
     * everything below them is: progress says what is really done. Only claimed chunks can have a result, and each
     * is looked at until it is done, so a cycle costs one stat per chunk being worked on. Call it right after
     * {@link ChunkTable#advance}.
     */
    void countResultsAboveTheLowest() {
        // from above the lowest: called right after ChunkTable.advance, which stopped there for want of its result
        for (int ichunk = table.lowestUnresolved() + 1; ichunk < frontier; ichunk++) {
            if (!table.isResolved(ichunk) && table.hasResult(ichunk)) {
                table.markDone(ichunk);
            }
        }
    }

    /** The chunks worker {@code number} claimed and left without a result. */
    List<Integer> orphansOf(int number) {
        List<Integer> orphans = new ArrayList<>();
        for (int ichunk = table.lowestUnresolved(); ichunk < frontier; ichunk++) {
            if (!table.isResolved(ichunk) && !table.hasResult(ichunk) && claims.owner(ichunk) == number) {
                orphans.add(ichunk);
            }
        }
        return orphans;
    }

    /** The chunk goes back to be claimed by the next worker that looks. */
    void release(int ichunk) {
        claims.release(ichunk);
        cursor = Math.min(cursor, ichunk);
    }

    /** No worker takes the chunk any more (it failed for good, or runs in a job of its own). */
    void block(int ichunk) {
        claims.block(ichunk);
    }

    /**
     * No worker is left: a claim on a chunk without a result is stale, so it is released for the next worker; not
     * those {@code keep} names (chunks that run in jobs of their own).
     */
    void releaseStale(IntPredicate keep) {
        for (int ichunk = table.lowestUnresolved(); ichunk < frontier; ichunk++) {
            if (!table.isResolved(ichunk) && !table.hasResult(ichunk) && !keep.test(ichunk)
                    && claims.owner(ichunk) != ClaimBoard.UNCLAIMED) {
                release(ichunk);
            }
        }
    }

    /** The lowest open chunk without a result, not one {@code skip} names; {@code table.chunks} if none. */
    int lowestOpen(IntPredicate skip) {
        int ichunk = table.lowestUnresolved();
        while (ichunk < table.chunks && (table.isResolved(ichunk) || table.hasResult(ichunk) || skip.test(ichunk))) {
            ichunk++;
        }
        return ichunk;
    }
}
