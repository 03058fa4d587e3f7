package io.github.qmr.runtime;

import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.local.LocalQueue;

/** The queues qmr can run on. */
public final class Queues {
    private Queues() {}

    /** The embedded queue: worker JVMs as local processes, one per available processor at a time. */
    public static BatchQueue local() {
        return new LocalQueue(Runtime.getRuntime().availableProcessors());
    }

    /** The embedded queue with at most {@code slots} workers at a time. */
    public static BatchQueue local(int slots) {
        return new LocalQueue(slots);
    }
}
