package io.github.qmr.runtime.queue.sge;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Grid Engine's {@code qacct -j}, read into {@link QacctRecord}s; pure, tested on captured output. */
public final class Qacct {
    private static final Pattern QACCT_LINE = Pattern.compile("^([a-z_]+)\\s+(.*)$");
    private static final Pattern LEADING_INT = Pattern.compile("^-?[0-9]+");

    /** The records of {@code qacct -j}, oldest first (a rescheduled job or an array job has several). */
    public static List<QacctRecord> parse(String qacct) {
        List<QacctRecord> records = new ArrayList<>();
        String[] fields = null;
        for (String raw : qacct.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("=====")) {
                addRecord(records, fields);
                fields = new String[] {"", "", "", null, "", "", "", ""};
                continue;
            }
            Matcher m = QACCT_LINE.matcher(line);
            if (fields == null || !m.matches()) {
                continue;
            }
            String value = m.group(2).strip();
            switch (m.group(1)) {
                case "jobnumber" -> fields[0] = value;
                case "taskid" -> fields[1] = value;
                case "failed" -> fields[2] = value;
                case "exit_status" -> fields[3] = value;
                case "ru_wallclock" -> fields[4] = value;
                case "maxvmem" -> fields[5] = value;
                case "cpu" -> fields[6] = value;
                case "hostname" -> fields[7] = value;
                default -> { } // other times and usage: not part of why a job ended
            }
        }
        addRecord(records, fields);
        return records;
    }

    private static void addRecord(List<QacctRecord> records, String[] fields) {
        if (fields == null || fields[0].isEmpty()) {
            return;
        }
        Integer exit = null;
        if (fields[3] != null) {
            Matcher m = LEADING_INT.matcher(fields[3]);
            exit = m.find() ? Integer.valueOf(m.group()) : null;
        }
        records.add(new QacctRecord(fields[0], fields[1], fields[2], exit, fields[4], fields[5], fields[6],
                fields[7]));
    }

    private Qacct() {}
}
