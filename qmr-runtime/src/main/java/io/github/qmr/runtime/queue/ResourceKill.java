package io.github.qmr.runtime.queue;

/**
 * A job ended by a limit of its own: the scheduler killed it for memory or time (SGE {@code h_vmem}/{@code h_rt},
 * Slurm {@code OUT_OF_MEMORY}/{@code TIMEOUT}), or its JVM ran out of heap. Running it again unchanged would meet
 * the same limit, so it is never resubmitted as it was.
 *
 * @param kind which limit
 * @param used what the job used, in words (e.g. {@code ran 3 s}, {@code maxvmem 812.4MB}), or null if not known
 * @param requested the request as the queue took it (e.g. {@code h_rt=3}, {@code --mem=1G}), or null if none was
 *     set (the site's default then applied)
 */
public record ResourceKill(Kind kind, String used, String requested) {
    /** The limit met. */
    public enum Kind {
        MEMORY("memory", "the job's memory request"),
        TIME("time", "the job's walltime request");

        /** The word in messages. */
        public final String word;
        /** The request in messages where the queue names no setting of its own. */
        public final String request;

        Kind(String word, String request) {
            this.word = word;
            this.request = request;
        }
    }
}
