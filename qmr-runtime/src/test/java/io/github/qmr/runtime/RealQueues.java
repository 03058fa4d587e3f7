package io.github.qmr.runtime;

/**
 * Names of the resource locks that keep the tests on one real queue apart (see the failsafe configuration in
 * qmr-runtime's pom): the suites of the two real queues run beside each other, never two on one queue.
 */
public final class RealQueues {
    /** Held by every test class that submits to, or stops, the real SGE. */
    public static final String SGE = "qmr.real-sge";
    /** Held by every test class that submits to, or stops, the real Slurm. */
    public static final String SLURM = "qmr.real-slurm";

    private RealQueues() {
    }
}
