package io.github.qmr.outputs;

import io.github.qmr.runtime.policy.FailurePolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A JUnit XML report, so a CI server shows failed tasks as it shows failed tests: a task that threw is a
 * {@code <failure>} with its stack trace, a task whose chunk gave no results an {@code <error>}, a task never run
 * because the map stopped early {@code <skipped>} with the reason (it did not fail: counting it as an error would hide
 * the one real failure among many), and a task that passed only after its chunk was resubmitted a pass with a
 * {@code <flakyFailure>}, as Surefire marks a test that passed on a rerun (Jenkins shows it as flaky), with its
 * attempt, job, host, queue wait and run time as {@code <properties>}.
 *
 * <p>{@link Mode#AUTO} writes one test case per task up to {@value #CAP} tasks, else one per chunk up to {@value #CAP}
 * chunks, else one per failed task (up to {@value #CAP}) and one case for all that passed: a CI server chokes on
 * millions of cases, and {@code results.csv} has every task anyway.
 */
public final class JUnitReport implements AutoCloseable {
    public static final int CAP = 10_000;

    /** The {@code <junitReport>} setting. */
    public enum Mode {
        AUTO, TASKS, CHUNKS, OFF;

        public static Mode parse(String s) {
            return Mode.valueOf(s.strip().toUpperCase(Locale.ROOT));
        }
    }

    /** How the cases are cut, once the counts are known. */
    enum Grain { TASK, CHUNK, FAILED_ONLY }

    private final Path file;
    private final Path body;
    private final Writer bodyOut;
    private final XMLStreamWriter xml;
    private final String suite;
    private final String className;
    private final RunFacts facts;
    private final Grain grain;
    private final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private long tests;
    private long failures;
    private long errors;
    private long skipped;
    private long flaky;
    private double seconds;
    private long listedFailures;
    private long passedUnlisted;
    private long notRunUnlisted;
    private String notRunReason;
    // the chunk being gathered (chunk grain) and its first task's start (every grain: the queue wait)
    private int chunk = -1;
    private Instant chunkStart;
    private long chunkTasks;
    private long chunkFailed;
    private long chunkNotRun;
    private double chunkSeconds;
    private TaskRow chunkFirstFailure;
    private TaskRow chunkLast;

    /**
     * @param mode {@link Mode#AUTO}, {@link Mode#TASKS} or {@link Mode#CHUNKS} ({@link Mode#OFF}: do not create one)
     * @param suite the suite's name, e.g. {@code qmr.sweep}
     * @param className shown as the test class of each case: the function
     */
    public JUnitReport(Path file, Mode mode, String suite, String className, RunFacts facts) throws IOException {
        this.file = file;
        this.suite = suite;
        this.className = className == null ? "qmr" : className;
        this.facts = facts;
        this.grain = switch (mode) {
            case TASKS -> Grain.TASK;
            case CHUNKS -> Grain.CHUNK;
            default -> facts.tasks() <= CAP ? Grain.TASK : facts.chunks() <= CAP ? Grain.CHUNK : Grain.FAILED_ONLY;
        };
        // cases go to a side file first: the suite's counts, which come first in the XML, are known only at the end
        this.body = file.resolveSibling(file.getFileName() + ".cases");
        this.bodyOut = Files.newBufferedWriter(body, StandardCharsets.UTF_8);
        try {
            this.xml = XMLOutputFactory.newFactory().createXMLStreamWriter(bodyOut);
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
    }

    public void add(TaskRow row) throws IOException {
        try {
            if (row.ichunk() != chunk) {
                flushChunk();
                chunk = row.ichunk();
                chunkStart = row.run() == null ? null : row.run().start();
                chunkTasks = 0;
                chunkFailed = 0;
                chunkNotRun = 0;
                chunkSeconds = 0;
                chunkFirstFailure = null;
            }
            chunkTasks++;
            chunkSeconds += row.seconds();
            chunkLast = row;
            if (row.notRun()) {
                chunkNotRun++;
                notRunReason = row.error();
            } else if (!row.ok()) {
                chunkFailed++;
                if (chunkFirstFailure == null) {
                    chunkFirstFailure = row;
                }
            }
            seconds += row.seconds();
            boolean failed = !row.ok() && !row.notRun();
            if (grain == Grain.TASK || grain == Grain.FAILED_ONLY && failed && listedFailures < CAP) {
                listedFailures += failed ? 1 : 0;
                taskCase(row);
            } else if (grain == Grain.FAILED_ONLY && row.notRun()) {
                notRunUnlisted++;
            } else if (grain == Grain.FAILED_ONLY) {
                passedUnlisted++;
            }
        } catch (XMLStreamException e) {
            throw new IOException("cannot write " + body + ": " + e.getMessage(), e);
        }
    }

    private void taskCase(TaskRow row) throws XMLStreamException {
        tests++;
        xml.writeStartElement("testcase");
        xml.writeAttribute("name", clean("[" + row.itask() + "] " + row.label()));
        xml.writeAttribute("classname", className);
        xml.writeAttribute("time", seconds(row.seconds()));
        if (row.notRun()) {
            skipped(row.error());
        } else {
            ending(row.attempt(), row, row.ok() ? null : row, 1, row.seconds());
        }
        xml.writeEndElement();
        xml.writeCharacters("\n");
    }

    private void flushChunk() throws XMLStreamException {
        if (grain != Grain.CHUNK || chunk < 0) {
            return;
        }
        tests++;
        long first = chunkLast.itask() - chunkTasks + 1;
        xml.writeStartElement("testcase");
        xml.writeAttribute("name", "chunk " + chunk + ": itasks " + first + ".." + chunkLast.itask());
        xml.writeAttribute("classname", className);
        xml.writeAttribute("time", seconds(chunkSeconds));
        if (chunkFirstFailure == null && chunkNotRun > 0) {
            skipped(chunkNotRun + " of " + FailurePolicy.tasks(chunkTasks) + " not run: " + notRunReason);
        } else {
            ending(chunkLast.attempt(), chunkLast, chunkFirstFailure, chunkFailed, chunkSeconds);
        }
        xml.writeEndElement();
        xml.writeCharacters("\n");
    }

    /** The failure, error or flaky mark of one case, with the run's facts. */
    private void ending(int attempt, TaskRow sample, TaskRow failed, long failedCount, double runSeconds)
            throws XMLStreamException {
        if (failed != null) {
            boolean error = failed.status().equals("chunk-failed");
            if (error) {
                errors++;
            } else {
                failures++;
            }
            xml.writeStartElement(error ? "error" : "failure");
            String prefix = grain == Grain.CHUNK ? failedCount + " of " + FailurePolicy.tasks(chunkTasks) + " failed; first: itask "
                    + failed.itask() + " (" + failed.label() + "): " : "";
            xml.writeAttribute("type", clean(failed.errorType()));
            String message = failed.error();
            if (message.startsWith(failed.errorType() + ": ")) {
                message = message.substring(failed.errorType().length() + 2); // the type has its own attribute
            }
            xml.writeAttribute("message", clean(prefix + message));
            xml.writeCharacters(failed.detail() == null ? "" : clean(failed.detail()));
            xml.writeEndElement();
            return;
        }
        if (attempt < 2) {
            return;
        }
        flaky++;
        xml.writeStartElement("properties");
        property("attempt", Integer.toString(attempt));
        property("job", sample.run() == null ? "" : String.valueOf(sample.run().jobId()));
        property("host", sample.run() == null ? "" : String.valueOf(sample.run().host()));
        property("queueWait", queueWait(sample));
        property("runTime", seconds(runSeconds));
        xml.writeEndElement();
        for (RunFacts.Resubmission r : facts.resubmissions().getOrDefault(sample.ichunk(), java.util.List.of())) {
            xml.writeStartElement("flakyFailure");
            xml.writeAttribute("type", "resubmitted");
            String message = "chunk " + sample.ichunk() + " attempt " + (r.attempt() - 1) + " (queue-job " + r.jobId()
                    + ") did not finish: " + r.reason() + "; attempt " + r.attempt() + " passed";
            xml.writeAttribute("message", clean(message));
            xml.writeStartElement("stackTrace");
            xml.writeCharacters(clean(message));
            xml.writeEndElement();
            xml.writeEndElement();
        }
    }

    /** A case that did not run: why, as Surefire writes a skipped test. */
    private void skipped(String reason) throws XMLStreamException {
        skipped++;
        xml.writeEmptyElement("skipped");
        xml.writeAttribute("message", clean(reason));
    }

    /** Seconds from the queue-job's submission to its chunk's first task, when both are known; else empty. */
    private String queueWait(TaskRow sample) {
        if (sample.run() == null || sample.run().jobId() == null || chunkStart == null) {
            return "";
        }
        RunFacts.Job job = facts.jobs().get(sample.run().jobId());
        if (job == null || job.submitted() == null) {
            return "";
        }
        return seconds(Duration.between(job.submitted(), chunkStart).toMillis() / 1e3);
    }

    private void property(String name, String value) throws XMLStreamException {
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", name);
        xml.writeAttribute("value", value);
    }

    /** Writes the report with its counts; the cases' side file is removed. */
    public void finish() throws IOException {
        try {
            flushChunk();
            if (grain == Grain.FAILED_ONLY && passedUnlisted > 0) {
                tests++;
                xml.writeEmptyElement("testcase");
                xml.writeAttribute("name", passedUnlisted + " other tasks passed (one case per task or chunk is"
                        + " written up to " + CAP + "; results.csv lists every task)");
                xml.writeAttribute("classname", className);
                xml.writeAttribute("time", seconds(0));
                xml.writeCharacters("\n");
            }
            if (grain == Grain.FAILED_ONLY && notRunUnlisted > 0) {
                tests++;
                xml.writeStartElement("testcase");
                xml.writeAttribute("name", FailurePolicy.tasks(notRunUnlisted) + " not run");
                xml.writeAttribute("classname", className);
                xml.writeAttribute("time", seconds(0));
                skipped(notRunReason);
                xml.writeEndElement();
                xml.writeCharacters("\n");
            }
            xml.flush();
            xml.close();
            bodyOut.close();
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(temp)) {
                Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
                XMLStreamWriter head = XMLOutputFactory.newFactory().createXMLStreamWriter(w);
                head.writeStartDocument("UTF-8", "1.0");
                head.writeCharacters("\n");
                head.writeStartElement("testsuite");
                head.writeAttribute("name", suite);
                head.writeAttribute("tests", Long.toString(tests));
                head.writeAttribute("failures", Long.toString(failures));
                head.writeAttribute("errors", Long.toString(errors));
                head.writeAttribute("skipped", Long.toString(skipped));
                head.writeAttribute("flakes", Long.toString(flaky));
                head.writeAttribute("time", seconds(seconds));
                head.writeAttribute("timestamp", start.toString());
                head.writeCharacters("\n");
                head.flush();
                w.flush();
                Files.copy(body, out);
                out.write("</testsuite>\n".getBytes(StandardCharsets.UTF_8));
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(body);
        } catch (XMLStreamException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** XML 1.0 cannot hold most control characters at all, escaped or not. */
    private static String clean(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().filter(c -> c == '\n' || c == '\r' || c == '\t' || c >= 0x20 && c != 0xFFFE && c != 0xFFFF)
                .forEach(out::appendCodePoint);
        return out.toString();
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }

    @Override
    public void close() throws IOException {
        bodyOut.close();
        Files.deleteIfExists(body);
    }
}
