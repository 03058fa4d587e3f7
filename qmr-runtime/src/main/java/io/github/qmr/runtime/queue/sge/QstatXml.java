package io.github.qmr.runtime.queue.sge;

import io.github.qmr.runtime.queue.QueueException;
import io.github.qmr.runtime.queue.TaskRange;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** Grid Engine's {@code qstat -xml}, read into {@link QstatEntry}s; pure, tested on captured output. */
public final class QstatXml {
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    /**
     * Reads {@code qstat -xml}: running jobs ({@code queue_info}) and pending, held and error jobs ({@code
     * job_info}) alike, in document order. Blank output counts as no jobs.
     *
     * @throws QueueException if the output is not well-formed or an entry has no job number
     */
    public static List<QstatEntry> parse(String xml) {
        List<QstatEntry> entries = new ArrayList<>();
        if (xml.isBlank()) {
            return entries;
        }
        XMLStreamReader reader = null;
        try {
            reader = secureXmlFactory().createXMLStreamReader(new StringReader(xml));
            String number = null;
            String name = "";
            String owner = "";
            String state = "";
            String tasks = "";
            String queue = "";
            boolean inJob = false;
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String element = reader.getLocalName();
                    if (element.equals("job_list")) {
                        inJob = true;
                        number = null;
                        name = owner = state = tasks = queue = "";
                    } else if (inJob) {
                        switch (element) {
                            case "JB_job_number" -> number = reader.getElementText().strip();
                            case "JB_name" -> name = reader.getElementText().strip().replace("%lt;", "<");
                            case "JB_owner" -> owner = reader.getElementText().strip();
                            case "state" -> state = reader.getElementText().strip();
                            case "tasks" -> tasks = reader.getElementText().strip();
                            case "queue_name" -> queue = reader.getElementText().strip();
                            default -> { } // priority, times, slots: not needed to track a job
                        }
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT && reader.getLocalName().equals("job_list")) {
                    inJob = false;
                    if (number == null || !DIGITS.matcher(number).matches()) {
                        throw new QueueException("qstat -xml listed a job without a job number (JB_job_number '"
                                + number + "', name '" + name + "'); is this Grid Engine's qstat?");
                    }
                    entries.add(new QstatEntry(number, name, owner, state, parseTasks(tasks, number), queue));
                }
            }
        } catch (XMLStreamException e) {
            throw new QueueException("cannot read the output of qstat -xml: " + e.getMessage()
                    + "; it starts with: " + xml.strip().lines().limit(3).toList(), e);
        } finally {
            closeQuietly(reader);
        }
        return entries;
    }

    /** Reads qstat's task list: {@code 1}, {@code 2-4:1}, {@code 5,7}, {@code 1,3-5:1}; "" for no array. */
    public static List<TaskRange> parseTasks(String tasks, String jobNumber) {
        try {
            return TaskRange.parseList(tasks);
        } catch (IllegalArgumentException e) {
            throw new QueueException("qstat -xml listed job " + jobNumber + " with tasks '" + tasks
                    + "', not a list like 1,3-5:1 (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The JDK's own StAX factory (not whatever a classpath supplies), never reading a DTD or an external entity:
     * qstat output is data, not a document to trust. A new one per parse, as factories are not thread-safe.
     */
    private static XMLInputFactory secureXmlFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return factory;
    }

    private static void closeQuietly(XMLStreamReader reader) {
        if (reader == null) {
            return;
        }
        try {
            reader.close();
        } catch (XMLStreamException e) {
            // closing a reader over a String frees nothing that matters
        }
    }

    private QstatXml() {}
}
