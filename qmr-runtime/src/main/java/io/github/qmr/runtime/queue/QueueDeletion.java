package io.github.qmr.runtime.queue;

import io.github.qmr.runtime.process.CommandResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How {@link CommandLineQueue} deletes jobs: in the dialect's batches, jobs already gone being fine; a batch that
 * failed only because the controller was unreachable tried again, further apart each time; where the delete
 * program's exit status proves nothing ({@link Flavour#deletionNeedsConfirming()}), status calls afterwards check
 * that every job is ending or gone. A failure names in {@link QueueException#notDeleted()} every id not known to be
 * deleted (they may still run).
 */
final class QueueDeletion {
    /** Between the checks that deleted jobs are ending (Slurm's scancel is asynchronous for running jobs). */
    private static final Duration DELETE_CHECK_STEP = Duration.ofMillis(100);
    private static final int DELETE_CHECKS = 20;
    /** Ids named in one message at most; the exception carries all of them. */
    private static final int IDS_IN_MESSAGE = 20;

    private final QueueDialect dialect;
    private final Flavour flavour;
    private final QueueTiming timing;
    private final QueueCalls calls;
    /** Forgets the ids deleted. */
    private final LiveJobs live;

    QueueDeletion(QueueDialect dialect, QueueTiming timing, QueueCalls calls, LiveJobs live) {
        this.dialect = dialect;
        this.flavour = dialect.flavour();
        this.timing = timing;
        this.calls = calls;
        this.live = live;
    }

    /** Deletes, forced where the dialect can ({@code qdel -f}) when {@code forced}. */
    void delete(Collection<String> jobIds, boolean forced) {
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(jobIds));
        List<JobId> parsed = new ArrayList<>();
        for (String id : ids) {
            parsed.add(flavour.parseId(id)); // an id the program would read as an option or a pattern is a bug
        }
        if (ids.isEmpty()) {
            return;
        }
        String deleteProgram = "";
        List<String> failures = new ArrayList<>();
        Set<String> notDeleted = new LinkedHashSet<>();
        boolean unreachable = false;
        for (List<String> argv : forced ? dialect.forcedDeleteArgs(ids) : dialect.deleteArgs(ids)) {
            deleteProgram = argv.get(0);
            List<String> batch = argv.subList(1, argv.size()).stream().filter(a -> !a.startsWith("-")).toList();
            CommandResult result;
            try {
                result = deleteBatch(argv);
            } catch (QueueException e) { // the program cannot run at all: none of them is known to be deleted
                throw new QueueException(e.getMessage(), ids);
            }
            Set<String> deleted = result.ok() ? Set.copyOf(batch) : dialect.deleted(batch, result);
            if (!deleted.containsAll(batch)) {
                failures.add(QueueCalls.indent(result.describe()) + calls.hintLine(result));
                batch.stream().filter(id -> !deleted.contains(id)).forEach(notDeleted::add);
                unreachable |= dialect.isUnreachable(result);
            }
        }
        String statusProgram = dialect.statusArgs().get(0);
        if (flavour.deletionNeedsConfirming()) {
            if (unreachable) {
                throw notDeleted(deleteProgram, statusProgram, ids, ids, failures, "", true);
            }
            confirmDeleted(deleteProgram, statusProgram, ids, parsed, failures);
            notDeleted.clear();
        } else if (!failures.isEmpty()) {
            live.forget(ids, parsed, notDeleted);
            throw notDeleted(deleteProgram, statusProgram, new ArrayList<>(notDeleted), ids, failures, "",
                    unreachable);
        }
        live.forget(ids, parsed, notDeleted);
    }

    /** Runs one delete batch, again while the controller is unreachable, at most as often as a status call. */
    private CommandResult deleteBatch(List<String> argv) {
        Duration delay = timing.firstRetryDelay();
        for (int attempt = 1; ; attempt++) {
            CommandResult result = calls.run(argv, "delete jobs");
            if (result.ok() || !dialect.isUnreachable(result) || attempt >= timing.statusAttempts()) {
                return result;
            }
            calls.pause(delay);
            delay = delay.multipliedBy(2);
        }
    }

    /** Checks with status calls that deleted jobs are ending or gone; throws naming those that are not. */
    private void confirmDeleted(String deleteProgram, String statusProgram, List<String> ids, List<JobId> parsed,
            List<String> failures) {
        List<String> notEnding = new ArrayList<>();
        Set<String> notEndingIds = new LinkedHashSet<>();
        for (int check = 1; ; check++) {
            notEnding.clear();
            notEndingIds.clear();
            QueueDialect.Listing listing;
            try {
                listing = calls.status();
            } catch (QueueException e) {
                if (!failures.isEmpty()) {
                    throw notDeleted(deleteProgram, statusProgram, ids, ids, failures, "\nand " + statusProgram
                            + " cannot confirm that they are ending: " + e.getMessage(),
                            e instanceof QueueUnreachableException);
                }
                String message = deleteProgram + " exited 0, but " + statusProgram + " cannot confirm that job(s) "
                        + listed(ids) + " are ending, so they may still run: " + e.getMessage();
                throw e instanceof QueueUnreachableException ? new QueueUnreachableException(message, ids)
                        : new QueueException(message, ids);
            }
            for (JobId id : parsed) {
                for (String entry : listing.notEnding(id)) {
                    notEnding.add(entry);
                    notEndingIds.add(id.toString());
                }
            }
            if (notEnding.isEmpty() || check >= DELETE_CHECKS) {
                break;
            }
            calls.pause(DELETE_CHECK_STEP);
        }
        if (!notEnding.isEmpty()) {
            throw new QueueException(deleteProgram + " did not delete job(s) " + String.join(", ", notEnding) + "; "
                    + statusProgram + " still lists them " + (DELETE_CHECKS * DELETE_CHECK_STEP.toMillis() / 1000.0)
                    + " s later" + (failures.isEmpty() ? " although " + deleteProgram + " exited 0"
                            : ":\n" + String.join("\n", failures))
                    + "\nhint: " + flavour.undeletedAdvice(), new ArrayList<>(notEndingIds));
        }
    }

    private QueueException notDeleted(String deleteProgram, String statusProgram, List<String> notDeleted,
            List<String> ids, List<String> failures, String more, boolean unreachable) {
        String message = deleteProgram + " could not delete " + notDeleted.size() + " of " + ids.size() + " job(s) ("
                + listed(notDeleted) + "); they may still run (check with " + statusProgram + "):\n"
                + String.join("\n", failures)
                + more;
        return unreachable ? new QueueUnreachableException(message, notDeleted)
                : new QueueException(message, notDeleted);
    }

    /** The ids for a message: the first {@link #IDS_IN_MESSAGE}; the exception carries all. */
    private static String listed(List<String> ids) {
        return ids.size() <= IDS_IN_MESSAGE ? String.join(", ", ids)
                : String.join(", ", ids.subList(0, IDS_IN_MESSAGE)) + ", ...";
    }

}
