package io.github.qmr.maven;

import java.util.ArrayList;
import java.util.List;

/** A build log that keeps the lines a test looks at, each behind its level's prefix; debug lines are dropped. */
final class LinesLog implements BuildLog {
    final List<String> lines = new ArrayList<>();
    private final String info;
    private final String warn;
    private final String error;

    LinesLog(String info, String warn, String error) {
        this.info = info;
        this.warn = warn;
        this.error = error;
    }

    /** The lines as they are, whatever their level. */
    static LinesLog bare() {
        return new LinesLog("", "", "");
    }

    /** Each line behind its level, as Maven shows it: "INFO ...", "WARN ...", "ERROR ...". */
    static LinesLog levelled() {
        return new LinesLog("INFO ", "WARN ", "ERROR ");
    }

    @Override
    public void debug(String line) {}

    @Override
    public void info(String line) {
        lines.add(info + line);
    }

    @Override
    public void warn(String line) {
        lines.add(warn + line);
    }

    @Override
    public void error(String line) {
        lines.add(error + line);
    }
}
