package io.github.qmr.runtime.codec;

/** What a qmr record file holds; stored in its header so a file is never read as something else. */
public enum FileKind {
    TASKS('T'),
    RESULTS('R'),
    FUNCTION('F'),
    /** A map's tasks with their results, as a host keeps them after the map (see ResultsFile). */
    OUTPUT('O'),
    /** One value kept after a map, e.g. a reducer's result (see ReducedFile). */
    VALUE('V');

    final byte code;

    FileKind(char code) {
        this.code = (byte) code;
    }
}
