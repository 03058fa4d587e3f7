package io.github.qmr.runtime.workdir;

import java.nio.file.Path;

/**
 * The names and layout of a session's files in the work dir, known in this one class: pure, no file is touched
 * here ({@link SessionDir} adds what reads and writes them).
 *
 * <pre>
 * WORKDIR/SESSION/                      owner-only (0700) from creation; SESSION = qmr-20261125T162427Z-3f9a
 *   function.bin                        the function: a class name or a serialized instance/lambda
 *   worker.args                         the worker JVM's argument file (classpath, JVM options)
 *   launcher.sh                         exports the environment, then runs java @worker.args WorkerMain
 *   session.key                         what makes two maps the same (function, tasks, classpath): for resuming
 *   jobs                                the id of every queue-job submitted, one a line, written as submitted
 *   lease                               host, pid, start time of the process running the session and a count,
 *                                       rewritten every 15 s while it runs
 *   monitor.bin                         a detached map (Pool.submit): what its monitor needs (queue, settings,
 *                                       layout), sealed; monitor.sh starts the monitor, which logs to monitor.log
 *   monitor.job                         the queue-job id of a monitor run as a queue-job
 *   monitor.end                         written by the monitor when every chunk is resolved: the chunks that failed
 *   session.secret                      0600: the HMAC key that seals this session's task, result and function
 *                                       files (first line), then the keys of the earlier sessions it adopted
 *   chunks/000000/000000007.tasks       chunk 7's tasks; at most 1000 chunks per shard folder
 *   chunks/000000/000000007.result      its outcomes, renamed into place when complete
 *   chunks/000000/000000007.exit        written by a worker that stopped before the chunk was complete
 *   chunks/000000/000000007.failed      written before the result when tasks failed: their count and the first
 *   chunks/000000/000000007.stdout      the queue-job's stdout and stderr (all attempts)
 *   chunks/000000/000000007.stderr
 *   chunks/000000/000000007.claim       pull mode: a hard link to the ticket of the worker that runs the chunk
 *   chunks/000000/000000007.beat        jobs mode: the heartbeat of the chunk's worker ("host pid count"), rewritten
 *                                       every heartbeatTimeout/8 while it runs; watched for change by the monitor
 *   claimers/000003.ticket              pull mode: worker 3's number, the target of its claim links; written when
 *                                       the worker has started (it read the function)
 *   claimers/000003.beat                pull mode: worker 3's heartbeat, as a chunk's in jobs mode
 *   claimers/000003.stdout              pull mode: what worker 3's JVM prints outside a chunk
 *   claimers/000003.stderr
 * WORKDIR/cds/qmr-0123456789abcdef01234567.jsa   the workers' class-data archive, one per java + classpath + options
 * WORKDIR/cds/qmr-0123456789abcdef01234567.making   while it is made: what its maker prints (the maker's lock)
 * WORKDIR/cds/qmr-0123456789abcdef01234567.failed   why it could not be made, until a map has said so
 * WORKDIR/cds/qmr-0123456789abcdef01234567.training-PID-N/   the training run's copy of a session (function,
 *                                       secret, chunk 0's tasks), its output and the archive before it is checked
 * WORKDIR/classpath/&lt;sha256&gt;.jar                the plugin's staged classpath (see {@link SharedFolder})
 * </pre>
 */
public class SessionLayout {
    public static final String FUNCTION_FILE = "function.bin";
    public static final String ARGS_FILE = "worker.args";
    public static final String LAUNCHER_FILE = "launcher.sh";
    public static final String KEY_FILE = "session.key";
    public static final String SECRET_FILE = "session.secret";
    static final String CLASSPATH_FOLDER = "classpath";
    static final String CLASS_DATA_FOLDER = "cds";
    static final int CHUNKS_PER_SHARD = 1000;

    final Path path;
    final String sessionId;

    SessionLayout(Path path, String sessionId) {
        this.path = path;
        this.sessionId = sessionId;
    }

    public Path path() {
        return path;
    }

    public String sessionId() {
        return sessionId;
    }

    /** What the name of every queue-job of this session starts with (a pattern for the accounting). */
    public String jobNamePrefix() {
        return sessionId + "#";
    }

    /** The queue-job name of a chunk: only characters every queue accepts in a job name. */
    public String jobName(int ichunk) {
        return sessionId + "#" + chunkName(ichunk);
    }

    public Path keyFile() {
        return path.resolve(KEY_FILE);
    }

    public Path functionFile() {
        return path.resolve(FUNCTION_FILE);
    }

    /**
     * A pre-flight check's outcome, written by its JVM once it ends the check (see {@code worker.PreflightMain}):
     * how many tasks ran and how long they took, or which task failed and how.
     */
    public Path preflightOutcome() {
        return path.resolve("preflight.outcome");
    }

    /** The index of the task a pre-flight JVM is running, written before each: who to blame when the JVM dies. */
    public Path preflightProgress() {
        return path.resolve("preflight.progress");
    }

    public Path argsFile() {
        return path.resolve(ARGS_FILE);
    }

    public Path launcher() {
        return path.resolve(LAUNCHER_FILE);
    }

    public Path tasksFile(int ichunk) {
        return shard(ichunk).resolve(chunkName(ichunk) + ".tasks");
    }

    public Path resultFile(int ichunk) {
        return shard(ichunk).resolve(chunkName(ichunk) + ".result");
    }

    /**
     * The chunk's outcomes saved by its worker as each task finishes (see {@code codec.PartialFile}), so a later
     * attempt runs only the missing tasks; removed once the result is there.
     */
    public Path partialFile(int ichunk) {
        return shard(ichunk).resolve(chunkName(ichunk) + ".partial");
    }

    /**
     * Written by a worker before the chunk's result when any of its tasks failed: the count on the first line, then
     * the first failure ({@code itask N: class: message}), so the process node learns of failures as chunks end
     * without decoding results, and a rerun knows which chunks to run again.
     */
    public Path failedFile(int ichunk) {
        return shard(ichunk).resolve(chunkName(ichunk) + ".failed");
    }

    /** Written by a worker JVM that stops before its chunk is complete: which task it was in, and why. */
    public Path exitFile(int ichunk) {
        return shard(ichunk).resolve(chunkName(ichunk) + ".exit");
    }

    /**
     * Jobs mode: the heartbeat of the worker that runs the chunk, {@code host pid count}, rewritten at a steady rate
     * while it runs (see {@code worker.Heartbeat}); the monitor takes a worker whose heartbeat it sees unchanged for
     * longer than {@code heartbeatTimeout} as lost.
     */
    public Path chunkHeartbeat(int ichunk) {
        return shard(ichunk).resolve(chunkName(ichunk) + ".beat");
    }

    /** Pull mode: worker {@code worker}'s heartbeat, as {@link #chunkHeartbeat} is a chunk's in jobs mode. */
    public Path workerHeartbeat(int worker) {
        return workersFolder().resolve(digits(worker, 6) + ".beat");
    }

    public Path stdoutFile(int ichunk) {
        return shard(ichunk).resolve(chunkName(ichunk) + ".stdout");
    }

    public Path stderrFile(int ichunk) {
        return shard(ichunk).resolve(chunkName(ichunk) + ".stderr");
    }

    /** In a training folder: the archive the training run writes, renamed into place once a JVM maps it. */
    public Path trainedArchive() {
        return path.resolve("trained.jsa");
    }

    /** In a training folder: what the training and check runs print. */
    public Path trainingLog() {
        return path.resolve("training.log");
    }

    /** The queue-job name of pull worker {@code k} submitted on its own ({@code #claim-}, its first name). */
    public String workerJobName(int worker) {
        return sessionId + "#claim-" + digits(worker, 6);
    }

    /** Pull mode: exists while a worker holds (or held) the chunk; its content is the worker's number. */
    public Path claimFile(int ichunk) {
        return shard(ichunk).resolve(chunkName(ichunk) + ".claim");
    }

    public Path workersFolder() {
        return path.resolve("claimers");
    }

    public Path workerTicket(int worker) {
        return workersFolder().resolve(digits(worker, 6) + ".ticket");
    }

    public Path workerStdout(int worker) {
        return workersFolder().resolve(digits(worker, 6) + ".stdout");
    }

    public Path workerStderr(int worker) {
        return workersFolder().resolve(digits(worker, 6) + ".stderr");
    }

    /** The name of an array job of pull-mode workers {@code first..last}. */
    public String workersJobName(int first, int last) {
        return sessionId + "#workers-" + digits(first, 6) + "-" + digits(last, 6);
    }

    /** The name of an array job running chunks {@code first..last}. */
    public String arrayJobName(int first, int last) {
        return sessionId + "#" + chunkName(first) + "-" + chunkName(last);
    }

    /** Where the queue writes what an array job prints before its script redirects per element. */
    public Path queueStdout() {
        return path.resolve("queue.stdout");
    }

    public Path queueStderr() {
        return path.resolve("queue.stderr");
    }

    /**
     * A POSIX sh word that expands to the path prefix of chunk {@code $var} ({@code ...000000007}; add
     * {@code .stdout} etc.), so the launcher of an array element finds its chunk's files by the same rule.
     */
    public String shellChunkPrefix(String var) {
        return "\"" + path.resolve("chunks").toString().replace("\\", "\\\\").replace("\"", "\\\"")
                .replace("$", "\\$").replace("`", "\\`")
                + "/$(printf %06d $((" + var + " / " + CHUNKS_PER_SHARD + ")))/$(printf %09d \"$" + var + "\")\"";
    }

    /**
     * Held by the live process that runs the session: {@code host pid start-millis count} of that process, rewritten
     * with the next count at a steady rate (see {@code session.Lease}); removed when the session ends or is stopped.
     */
    public Path leaseFile() {
        return path.resolve("lease");
    }

    /** The ids of every queue-job the session submitted, one a line, appended as they are submitted. */
    public Path jobsFile() {
        return path.resolve("jobs");
    }

    /** A POSIX sh word that expands to the path prefix of worker {@code $var}'s own output files (add .stdout). */
    public String shellWorkerPrefix(String var) {
        return "\"" + workersFolder().toString().replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$")
                .replace("`", "\\`") + "/$(printf %06d \"$" + var + "\")\"";
    }

    /**
     * {@code n} zero-padded to {@code width} digits. Not String.format: on a worker its first call loads the regex,
     * locale and formatter classes, several milliseconds of every worker's start.
     */
    static String digits(int n, int width) {
        String s = Integer.toString(n);
        return s.length() >= width ? s : "000000000".substring(0, width - s.length()) + s;
    }

    public static String chunkName(int ichunk) {
        return digits(ichunk, 9);
    }

    Path shard(int ichunk) {
        return path.resolve("chunks").resolve(digits(ichunk / CHUNKS_PER_SHARD, 6));
    }

    /** The session folder that holds {@code file}: a task, result or function file, or its temporary sibling. */
    public static Path folderOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        Path grand = parent.getParent();
        return grand != null && grand.getFileName() != null && grand.getFileName().toString().equals("chunks")
                ? grand.getParent() : parent;
    }

    /** The session's secret keys (see {@link Secrets}). */
    public Path secretFile() {
        return path.resolve(SECRET_FILE);
    }

    /** A detached map's hand-over to its monitor: the queue, the engine settings, the layout (sealed). */
    public Path monitorFile() {
        return path.resolve("monitor.bin");
    }

    /** The script that starts a detached map's monitor, as a process of its own or as a queue-job. */
    public Path monitorScript() {
        return path.resolve("monitor.sh");
    }

    /** What a detached map's monitor prints: the session's progress, notices and end. */
    public Path monitorLog() {
        return path.resolve("monitor.log");
    }

    /** The queue-job id of a detached map's monitor submitted as a queue-job. */
    public Path monitorJobFile() {
        return path.resolve("monitor.job");
    }

    /** Written by a detached map's monitor once every chunk is resolved: the chunks that failed, and why (sealed). */
    public Path monitorEndFile() {
        return path.resolve("monitor.end");
    }

    /** The queue-job name of a detached map's monitor: not under {@code SESSION#}, which names the map's own jobs. */
    public String monitorJobName() {
        return sessionId + "-monitor";
    }

    /** The folder of the chunks' shard folders. */
    public Path chunksFolder() {
        return path.resolve("chunks");
    }
}
