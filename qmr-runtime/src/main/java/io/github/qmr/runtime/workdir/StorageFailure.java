package io.github.qmr.runtime.workdir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A worker that could not write to the work dir because its storage failed: full (ENOSPC), over quota (EDQUOT) or
 * broken (EIO). Unlike a failure of the function, this may pass (space is freed, the quota raised, the server
 * back), so the worker says so in a form the process node recognises.
 *
 * <p>The contract: the worker's exit note ({@link SessionDir#exitFile}) then starts with {@link #NOTE_PREFIX}
 * ({@code "storage: "}), followed by what happened in words, e.g. {@code storage: no space left on
 * /work/qmr-.../chunks/000000/000000001.result (...)}; the same line goes to its stderr; its partial result file is
 * removed first (which also frees the space for the note); and it exits with {@link #EXIT_CODE} (75, EX_TEMPFAIL of
 * sysexits.h: "temporary failure, the user is invited to retry"). {@link #isStorageNote} recognises such a note.
 */
public final class StorageFailure {
    /** The first characters of the exit note of a worker that stopped on a storage error. */
    public static final String NOTE_PREFIX = "storage: ";
    /** The worker's exit code after a storage error (EX_TEMPFAIL), for when its note cannot be written either. */
    public static final int EXIT_CODE = 75;

    private StorageFailure() {}

    /** Whether an exit note's text says the worker stopped on a storage error (a retry after a delay may succeed). */
    public static boolean isStorageNote(String note) {
        return note != null && note.stripLeading().startsWith(NOTE_PREFIX);
    }

    /**
     * What a storage error looks like in an exception's causes ({@code "no space left"}, {@code "disk quota
     * exceeded"}, {@code "input/output error"}), or null when the failure is not one.
     */
    public static String kind(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (t instanceof IOException && message != null) {
                String m = message.toLowerCase(Locale.ROOT);
                if (m.contains("no space left on device")) {
                    return "no space left";
                }
                if (m.contains("disk quota exceeded")) {
                    return "disk quota exceeded";
                }
                if (m.contains("input/output error")) {
                    return "input/output error";
                }
            }
        }
        return null;
    }

    /**
     * The exit note (one line) for a storage error of {@code kind}: on the file the failure names, else on
     * {@code resultFile}, the file a worker writes.
     */
    public static String note(String kind, Path resultFile, Throwable failure) {
        Path file = resultFile;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.nio.file.FileSystemException f && f.getFile() != null) {
                file = Path.of(f.getFile());
                break;
            }
        }
        return NOTE_PREFIX + kind + " on " + file + " (" + rootCause(failure) + "); the worker removed its partial"
                + " result file. Free space or raise the quota; running the chunk again may succeed";
    }

    private static String rootCause(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.toString();
    }
}
