package io.github.qmr.runtime.codec;

/** What a qmr record file holds; stored in its header so a file is never read as something else. */
public enum FileKind {
    TASKS('T', true),
    RESULTS('R', true),
    FUNCTION('F', true),
    /** A map's tasks with their results, as a host keeps them after the map (see ResultsFile). */
    OUTPUT('O', false),
    /** One value kept after a map, e.g. a reducer's result (see ReducedFile). */
    VALUE('V', false),
    /** A detached map's hand-over to its monitor, and the monitor's end (see session.DetachedMonitor). */
    MONITOR('M', true);

    final byte code;
    /** A file of a session folder: sealed with the session's secret (see Seal), and refused without a valid seal. */
    final boolean sealed;

    FileKind(char code, boolean sealed) {
        this.code = (byte) code;
        this.sealed = sealed;
    }
}
