package io.github.qmr.runtime;

import io.github.qmr.runtime.session.DetachedMap;
import io.github.qmr.runtime.session.SessionException;
import java.nio.file.Path;
import java.util.List;

/**
 * A map submitted to run without this JVM ({@link Pool#submit}), or found again by its session id
 * ({@link Pool#attach}): its monitor runs elsewhere ({@link MonitorHost}); this handle watches it, waits for its
 * results and cancels it. Any number of JVMs may hold one; the results are read by one of them.
 *
 * <pre>{@code
 * String id = pool.submit(Simulate.class, tasks).sessionId();          // and this JVM may end
 * ...
 * List<Double> out = Pool.attach(workDir, id).await();                   // later, anywhere that sees the work dir
 * }</pre>
 */
public final class SubmittedMap<R> {
    private final DetachedMap map;
    private final MapListener listener;
    private final ClassLoader loader;

    SubmittedMap(DetachedMap map, MapListener listener, ClassLoader loader) {
        this.map = map;
        this.listener = listener;
        this.loader = loader;
    }

    /** The session's id, e.g. {@code qmr-20261207T083615Z-ad91}: what {@link Pool#attach} takes. */
    public String sessionId() {
        return map.sessionId();
    }

    /** The session folder in the work dir. */
    public Path folder() {
        return map.folder();
    }

    /** The monitor's log in the session folder: progress, notices, and why it stopped if it did. */
    public Path monitorLog() {
        return map.log();
    }

    /** The queue-job id of a monitor run as a queue-job ({@link MonitorHost#JOB}); null for a process. */
    public String monitorJob() {
        return map.monitorJob();
    }

    /**
     * Where the map stands, read from the work dir alone (no queue call): chunks done, failed, being run, waiting,
     * who runs it, the failures so far; see {@link SessionStatus}.
     *
     * @throws QmrException when the session folder is gone (its results were collected)
     */
    public SessionStatus status() {
        return SessionStatus.in(map.folder().getParent()).stream().filter(s -> s.sessionId().equals(sessionId()))
                .findFirst().orElseThrow(() -> new QmrException("session " + sessionId() + " is no longer in "
                        + map.folder().getParent() + ": its results were collected"));
    }

    /**
     * Waits for the map's end and returns its results in task order, as {@link Pool#map} does; throws
     * {@link MapException} if any task failed, which still gives the other results. If the monitor is gone without
     * an end (killed, its host lost), this JVM takes the session over and runs it to its end, adopting the queue-jobs
     * left behind as a rerun does: no task runs twice. The session folder is removed once every result was read,
     * unless it is to be kept or a task failed.
     *
     * @throws QmrException when the queue or the work dir fails
     */
    public List<R> await() {
        ResultStream<R> results;
        try {
            results = new ResultStream<>(map.awaitEnd(PoolSetup.events(sessionId(), listener)), map.keepWorkDir(),
                    loader);
        } catch (SessionException e) {
            throw new QmrException(e.getMessage(), e);
        }
        return ResultStream.collect(results);
    }

    /**
     * Stops the map: its monitor first, then every queue-job of the session still there (only its own). The folder is
     * kept, so attaching again or running the same map resumes it. Returns what was done, in words.
     *
     * @throws QmrException when the monitor could not be stopped from here (e.g. a process on another host)
     */
    public String cancel() {
        try {
            return map.cancel();
        } catch (SessionException e) {
            throw new QmrException(e.getMessage(), e);
        }
    }
}
