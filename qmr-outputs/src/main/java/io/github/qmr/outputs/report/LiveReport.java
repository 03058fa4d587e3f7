package io.github.qmr.outputs.report;

import io.github.qmr.outputs.OutputFiles;
import io.github.qmr.outputs.RunFacts;
import io.github.qmr.outputs.RunFactsCollector;
import io.github.qmr.outputs.TaskRow;
import io.github.qmr.runtime.MapEvent;
import io.github.qmr.runtime.MapListener;
import io.github.qmr.runtime.TaskResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code report.html} of a map while it runs, rewritten every so often from the results so far: the plots of the
 * tasks done, the failures so far with their parameters, the timeline of the chunks done, and a banner ({@code
 * running: 12 of 40 tasks done, as of ...}); the browser reloads it. The final report (written by {@link
 * OutputFiles#write} when the map ends) replaces it and has neither banner nor reload.
 *
 * <p>It is the map's listener (put it in front of the map's {@link RunFactsCollector}, to which it passes every
 * event) and is given each result as the map's results are read, in task order:
 *
 * <pre>{@code
 * RunFactsCollector facts = new RunFactsCollector(MapListener.printingTo(System.out));
 * try (LiveReport live = new LiveReport(dir.resolve(HtmlReport.FILE),
 *         LiveReport.frame("sweep", Model.class.getName(), "sge", null, Instant.now(), tasks.size()), null, facts,
 *         Duration.ofSeconds(30));
 *         Pool pool = Pool.builder().queue(queue).listener(live).build();
 *         ResultStream<Double> results = pool.stream(Model.class, tasks)) {
 *     while (results.hasNext()) {
 *         TaskResult<Double> r = results.next();
 *         live.add(tasks.get((int) r.itask()), r);
 *         // ... keep r (e.g. in a ResultsFile for OutputFiles.write)
 *     }
 *     live.complete();
 * }
 * }</pre>
 *
 * <p>The page is first written at the map's first progress (its session made) and then every {@code every}, on a
 * thread of its own; never more often than {@link Running#pause} allows after a slow write, so the time spent on it
 * stays under 5 % of the map's whatever its size. What it shows is gathered as the results come, as the final
 * report's one pass does, so a write costs the rendering of a page bounded by the report's own limits, not a pass over
 * the results. The map's thread only hands each result over: that thread of its own turns them into rows, before each
 * write and whenever half of {@value #PENDING} wait; only when {@value #PENDING} wait (it is behind) does the map's
 * thread take them itself, waiting for a write under way, so they never pile up. A write that fails is said once (a warning to the
 * listener) and the map goes on. Closed before {@link #complete()} (the map failed or was stopped), it writes the page
 * a last time saying the map stopped, without reload.
 */
public final class LiveReport implements MapListener, AutoCloseable {
    /** The most results handed over and not yet rows. */
    static final int PENDING = 10_000;

    private final Path file;
    private final RunFacts frame;
    private final List<String> replicates;
    private final RunFactsCollector collector;
    private final Duration every;
    /** Guards the rows gathered ({@link #data}, {@link #values}, {@link #rows}) and the page rendered from them. */
    private final Object rowsLock = new Object();
    /** The result components seen so far: they grow as results come (the final report knows all up front). */
    private final List<String> values = new ArrayList<>();
    private ReportData data;
    private long rows;
    /** Results handed over, in task order, not yet rows; guarded by this, as the rest below. */
    private List<Pending> pending = new ArrayList<>();
    private MapEvent.Progress progress;
    /** The frame with the session's chunking, for the chunk of each result: from the first progress. */
    private RunFacts chunking;
    private Duration reload;
    private Thread thread;
    private boolean complete;
    private boolean closed;
    private boolean written;
    private boolean warned;

    /**
     * @param file where the page goes ({@code <output folder>/report.html})
     * @param frame the run's facts known before it starts ({@link #frame}): execution, function, queue, mode, start,
     *     the number of tasks, and the tasks that take a kept result ({@link RunFacts#kept()}), if any
     * @param replicates the parameters declared replicates ({@link Replicates#parse}); null to take them by name
     * @param collector the map's collector of run facts (resubmissions, jobs): the next listener, given every event
     * @param every the time between two writes
     */
    public LiveReport(Path file, RunFacts frame, List<String> replicates, RunFactsCollector collector,
            Duration every) {
        this.file = file;
        this.frame = frame;
        this.replicates = replicates;
        this.collector = collector;
        this.every = every;
        this.reload = every;
    }

    /** The facts of a run known before it starts; the rest (session, chunks, jobs) come as it runs. */
    public static RunFacts frame(String execution, String function, String queue, String mode, Instant started,
            long tasks) {
        return new RunFacts(execution, null, function, queue, mode, started, null, tasks, 0, 0, null, null);
    }

    @Override
    public synchronized void onEvent(MapEvent event) {
        if (event instanceof MapEvent.Progress p) {
            progress = p;
            if (chunking == null) {
                chunking = facts(Instant.now());
            }
            if (thread == null && !closed) {
                thread = new Thread(this::loop, "qmr-live-report");
                thread.setDaemon(true); // never keeps a JVM alive; the final report needs no thread
                thread.start();
            }
        }
        collector.onEvent(event);
    }

    /** A result handed over, with its chunk and that chunk's attempt as the map knew them then. */
    private record Pending(Object task, TaskResult<?> result, int ichunk, int attempt) {}

    /** The next result as the map reads it (task order), with its task. */
    public void add(Object task, TaskResult<?> result) {
        boolean full;
        synchronized (this) {
            int ichunk = OutputFiles.ichunk(result, chunking != null ? chunking : frame);
            pending.add(new Pending(task, result, ichunk, collector.attempt(ichunk)));
            if (pending.size() == PENDING / 2) {
                notifyAll(); // the writer's thread takes them
            }
            full = pending.size() >= PENDING;
        }
        if (full) {
            synchronized (rowsLock) {
                take();
            }
        }
    }

    /** Turns the results handed over into rows, in their order; holds {@link #rowsLock}. */
    private void take() {
        List<Pending> taken;
        RunFacts f;
        synchronized (this) {
            taken = pending;
            pending = new ArrayList<>();
            f = chunking != null ? chunking : frame;
        }
        for (Pending p : taken) {
            TaskRow row = TaskRow.of(p.task(), p.result(), p.ichunk(), p.attempt());
            if (data == null) {
                data = new ReportData(f, List.copyOf(row.params().keySet()), values, replicates);
            }
            for (String v : row.values().keySet()) {
                if (!values.contains(v)) {
                    values.add(v);
                }
            }
            data.add(row);
            rows++;
        }
    }

    /** Every result was read: closing writes nothing, the final report follows. */
    public synchronized void complete() {
        complete = true;
    }

    /**
     * Stops the writes, waiting for one under way; if the map did not complete and a page was written, writes it a
     * last time saying the map stopped.
     */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            notifyAll();
            t = thread;
        }
        if (t != null) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the caller is being stopped: the last page is not waited for
                return;
            }
        }
        synchronized (this) {
            if (complete || !written) {
                return;
            }
        }
        write(page(Instant.now(), null));
    }

    /**
     * Writes the page at once, then after each {@link Running#pause}, until closed; meanwhile turns the results handed
     * over into rows whenever half of {@value #PENDING} wait.
     */
    private void loop() {
        long due = System.nanoTime();
        while (true) {
            boolean write;
            Duration shown;
            synchronized (this) {
                for (long left; !closed && pending.size() < PENDING / 2 && (left = due - System.nanoTime()) > 0; ) {
                    try {
                        wait(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                write = due - System.nanoTime() <= 0;
                shown = reload;
            }
            if (!write) {
                synchronized (rowsLock) {
                    take();
                }
                continue;
            }
            long start = System.nanoTime();
            String html;
            try {
                html = page(Instant.now(), shown);
            } catch (RuntimeException e) {
                warn(e);
                html = null;
            }
            boolean ok = html != null && write(html);
            Duration pause = Running.pause(every, Duration.ofNanos(System.nanoTime() - start));
            due = System.nanoTime() + pause.toNanos();
            synchronized (this) {
                written |= ok;
                reload = pause;
            }
        }
    }

    /**
     * The page as of {@code at}.
     *
     * @param reload how often the browser reloads it; null: the map stopped
     */
    String page(Instant at, Duration reload) {
        synchronized (rowsLock) {
            take();
            RunFacts f;
            long tasksDone;
            synchronized (this) {
                f = facts(at);
                tasksDone = progress == null ? 0 : progress.tasksDone();
            }
            ReportData d = data != null ? data : new ReportData(f, List.of(), List.of());
            d.facts = f;
            long done = Math.max(rows, frame.keptTasks() + tasksDone);
            return new HtmlReport(d, new Running(done, rows, frame.tasks(), at, reload)).render();
        }
    }

    /** What the page shows, gathered so far; null before the first result. */
    ReportData data() {
        synchronized (rowsLock) {
            take();
            return data;
        }
    }

    /**
     * The run's facts as of {@code at}: the frame, the session's chunking, the resubmissions and jobs so far; holds
     * this.
     */
    private RunFacts facts(Instant at) {
        MapEvent.Progress p = progress;
        int chunks = p == null ? 0 : p.chunks();
        long chunkSize = chunks == 0 ? 0 : (p.tasks() + chunks - 1) / chunks;
        RunFacts f = collector.facts(frame.execution(), p == null ? null : p.sessionId(), frame.function(),
                frame.queue(), frame.mode(), frame.started(), at, frame.tasks(), chunks, chunkSize);
        return frame.kept() == null ? f : f.withKept(frame.kept());
    }

    /** Replaces the page; a failure is said once, as a warning, and the map goes on. */
    private boolean write(String html) {
        try {
            HtmlReport.write(html, file);
            return true;
        } catch (IOException | RuntimeException e) {
            warn(e);
            return false;
        }
    }

    private synchronized void warn(Exception e) {
        if (!warned) {
            warned = true;
            collector.onEvent(new MapEvent.Notice(true, "cannot write " + file + " while the map runs (" + e
                    + "); the map goes on and writes its report when it ends"));
        }
    }
}
