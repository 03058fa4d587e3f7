package io.github.qmr.maven.output;

import io.github.qmr.runtime.ChunkFailure;
import io.github.qmr.runtime.TaskFailure;
import io.github.qmr.runtime.TaskResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A JUnit-style XML report with one test case per task, so a CI server shows failed tasks as it shows failed tests:
 * a task that threw is a {@code <failure>} with its stack trace, a task whose chunk produced no results an
 * {@code <error>} with the chunk's reason and the end of its stderr.
 */
public final class JUnitReport implements AutoCloseable {
    private final Path file;
    private final Path body;
    private final Writer out;
    private final String suite;
    private final String className;
    private final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private long tests;
    private long failures;
    private long errors;
    private long nanos;

    /**
     * @param suite the suite's name, e.g. {@code qmr.sweep}
     * @param className shown as the test class of each case: the function
     */
    public JUnitReport(Path file, String suite, String className) throws IOException {
        this.file = file;
        // cases go to a side file first: the suite's counts, which come first in the XML, are known only at the end
        this.body = file.resolveSibling(file.getFileName() + ".cases");
        this.out = Files.newBufferedWriter(body, StandardCharsets.UTF_8);
        this.suite = suite;
        this.className = className;
    }

    public void add(Object task, TaskResult<?> r) throws IOException {
        tests++;
        nanos += r.nanos();
        String name = "[" + r.itask() + "] " + Text.of(task);
        out.write("  <testcase name=\"" + Text.xml(name) + "\" classname=\"" + Text.xml(className) + "\" time=\""
                + Text.seconds(r.nanos()) + "\"");
        TaskFailure f = r.failure();
        ChunkFailure c = r.chunkFailure();
        if (f != null) {
            failures++;
            out.write(">\n    <failure type=\"" + Text.xml(f.exceptionClass()) + "\" message=\""
                    + Text.xml(f.message() == null ? "" : f.message()) + "\">" + Text.xml(f.stackTrace())
                    + "</failure>\n  </testcase>\n");
        } else if (c != null) {
            errors++;
            out.write(">\n    <error type=\"chunk-failed\" message=\"" + Text.xml(c.summary()) + "\">"
                    + Text.xml(c.summary() + "\n" + c.stderrTail()) + "</error>\n  </testcase>\n");
        } else {
            out.write("/>\n");
        }
    }

    /** Writes the report with its counts; the cases' side file is removed. */
    public void finish() throws IOException {
        out.close();
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream xml = Files.newOutputStream(temp)) {
            xml.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"" + Text.xml(suite)
                    + "\" tests=\"" + tests + "\" failures=\"" + failures + "\" errors=\"" + errors
                    + "\" skipped=\"0\" time=\"" + Text.seconds(nanos) + "\" timestamp=\"" + start + "\">\n")
                    .getBytes(StandardCharsets.UTF_8));
            Files.copy(body, xml);
            xml.write("</testsuite>\n".getBytes(StandardCharsets.UTF_8));
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(body);
    }

    @Override
    public void close() throws IOException {
        out.close();
        Files.deleteIfExists(body);
    }
}
