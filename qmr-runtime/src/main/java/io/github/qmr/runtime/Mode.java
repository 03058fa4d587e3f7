package io.github.qmr.runtime;

/** How a map's chunks reach the queue. */
public enum Mode {
    /**
     * The default: a few workers (one array job where the queue has arrays) each claim chunks from the work dir
     * until none is left or their time budget is spent. One scheduler round and one JVM start serve many chunks, so
     * short tasks cost little; waiting workers are deleted once every chunk is taken, and the budget keeps fair share.
     */
    PULL,
    /**
     * One queue-job (or array element) per chunk, as the original tool did: for clusters whose policy wants every
     * job to be one unit of work, or chunks so long that a scheduler round per chunk does not matter.
     */
    JOBS
}
