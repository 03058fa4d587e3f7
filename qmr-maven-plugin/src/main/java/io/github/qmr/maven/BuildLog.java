package io.github.qmr.maven;

/** Where the plugin's own lines go: Maven's log in a build, a list in a test. */
public interface BuildLog {
    void debug(String line);

    void info(String line);

    void warn(String line);

    void error(String line);
}
