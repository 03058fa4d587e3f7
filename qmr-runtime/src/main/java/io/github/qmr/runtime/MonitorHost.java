package io.github.qmr.runtime;

/**
 * Where a submitted map's monitor runs ({@link Pool#submit(Class, java.util.List, MonitorHost)}): the process that
 * submits its queue-jobs, follows the queue and resubmits, outliving the JVM that submitted.
 */
public enum MonitorHost {
    /**
     * A process of its own on the submitting host (the default), started under {@code setsid}: no terminal, so the end
     * of the terminal, a dropped SSH connection (SIGHUP) and the logout do not reach it. The host must stay up and let
     * it live.
     */
    PROCESS,
    /**
     * A small long-running queue-job of its own, for sites that kill long processes on login nodes: its host must be
     * allowed to submit jobs. Not on the local queue, whose jobs end with the JVM that runs it.
     */
    JOB
}
