package io.github.qmr.runtime.queue;

import java.util.List;

/**
 * The queue's controller (SGE's qmaster, slurmctld) could not be reached, and short retries did not help: the call
 * says nothing about the jobs, which may well run on. A caller may keep taking results from the work dir and ask
 * again later. {@link #notDeleted()} names the jobs of a failed delete.
 */
public class QueueUnreachableException extends QueueException {
    private static final long serialVersionUID = 1L;

    public QueueUnreachableException(String message) {
        super(message);
    }

    public QueueUnreachableException(String message, List<String> notDeleted) {
        super(message, notDeleted);
    }
}
