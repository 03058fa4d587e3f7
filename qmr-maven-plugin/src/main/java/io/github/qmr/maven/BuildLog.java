package io.github.qmr.maven;

import org.apache.maven.plugin.logging.Log;

/** Where the plugin's own lines go: Maven's log in a build, a list in a test. */
public interface BuildLog {
    void debug(String line);

    void info(String line);

    void warn(String line);

    void error(String line);

    /** Maven's log of a mojo, level for level. */
    static BuildLog of(Log log) {
        return new BuildLog() {
            @Override
            public void debug(String line) {
                log.debug(line);
            }

            @Override
            public void info(String line) {
                log.info(line);
            }

            @Override
            public void warn(String line) {
                log.warn(line);
            }

            @Override
            public void error(String line) {
                log.error(line);
            }
        };
    }
}
